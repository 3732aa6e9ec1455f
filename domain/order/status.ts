/**
 * Order statuses. Before payment clears they describe the commercial gates (fraud, payment);
 * after, they are derived from where the order's units are (see `deriveStatus`).
 */
export const ORDER_STATUSES = [
  'placed',
  'fraud_hold',
  'payment_pending',
  'payment_authorized',
  'payment_declined',
  'sourced',
  'backordered',
  'preordered',
  'released',
  'partially_shipped',
  'shipped',
  'partially_delivered',
  'delivered',
  'ready_for_pickup',
  'picked_up',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** No order yet: the only state in which PlaceOrder is accepted. */
export type NoOrderStatus = 'none';

/**
 * Where a unit of a line is. Quantities of a line are partitioned over these stages, so each
 * event is a set of moves (n units from stage A to stage B) and nothing can be lost or doubled.
 * Order = least to most advanced; `cancelled` last.
 */
export const LINE_STAGES = [
  'open',
  'needs_resourcing',
  'backordered',
  'preordered',
  'allocated',
  'released',
  'picked',
  'packed',
  'shipped',
  'ready_for_pickup',
  'delivered',
  'picked_up',
  'cancelled',
] as const;
export type LineStage = (typeof LINE_STAGES)[number];

/** Stages in which units sit at a fulfilment node (the bucket carries the node id). */
export const NODE_STAGES: readonly LineStage[] = ['allocated', 'released', 'picked', 'packed', 'shipped', 'ready_for_pickup', 'delivered', 'picked_up'];

export const CHANNELS = ['web', 'store', 'call_center', 'marketplace'] as const;
export type Channel = (typeof CHANNELS)[number];
