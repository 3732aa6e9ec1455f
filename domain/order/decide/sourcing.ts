import type { NodeAccepted, NodeRejected, RecordSourcing, ReleaseToNode, Resourced } from '../commands.js';
import type { OrderEvent } from '../events.js';
import { unwrap } from '../plan/result.js';
import { planRejection, planRelease, planResourcing, planSourcing } from '../plan/sourcing.js';
import type { Order } from '../state.js';

export const recordSourcing = (c: RecordSourcing, order: Order): OrderEvent[] => {
  const plan = unwrap(planSourcing(order, c.data), order.status, c.type);
  return [{ type: 'OrderSourcingRecorded', data: { moves: plan.moves, preorders: plan.preorders } }];
};

export const releaseToNode = (c: ReleaseToNode, order: Order): OrderEvent[] => [
  { type: 'OrderLinesReleased', data: { node: c.data.node, moves: unwrap(planRelease(order, c.data.node, c.data.lines), order.status, c.type), at: c.metadata.now } },
];

/** Acknowledging twice is harmless: recorded once. */
export const nodeAccepted = (c: NodeAccepted, order: Order): OrderEvent[] =>
  order.acceptedNodes.includes(c.data.node) ? [] : [{ type: 'OrderReleaseAccepted', data: { node: c.data.node, at: c.metadata.now } }];

export const nodeRejected = (c: NodeRejected, order: Order): OrderEvent[] => {
  const plan = unwrap(planRejection(order, c.data.node, c.data.lines), order.status, c.type);
  return [{ type: 'OrderReleaseRejected', data: { node: c.data.node, reason: c.data.reason, moves: plan.moves, stockToRelease: plan.stockToRelease, at: c.metadata.now } }];
};

export const resourced = (c: Resourced, order: Order): OrderEvent[] => [
  { type: 'OrderLinesResourced', data: { moves: unwrap(planResourcing(order, c.data), order.status, c.type) } },
];
