import type { OrderCommand, OrderEvent, PlaceOrder } from '../../../../../domain/order/index.js';
import { command, later, placeOrder, run } from './fixtures.js';

/** Command sequences for the usual starting points of the given/when/then specs. */

export const authorize = (place: PlaceOrder, tenderId = 'tender-1', extra: { captured?: boolean; amount?: string } = {}) =>
  command('RecordPaymentAuthorized', {
    tenderId,
    method: extra.captured ? 'gift_card' : 'card',
    amount: extra.amount ? { amount: extra.amount, currency: place.data.currency } : place.data.pricing.totals.total,
    ...(extra.captured ? { captured: true } : {}),
  });

export const sourceAll = (node = 'dc-paris', place: PlaceOrder = placeOrder()) =>
  command('RecordSourcing', { allocations: place.data.lines.map((l) => ({ lineId: l.lineId, node, quantity: l.quantity })) });

export const ship = (shipmentId: string, lines: { lineId: string; quantity: number }[], node = 'dc-paris', hours = 30) =>
  command('RecordShipped', { shipmentId, node, lines, carrier: 'colissimo', trackingNumber: `6A-${shipmentId}`, shippedAt: later(hours) });

export const deliver = (shipmentId: string, hours = 60) => command('RecordDelivered', { shipmentId, deliveredAt: later(hours) });

export const PLACE = placeOrder();
export const PLACE_PICKUP = placeOrder({ deliveryMethod: 'pickup' });
export const PLACE_S2S = placeOrder({ deliveryMethod: 'ship_to_store' });

export const steps = {
  placed: (p = PLACE): OrderCommand[] => [p],
  paid: (p = PLACE): OrderCommand[] => [p, authorize(p)],
  sourced: (p = PLACE): OrderCommand[] => [...steps.paid(p), sourceAll(p.data.deliveryMethod === 'pickup' ? 'store-lyon' : 'dc-paris', p)],
  released: (p = PLACE): OrderCommand[] => [...steps.sourced(p), command('ReleaseToNode', { node: p.data.deliveryMethod === 'pickup' ? 'store-lyon' : 'dc-paris' })],
  shipped: (p = PLACE): OrderCommand[] => [...steps.released(p), ship('shp-1', [{ lineId: 'L1', quantity: 2 }, { lineId: 'L2', quantity: 1 }])],
  delivered: (p = PLACE): OrderCommand[] => [...steps.shipped(p), deliver('shp-1')],
};

export const historyOf = (commands: readonly OrderCommand[]): OrderEvent[] => run(commands).events;
