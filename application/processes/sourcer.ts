import type { Order } from '../../domain/order/index.js';

/**
 * The sourcing port of the fulfilment process: where could these units come from? It proposes,
 * the process disposes — every proposal is checked by reserving on the inventory position itself
 * (the proposal may rest on a lagging read model), and a node that cannot cover its share is
 * excluded on the next round.
 */
export type SourcingNeed = Readonly<{ lineId: string; sku: string; quantity: number; weightGrams: number }>;
export type SourcingProposal = Readonly<{ lineId: string; node: string; quantity: number }>;

export type SourcingRequest = Readonly<{
  order: Order;
  needs: readonly SourcingNeed[];
  /** Nodes that must not be proposed (they rejected the work, or came up short). */
  excludedNodes: readonly string[];
  now: string;
}>;

export type Sourcer = (request: SourcingRequest) => Promise<readonly SourcingProposal[]>;

export type StockCandidate = Readonly<{ nodeId: string; available: number }>;

/**
 * A simple sourcer over availability figures: each line goes whole to the node with the most
 * available units (ties by node id), or is split over nodes in that order when none covers it.
 * Used when no optimising sourcer is wired (and in tests).
 */
export const createStockSourcer = (candidates: (sku: string, order: Order) => Promise<readonly StockCandidate[]>): Sourcer => async (request) => {
  const proposals: SourcingProposal[] = [];
  const taken = new Map<string, number>();
  for (const need of request.needs) {
    const nodes = (await candidates(need.sku, request.order))
      .filter((c) => !request.excludedNodes.includes(c.nodeId))
      .map((c) => ({ nodeId: c.nodeId, available: c.available - (taken.get(`${c.nodeId}~${need.sku}`) ?? 0) }))
      .filter((c) => c.available > 0)
      .sort((a, b) => b.available - a.available || a.nodeId.localeCompare(b.nodeId));
    const whole = nodes.find((n) => n.available >= need.quantity);
    let left = need.quantity;
    for (const n of whole ? [whole] : nodes) {
      if (left === 0) break;
      const q = Math.min(left, n.available);
      proposals.push({ lineId: need.lineId, node: n.nodeId, quantity: q });
      taken.set(`${n.nodeId}~${need.sku}`, (taken.get(`${n.nodeId}~${need.sku}`) ?? 0) + q);
      left -= q;
    }
  }
  return proposals;
};
