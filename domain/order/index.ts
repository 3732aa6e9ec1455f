import type { Decider } from '../shared/decider.js';
import { streamId } from '../network/identifier.js';
import type { OrderCommand } from './commands.js';
import { decideOrder } from './decide.js';
import type { OrderEvent } from './events.js';
import { evolveOrder } from './evolve.js';
import { initialOrderState, type OrderState } from './state.js';

/** Stream `order-<orderId>`: one customer order through its whole lifecycle. */
export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  decide: decideOrder,
  evolve: evolveOrder,
  initialState: initialOrderState,
};

export const orderStreamName = (orderId: string): string => `order-${streamId(orderId)}`;

export * from './commands.js';
export * from './events.js';
export * from './state.js';
export * from './status.js';
export { TRANSITIONS, findTransition, transitionFor, illegalTransition, type Transition } from './transitions.js';
export { deriveStatus } from './deriveStatus.js';
export { decideOrder } from './decide.js';
export { evolveOrder } from './evolve.js';
export { lineQuantities, lineStatus, activeQuantity, type LineQuantities } from './units.js';
export { orderTotals, totalsIdentityHolds, fulfilledValue } from './amounts.js';
export { balanceDue, capturedNet, outstanding } from './payments.js';
export { cancellableQuantity } from './plan/cancellation.js';
export type { DeliveryMethod } from '../pricing/types.js';
export { trackingTokenOf, isTrackingTokenCommand, PLACEMENT_TOKEN, type TrackingTokenCommand } from './decide/trackingToken.js';
