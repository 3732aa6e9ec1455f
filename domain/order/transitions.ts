import { ConflictError } from '../shared/errors.js';
import { ORDER_COMMAND_TYPES, type CommandOf, type OrderCommand, type OrderCommandType } from './commands.js';
import * as g from './guards.js';
import type { Guard } from './guards.js';
import type { GuardResult } from './plan/result.js';
import type { Order } from './state.js';
import type { NoOrderStatus, OrderStatus } from './status.js';

/**
 * The order state machine (Vendure-style): one row per (from, command). `to` lists every status
 * the command may lead to — after a command the status is re-derived from the order's facts
 * (see deriveStatus) and must be one of them. A (status, command) pair missing from the table is
 * an illegal transition; a guard may refuse an allowed pair with its own code.
 */
export type From = OrderStatus | NoOrderStatus;
export type Transition = Readonly<{
  from: From;
  on: OrderCommandType;
  to: readonly OrderStatus[];
  guard?: (order: Order, command: OrderCommand) => GuardResult;
}>;

type Row = Readonly<{ from: From | readonly From[]; on: OrderCommandType; to: OrderStatus | readonly OrderStatus[]; guard?: unknown }>;
const row = <T extends OrderCommandType>(from: From | readonly From[], on: T, to: OrderStatus | readonly OrderStatus[], guard?: Guard<T>): Row => ({
  from,
  on,
  to,
  ...(guard ? { guard } : {}),
});
/** Self-loops: the command is recorded, the status stays (unless the facts say otherwise, which the `to` list forbids). */
const stay = <T extends OrderCommandType>(from: readonly OrderStatus[], on: T, guard?: Guard<T>): Row[] => from.map((f) => row(f, on, f, guard));

const BEFORE_PAYMENT = ['placed', 'payment_pending', 'payment_declined'] as const;
const PAID_NOT_RELEASED = ['payment_authorized', 'sourced', 'backordered', 'preordered'] as const;
const BEFORE_RELEASE = [...BEFORE_PAYMENT, 'fraud_hold', ...PAID_NOT_RELEASED] as const;
const IN_FULFILMENT = ['released', 'partially_shipped', 'partially_delivered'] as const;
const SOURCING_RESULTS = ['payment_authorized', 'sourced', 'backordered', 'preordered', ...IN_FULFILMENT] as const;
/** Ready units can sit beside units still being prepared (released) or in transit (shipped). */
const PICKUP_WAITING = ['ready_for_pickup', 'released', 'shipped', 'partially_shipped', 'partially_delivered'] as const;
const OPEN = [...BEFORE_RELEASE, ...IN_FULFILMENT, 'shipped', 'ready_for_pickup'] as const;
const ALL_BUT_COMPLETED = [...OPEN, 'delivered', 'picked_up', 'cancelled'] as const;

// prettier-ignore
const ROWS: readonly Row[] = [
  //   from                          command                     to
  row('none',                       'PlaceOrder',               ['placed', 'payment_authorized']),
  // fraud gate
  row([...BEFORE_PAYMENT, ...PAID_NOT_RELEASED], 'PlaceOnFraudHold', 'fraud_hold'),
  row('fraud_hold',                 'ApproveReview',            [...BEFORE_PAYMENT, ...PAID_NOT_RELEASED]),
  row('fraud_hold',                 'RejectReview',             'cancelled'),
  // payment gate (a webhook may arrive during a fraud review: recorded, the hold stays)
  row(BEFORE_PAYMENT,               'RecordPaymentPending',     'payment_pending'),
  row(BEFORE_PAYMENT,               'RecordPaymentAuthorized',  ['payment_authorized', 'payment_pending'], g.saleWithinBalance),
  row(BEFORE_PAYMENT,               'RecordPaymentDeclined',    'payment_declined'),
  ...stay(['fraud_hold'],           'RecordPaymentPending'),
  ...stay(['fraud_hold'],           'RecordPaymentAuthorized', g.saleWithinBalance),
  ...stay(['fraud_hold'],           'RecordPaymentDeclined'),
  // additional authorizations after an edit raised the total
  ...stay([...PAID_NOT_RELEASED, ...IN_FULFILMENT, 'shipped', 'ready_for_pickup'], 'RecordPaymentAuthorized', g.saleWithinBalance),
  ...stay([...PAID_NOT_RELEASED, ...IN_FULFILMENT, 'shipped', 'ready_for_pickup'], 'RecordPaymentDeclined'),
  // sourcing and node work
  row(SOURCING_RESULTS,             'RecordSourcing',           SOURCING_RESULTS, g.canSource),
  row(SOURCING_RESULTS,             'Resourced',                SOURCING_RESULTS, g.canResource),
  row(['sourced', 'backordered', 'preordered', ...IN_FULFILMENT], 'ReleaseToNode', IN_FULFILMENT, g.canRelease),
  ...stay(IN_FULFILMENT,            'NodeAccepted',             g.hasReleasedTo),
  row(IN_FULFILMENT,                'NodeRejected',             SOURCING_RESULTS, g.canReject),
  ...stay(IN_FULFILMENT,            'RecordPicked',             g.canPick),
  ...stay(IN_FULFILMENT,            'RecordPacked',             g.canPack),
  row(IN_FULFILMENT,                'RecordShipped',            ['partially_shipped', 'shipped', 'partially_delivered'], g.canShip),
  row(['shipped', 'partially_shipped', 'partially_delivered'], 'RecordDelivered', ['delivered', 'partially_delivered'], g.canDeliver),
  // pickup in store / ship to store
  row(['released', 'shipped', 'partially_shipped', 'partially_delivered'], 'MarkReadyForPickup',
                                                                [...PICKUP_WAITING], g.canMakeReady),
  row(PICKUP_WAITING,               'RecordPickedUp',           ['picked_up', 'partially_delivered', 'ready_for_pickup'], g.canHandOver),
  row(PICKUP_WAITING,               'ExpirePickup',             ['cancelled', 'picked_up', ...PICKUP_WAITING, ...SOURCING_RESULTS], g.pickupExpired),
  // post-purchase changes
  row([...BEFORE_RELEASE, 'released', 'ready_for_pickup'], 'CancelOrder', 'cancelled', g.nothingHandedOver),
  row(OPEN,                         'CancelLines',              ALL_BUT_COMPLETED, g.linesCancellable),
  // edits re-price the order: a lower total may now be covered by the authorizations
  row(BEFORE_RELEASE,               'ChangeShippingAddress',    BEFORE_RELEASE, g.isHomeDelivery),
  row(BEFORE_RELEASE,               'ChangeDeliveryMethod',     BEFORE_RELEASE),
  row(BEFORE_RELEASE,               'ReduceLineQuantity',       BEFORE_RELEASE, g.reducesQuantity),
  row(BEFORE_RELEASE,               'SwitchToPickup',           BEFORE_RELEASE, g.isNewPickupNode),
  ...stay(OPEN,                     'RecordPromiseRevised'),
  row(['delivered', 'picked_up'],   'Complete',                 'completed'),
];

/** The table, one row per (from, command), validated once at load: no duplicate pairs, known commands only. */
export const TRANSITIONS: readonly Transition[] = (() => {
  const rows: Transition[] = ROWS.flatMap((r) =>
    (typeof r.from === 'string' ? [r.from] : r.from).map((from) => ({
      from,
      on: r.on,
      to: typeof r.to === 'string' ? [r.to] : [...r.to],
      ...(r.guard ? { guard: r.guard as Transition['guard'] } : {}),
    })),
  );
  const seen = new Set<string>();
  for (const t of rows) {
    const key = `${t.from}|${t.on}`;
    if (seen.has(key)) throw new Error(`transition table: duplicate row ${key}`);
    if (!ORDER_COMMAND_TYPES.includes(t.on)) throw new Error(`transition table: unknown command ${t.on}`);
    seen.add(key);
  }
  return rows;
})();

export const findTransition = (from: From, on: OrderCommandType): Transition | undefined =>
  TRANSITIONS.find((t) => t.from === from && t.on === on);

export const illegalTransition = (state: From, command: string): ConflictError =>
  new ConflictError('ILLEGAL_TRANSITION', `${command} is not allowed when the order is ${state}`, { state, command });

/** The row for (status, command), or ILLEGAL_TRANSITION (409). */
export const transitionFor = (from: From, on: OrderCommandType): Transition => {
  const t = findTransition(from, on);
  if (t === undefined) throw illegalTransition(from, on);
  return t;
};

/** The row's guard; a refusal becomes a 409 with the guard's code and the state and command in details. */
export const checkGuard = <T extends OrderCommandType>(t: Transition, order: Order, command: CommandOf<T>): void => {
  if (t.guard === undefined) return;
  const verdict = t.guard(order, command);
  if (!verdict.ok) throw new ConflictError(verdict.code, verdict.message, { state: t.from, command: command.type, ...verdict.details });
};
