import type { Order } from './state.js';
import type { LineStage } from './status.js';

/**
 * Late supply (issue 5): which orders wait on inbound supply, and which changes to that supply can
 * only make them later. An order's backordered/preordered units have no node; checkout dated them
 * from the network's expected supply (ETA + receiving), and the process allocates them to whichever
 * node the units arrive at first. So a supply of SKU s at node n concerns every live, promised order
 * with units of s waiting — except a pickup order collected elsewhere, and a line that node
 * rejected (neither would ever be served from it). Pure: the re-quote comes from the promise engine.
 */
const WAITING: readonly LineStage[] = ['backordered', 'preordered'];

export type WaitingUnits = Readonly<{ lineId: string; sku: string; quantity: number }>;

/** The order's units waiting for supply, one entry per line (sorted by line). */
export const waitingForSupply = (order: Order): WaitingUnits[] =>
  order.lines
    .map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.units.filter((u) => WAITING.includes(u.stage)).reduce((n, u) => n + u.quantity, 0) }))
    .filter((w) => w.quantity > 0)
    .sort((a, b) => a.lineId.localeCompare(b.lineId, 'en', { numeric: true }));

export type SupplyPosition = Readonly<{ nodeId: string; sku: string }>;

/** Whether a change to `at`'s supply can move this order's promise (see the module comment). */
export const waitsOnSupply = (order: Order, at: SupplyPosition): boolean =>
  order.status !== 'cancelled' &&
  !order.completed &&
  order.promise !== undefined &&
  !(order.deliveryMethod === 'pickup' && order.pickupNode !== at.nodeId) &&
  order.lines.some((l) => l.sku === at.sku && !l.rejectedBy.includes(at.nodeId) && l.units.some((u) => WAITING.includes(u.stage) && u.quantity > 0));

/**
 * A change to expected supply that can only make waiting orders later: its ETA moved later, or
 * what was still expected will not come (cancelled, so the units wait for other or no supply).
 * An earlier ETA, a new supply or an arrival never breaks a promise: no re-quote for those.
 */
export type SupplyChange =
  | Readonly<{ type: 'rescheduled'; previousEta: string; eta: string }>
  | Readonly<{ type: 'cancelled'; quantity: number }>;

export const supplySlipped = (change: SupplyChange): boolean =>
  change.type === 'rescheduled' ? Date.parse(change.eta) > Date.parse(change.previousEta) : change.quantity > 0;

/**
 * The ETA passed without the supply arriving: the supply is still expected, at the very ETA the
 * check was scheduled for (a rescheduled supply has its own check), and `now` is past it.
 */
export const supplyOverdue = (supply: Readonly<{ status: string; eta: string }> | undefined, checkedEta: string, now: string): boolean =>
  supply !== undefined && supply.status === 'expected' && Date.parse(supply.eta) === Date.parse(checkedEta) && Date.parse(now) >= Date.parse(checkedEta);

/**
 * Overdue checks: the first `graceMs` after the ETA (receipts are often booked hours late, and a
 * re-quote at the ETA itself would still find the promise keepable), then every `graceMs` while
 * the supply stays overdue — each re-quote assumes it arrives no sooner than the check — up to
 * MAX_OVERDUE_CHECKS, after which its arrival (or a new ETA from the supplier) takes over.
 */
export const MAX_OVERDUE_CHECKS = 7;

export const overdueCheckAt = (eta: string, attempt: number, graceMs: number): string => new Date(Date.parse(eta) + attempt * graceMs).toISOString();
