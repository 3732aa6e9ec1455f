import { fold } from '../shared/decider.js';
import { NotFoundError } from '../shared/errors.js';
import type { OrderCommand } from './commands.js';
import { approveReview, placeOnFraudHold, recordPaymentAuthorized, recordPaymentDeclined, recordPaymentPending, rejectReview } from './decide/payment.js';
import {
  cancelLines, cancelOrder, changeDeliveryMethod, changeShippingAddress, complete, expirePickup, recordPromiseRevised, reduceLineQuantity, switchToPickup,
} from './decide/changes.js';
import { markReadyForPickup, recordDelivered, recordPacked, recordPicked, recordPickedUp, recordShipped } from './decide/fulfilment.js';
import { placeOrder } from './decide/placement.js';
import { decideTrackingToken, isTrackingTokenCommand, type TrackingTokenCommand } from './decide/trackingToken.js';
import { nodeAccepted, nodeRejected, recordSourcing, releaseToNode, resourced } from './decide/sourcing.js';
import { deriveStatus } from './deriveStatus.js';
import type { OrderEvent } from './events.js';
import { evolveOrder } from './evolve.js';
import { isPlaced, type Order, type OrderState } from './state.js';
import { checkGuard, transitionFor, type Transition } from './transitions.js';
import { validateCommand } from './validateCommand.js';

type LifecycleCommand = Exclude<OrderCommand, TrackingTokenCommand>;

const handle = (c: LifecycleCommand, o: Order): OrderEvent[] => {
  switch (c.type) {
    case 'PlaceOrder': return placeOrder(c);
    case 'PlaceOnFraudHold': return placeOnFraudHold(c);
    case 'ApproveReview': return approveReview(c);
    case 'RejectReview': return rejectReview(c, o);
    case 'RecordPaymentAuthorized': return recordPaymentAuthorized(c, o);
    case 'RecordPaymentPending': return recordPaymentPending(c, o);
    case 'RecordPaymentDeclined': return recordPaymentDeclined(c, o);
    case 'RecordSourcing': return recordSourcing(c, o);
    case 'ReleaseToNode': return releaseToNode(c, o);
    case 'NodeAccepted': return nodeAccepted(c, o);
    case 'NodeRejected': return nodeRejected(c, o);
    case 'Resourced': return resourced(c, o);
    case 'RecordPicked': return recordPicked(c, o);
    case 'RecordPacked': return recordPacked(c, o);
    case 'RecordShipped': return recordShipped(c, o);
    case 'RecordDelivered': return recordDelivered(c, o);
    case 'MarkReadyForPickup': return markReadyForPickup(c, o);
    case 'RecordPickedUp': return recordPickedUp(c, o);
    case 'ExpirePickup': return expirePickup(c, o);
    case 'CancelOrder': return cancelOrder(c, o);
    case 'CancelLines': return cancelLines(c, o);
    case 'ChangeShippingAddress': return changeShippingAddress(c, o);
    case 'ChangeDeliveryMethod': return changeDeliveryMethod(c, o);
    case 'ReduceLineQuantity': return reduceLineQuantity(c, o);
    case 'SwitchToPickup': return switchToPickup(c, o);
    case 'RecordPromiseRevised': return recordPromiseRevised(c, o);
    case 'Complete': return complete(c, o);
  }
};

/**
 * Folds the decided events, re-derives the status and records the transition. A derived status
 * the table does not list for this row means the table and the rules disagree: a bug, reported
 * loudly instead of silently entering an undocumented state.
 */
const recordTransition = (state: OrderState, t: Transition, command: OrderCommand, events: OrderEvent[]): OrderEvent[] => {
  if (events.length === 0) return events;
  const after = fold({ evolve: evolveOrder, initialState: () => state }, events, state);
  if (!isPlaced(after)) return events;
  const next = deriveStatus(after);
  if (!t.to.includes(next)) {
    throw new Error(`order transition table has no row ${state.status} --${command.type}--> ${next} (allowed: ${t.to.join(', ')})`);
  }
  if (next === state.status) return events;
  return [...events, { type: 'OrderStatusChanged', data: { from: state.status, to: next, on: command.type, at: command.metadata.now } }];
};

/**
 * decide: table (ILLEGAL_TRANSITION) → command data (ValidationError) → guard (ConflictError with
 * the guard's code) → handler → status transition recorded. Tracking-token commands skip the table
 * (decide/trackingToken.ts).
 */
export const decideOrder = (command: OrderCommand, state: OrderState): OrderEvent[] => {
  if (!isPlaced(state)) {
    if (command.type !== 'PlaceOrder') {
      throw new NotFoundError('ORDER_NOT_FOUND', `no order to ${command.type}: the order was never placed`, { state: 'none', command: command.type });
    }
    return recordTransition(state, transitionFor('none', 'PlaceOrder'), command, placeOrder(command));
  }
  // Who may open the order is not part of its lifecycle: no table row, no status change.
  if (isTrackingTokenCommand(command)) return decideTrackingToken(command, state);
  const t = transitionFor(state.status, command.type);
  validateCommand(command, state);
  checkGuard(t, state, command);
  return recordTransition(state, t, command, handle(command, state));
};
