import type { Order } from './state.js';
import type { OrderStatus } from './status.js';
import { unitsIn } from './units.js';

/**
 * The status an order is in, as a pure function of its facts. Decide computes it after every
 * command and records a change as an `OrderStatusChanged` event; evolve never re-derives it, so a
 * later change to this function cannot rewrite history on replay.
 *
 * Precedence: completed → all cancelled → fraud hold → payment gates → where the units are, most
 * advanced first (picked up, delivered, ready, partly delivered, shipped, partly shipped,
 * released, backordered, preordered, sourced), else paid and waiting for sourcing.
 */
export const deriveStatus = (order: Order): OrderStatus => {
  if (order.completed) return 'completed';
  const count = (stage: Parameters<typeof unitsIn>[1]): number => order.lines.reduce((n, l) => n + unitsIn(l, stage), 0);
  const active = order.lines.reduce((n, l) => n + l.quantity, 0) - count('cancelled');
  if (active === 0) return 'cancelled';
  if (order.fraud.onHold) return 'fraud_hold';
  if (!order.paymentCleared) {
    if (order.lastPaymentOutcome === 'declined') return 'payment_declined';
    if (order.lastPaymentOutcome === 'none') return 'placed';
    return 'payment_pending';
  }
  const pickedUp = count('picked_up');
  const delivered = count('delivered');
  const ready = count('ready_for_pickup');
  const shipped = count('shipped');
  if (pickedUp === active) return 'picked_up';
  if (delivered === active) return 'delivered';
  if (ready + pickedUp === active) return 'ready_for_pickup';
  if (delivered + pickedUp > 0) return 'partially_delivered';
  if (shipped > 0 && shipped + ready === active) return 'shipped';
  if (shipped > 0) return 'partially_shipped';
  if (count(['released', 'picked', 'packed', 'ready_for_pickup']) > 0) return 'released';
  if (count('backordered') > 0) return 'backordered';
  if (count('preordered') > 0) return 'preordered';
  if (count('allocated') > 0) return 'sourced';
  return 'payment_authorized';
};
