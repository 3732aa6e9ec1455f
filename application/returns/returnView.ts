import { returnDecider, returnStreamName, type ReturnEvent, type ReturnState } from '../../domain/return/index.js';
import type { ReturnRoutingDecision } from '../../domain/return/routeReturn.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { StreamNotFoundError } from '../../infrastructure/eventstore/errors.js';
import type { OrderDeps } from '../orders/orderRuntime.js';

export const returnNotFound = (returnId: string) => new NotFoundError('RETURN_NOT_FOUND', `no return ${returnId}`, { returnId });

/** What `GET /returns/:id` shows: the aggregate's state plus what it does not keep (routing, receipts, refunds). */
export type ReturnView = Readonly<{
  returnId: string;
  orderId: string;
  kind: string;
  status: string;
  channel: string;
  method: string | null;
  receivingNodeId: string | null;
  routing: ReturnRoutingDecision | null;
  refundTiming: string | null;
  lines: readonly Readonly<{ lineId: string; sku: string; quantity: number; reason: string; received: Readonly<Record<string, number>>; refunded: Readonly<Record<string, number>> }>[];
  receipts: readonly Readonly<{ receiptId: string; nodeId: string; plannedNodeId: string; lines: readonly unknown[]; at: string }>[];
  refunds: readonly Readonly<{ refundId: string; basis: string; total: unknown; shipping: unknown; restockingFees: unknown; tenders: readonly unknown[]; at: string }>[];
  exchange: Readonly<{ orderId: string; difference: unknown; settled: string }> | null;
  claim: Readonly<{ resolution: string; replacementOrderId: string | null }> | null;
  revision: string;
}>;

const readReturn = async (deps: OrderDeps, returnId: string): Promise<{ state: ReturnState; events: ReturnEvent[]; revision: bigint }> => {
  let state = returnDecider.initialState();
  const events: ReturnEvent[] = [];
  let revision = -1n;
  try {
    for await (const e of deps.eventStore.readStream(returnStreamName(returnId))) {
      const event = { type: e.type, data: e.data } as ReturnEvent;
      state = returnDecider.evolve(state, event);
      events.push(event);
      revision = e.revision;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return { state, events, revision };
};

/** The return's state read fresh from its stream, or RETURN_NOT_FOUND (404). */
export const requireReturn = async (deps: OrderDeps, returnId: string): Promise<ReturnState> => {
  const { state } = await readReturn(deps, returnId);
  if (state.status === 'none') throw returnNotFound(returnId);
  return state;
};

export const returnView = async (deps: OrderDeps, returnId: string): Promise<ReturnView> => {
  const { state, events, revision } = await readReturn(deps, returnId);
  if (state.status === 'none') throw returnNotFound(returnId);
  const request = events[0]!;
  const routing = request.type === 'ReturnRequested' || request.type === 'ExchangeRequested' ? request.data.routing : null;
  return {
    returnId, orderId: state.orderId!, kind: state.kind!, status: state.status, channel: state.channel!, method: state.method,
    receivingNodeId: state.receivingNodeId, routing, refundTiming: state.terms?.refundTiming ?? null,
    lines: state.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, reason: l.reason, received: { ...l.received }, refunded: { ...l.refunded } })),
    receipts: events.flatMap((e) => (e.type === 'ReturnReceived' ? [{ receiptId: e.data.receiptId, nodeId: e.data.nodeId, plannedNodeId: e.data.plannedNodeId, lines: e.data.lines, at: e.data.at }] : [])),
    refunds: events.flatMap((e) => (e.type === 'RefundIssued'
      ? [{ refundId: e.data.refundId, basis: e.data.basis, total: e.data.total, shipping: e.data.shipping, restockingFees: e.data.restockingFees, tenders: e.data.tenders, at: e.data.at }]
      : [])),
    exchange: state.exchange ? { orderId: state.exchange.orderId, difference: state.exchange.difference, settled: state.exchange.settled } : null,
    claim: state.claim,
    revision: revision.toString(),
  };
};
