import type { MarkReadyForPickup, RecordDelivered, RecordPacked, RecordPicked, RecordPickedUp, RecordShipped } from '../commands.js';
import type { OrderEvent } from '../events.js';
import { buildFulfilment } from '../fulfil.js';
import { planDeliver, planPack, planPick, planPickup, planReady, planShip } from '../plan/fulfilment.js';
import { unwrap } from '../plan/result.js';
import type { Order } from '../state.js';

const shipmentRef = (id: string | undefined) => (id === undefined ? {} : { shipmentId: id });

export const recordPicked = (c: RecordPicked, order: Order): OrderEvent[] => [
  { type: 'OrderLinesPicked', data: { node: c.data.node, ...shipmentRef(c.data.shipmentId), moves: unwrap(planPick(order, c.data.node, c.data.lines), order.status, c.type) } },
];

export const recordPacked = (c: RecordPacked, order: Order): OrderEvent[] => [
  { type: 'OrderLinesPacked', data: { node: c.data.node, ...shipmentRef(c.data.shipmentId), moves: unwrap(planPack(order, c.data.node, c.data.lines), order.status, c.type) } },
];

/**
 * A shipment to the customer is a hand-over: its lines' share (and the shipping charge, with the
 * first one) is captured now — partial capture per shipment. A ship-to-store transfer is not a
 * hand-over: the customer pays when collecting.
 */
export const recordShipped = (c: RecordShipped, order: Order): OrderEvent[] => {
  const moves = unwrap(planShip(order, c.data), order.status, c.type);
  return [
    {
      type: 'OrderShipmentShipped',
      data: {
        shipmentId: c.data.shipmentId,
        node: c.data.node,
        lines: c.data.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
        carrier: c.data.carrier,
        trackingNumber: c.data.trackingNumber,
        shippedAt: c.data.shippedAt,
        moves,
        fulfilment: order.deliveryMethod === 'ship_to_store' ? null : buildFulfilment(order, moves),
      },
    },
  ];
};

export const recordDelivered = (c: RecordDelivered, order: Order): OrderEvent[] => [
  {
    type: 'OrderShipmentDelivered',
    data: { shipmentId: c.data.shipmentId, deliveredAt: c.data.deliveredAt, moves: unwrap(planDeliver(order, c.data.shipmentId), order.status, c.type) },
  },
];

export const markReadyForPickup = (c: MarkReadyForPickup, order: Order): OrderEvent[] => [
  { type: 'OrderMadeReadyForPickup', data: { node: c.data.node, deadline: c.data.deadline, moves: unwrap(planReady(order, c.data.node, c.data.lines), order.status, c.type) } },
];

/** Collection in store is the hand-over for pickup and ship-to-store orders: capture happens here. */
export const recordPickedUp = (c: RecordPickedUp, order: Order): OrderEvent[] => {
  const moves = unwrap(planPickup(order, c.data.node, c.data.lines), order.status, c.type);
  return [{ type: 'OrderPickedUp', data: { node: c.data.node, pickedUpAt: c.data.pickedUpAt, moves, fulfilment: buildFulfilment(order, moves) } }];
};
