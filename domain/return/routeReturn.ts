import { Decimal } from 'decimal.js';
import { haversineKm, roundKm, type LatLng } from '../geo/haversine.js';
import type { FulfilmentNode } from '../network/node.js';
import type { ReturnMethod } from './vocabulary.js';

/**
 * Return routing: which node receives the goods (pain point 8 — returns restocked to the wrong
 * place or always to a default source). Like a sourcing decision it is explainable: every node is
 * a candidate with the reasons it was excluded or how it scored.
 *
 * Score = value of the stock the node needs − cost of getting the parcel there:
 *   needValuePerUnit × units it needs − (handlingCost + transportCostPerKm × km from the customer).
 * Highest score wins; ties go to the nearer node, then the node that shipped the order, then node id.
 * In-store returns have no choice: the store at the counter receives them.
 */
export type StockNeed = Readonly<{ nodeId: string; sku: string; quantity: number }>;
export type RoutingCosts = Readonly<{
  /** What one needed unit arriving at a node saves (e.g. a transfer avoided). Decimal string. */
  needValuePerUnit?: string;
  transportCostPerKm?: string;
  /** Fixed cost of receiving and inspecting a parcel at each node. */
  handlingCost?: Readonly<Record<string, string>>;
}>;

export type ReturnRoutingInput = Readonly<{
  lines: readonly Readonly<{ sku: string; quantity: number }>[];
  customerLocation?: LatLng;
  nodes: readonly FulfilmentNode[];
  stockNeed: readonly StockNeed[];
  method: ReturnMethod;
  /** Node that shipped the order (kept as a tie-breaker and named in the reasons). */
  originNode?: string;
  /** For `in_store`: the store where the goods are handed over. */
  dropOffNodeId?: string;
  /** Return channel; nodes blocked for it are excluded. */
  channel?: string;
  costs?: RoutingCosts;
}>;

export type RoutingCandidate = Readonly<{
  nodeId: string;
  eligible: boolean;
  neededUnits: number;
  distanceKm: number | null;
  estimatedCost: string;
  score: string;
  reasons: readonly string[];
}>;

export type ReturnRoutingDecision = Readonly<{
  /** null when no node can receive the return. */
  nodeId: string | null;
  method: ReturnMethod;
  candidates: readonly RoutingCandidate[];
  explanation: string;
}>;

export const DEFAULT_ROUTING_COSTS = { needValuePerUnit: '10', transportCostPerKm: '0.01' } as const;

const exclusion = (node: FulfilmentNode, channel: string | undefined): string | undefined => {
  if (node.status !== 'open') return 'node is closed';
  if (!node.capabilities.includes('returns')) return "node lacks the 'returns' capability";
  if (channel !== undefined && node.blockedChannels.includes(channel)) return `node is blocked for channel ${channel}`;
  return undefined;
};

const neededUnits = (nodeId: string, demand: ReadonlyMap<string, number>, needs: readonly StockNeed[]): [number, string[]] => {
  let units = 0;
  const parts: string[] = [];
  for (const [sku, qty] of demand) {
    const need = needs.filter((n) => n.nodeId === nodeId && n.sku === sku).reduce((a, n) => a + Math.max(0, n.quantity), 0);
    const covered = Math.min(qty, need);
    if (covered > 0) parts.push(`${sku}×${covered}`);
    units += covered;
  }
  return [units, parts];
};

export const routeReturn = (input: ReturnRoutingInput): ReturnRoutingDecision => {
  const demand = new Map<string, number>();
  for (const l of input.lines) demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.quantity);
  const totalUnits = [...demand.values()].reduce((a, b) => a + b, 0);
  const valuePerUnit = new Decimal(input.costs?.needValuePerUnit ?? DEFAULT_ROUTING_COSTS.needValuePerUnit);
  const perKm = new Decimal(input.costs?.transportCostPerKm ?? DEFAULT_ROUTING_COSTS.transportCostPerKm);
  const inStore = input.method === 'in_store';

  const scored = input.nodes.map((node) => {
    const reasons: string[] = [];
    let why = exclusion(node, input.channel);
    if (why === undefined && inStore && node.id !== input.dropOffNodeId) why = 'in-store returns are received by the store at the counter';
    const distanceKm = inStore || input.customerLocation === undefined ? null : roundKm(haversineKm(input.customerLocation, node.location));
    const [units, parts] = neededUnits(node.id, demand, input.stockNeed);
    const cost = new Decimal(input.costs?.handlingCost?.[node.id] ?? '0').plus(perKm.times(distanceKm ?? 0));
    const score = valuePerUnit.times(units).minus(cost);
    if (why !== undefined) reasons.push(why);
    if (node.id === input.originNode) reasons.push('shipped the order');
    reasons.push(units > 0 ? `needs ${units} of ${totalUnits} returned unit(s) (${parts.join(', ')})` : 'needs none of the returned units');
    reasons.push(distanceKm === null ? (inStore ? 'goods handed over at the counter' : 'customer location unknown') : `${distanceKm} km from the customer`);
    reasons.push(`estimated cost ${cost.toFixed(2)}, score ${score.toFixed(2)}`);
    return { node, eligible: why === undefined, units, distanceKm, cost, score, reasons };
  });

  const ranked = scored.filter((s) => s.eligible).sort((a, b) =>
    b.score.comparedTo(a.score)
    || (a.distanceKm ?? 0) - (b.distanceKm ?? 0)
    || Number(b.node.id === input.originNode) - Number(a.node.id === input.originNode)
    || (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
  const best = ranked[0];
  const candidates: RoutingCandidate[] = scored.map((s) => ({
    nodeId: s.node.id, eligible: s.eligible, neededUnits: s.units, distanceKm: s.distanceKm,
    estimatedCost: s.cost.toFixed(2), score: s.score.toFixed(2), reasons: s.reasons,
  }));
  if (best === undefined) {
    const explanation = inStore && !input.nodes.some((n) => n.id === input.dropOffNodeId)
      ? `store ${input.dropOffNodeId ?? '(none given)'} is not a known node`
      : 'no open node with the returns capability can receive this return';
    return { nodeId: null, method: input.method, candidates, explanation };
  }
  const runnerUp = ranked[1];
  const explanation = [
    `${best.node.id} receives the return: ${best.reasons.filter((r) => r !== 'shipped the order').join('; ')}`,
    ...(input.originNode !== undefined && best.node.id !== input.originNode ? [`not the shipping node ${input.originNode}`] : []),
    ...(runnerUp === undefined ? [] : [`runner-up ${runnerUp.node.id} scored ${runnerUp.score.toFixed(2)}`]),
  ].join('; ');
  return { nodeId: best.node.id, method: input.method, candidates, explanation };
};
