import type { LineStage } from './status.js';
import type { Order, OrderPromise } from './state.js';

/**
 * When the fulfilment process records a revised promise (issue 5): the reasons it writes on
 * `RecordPromiseRevised`, what part of the order the promise still covers, and whether a fresh
 * quote is a revision worth recording. Pure: the quote itself comes from the promise engine.
 * Which supply changes make waiting orders late is in `lateSupply.ts`.
 */
export const PROMISE_REVISION_REASON = {
  nodeRejected: 'node_rejected',
  missedHandover: 'missed_handover',
  lateSupply: 'late_supply',
} as const;
export type PromiseRevisionReason = (typeof PROMISE_REVISION_REASON)[keyof typeof PROMISE_REVISION_REASON];

/** Units at a node that have not left it yet: the hand-over the promise still depends on. */
const AWAITING_HANDOVER: readonly LineStage[] = ['allocated', 'released', 'picked', 'packed'];

export type PendingHandover = Readonly<{ lineId: string; sku: string; nodeId: string; quantity: number }>;

/** The order's current plan for what has not been handed over yet, one entry per line × node (sorted). */
export const pendingHandover = (order: Order): PendingHandover[] =>
  order.lines
    .flatMap((line) =>
      line.units
        .filter((u) => AWAITING_HANDOVER.includes(u.stage) && u.node !== undefined && u.quantity > 0)
        .map((u) => ({ lineId: line.lineId, sku: line.sku, nodeId: u.node!, quantity: u.quantity })),
    )
    .reduce<PendingHandover[]>((acc, p) => {
      const same = acc.findIndex((a) => a.lineId === p.lineId && a.nodeId === p.nodeId);
      if (same >= 0) acc[same] = { ...acc[same]!, quantity: acc[same]!.quantity + p.quantity };
      else acc.push(p);
      return acc;
    }, [])
    .sort((a, b) => a.lineId.localeCompare(b.lineId) || a.nodeId.localeCompare(b.nodeId));

/** Units with no node yet (waiting for sourcing or supply): no plan-based promise can cover them. */
const WITHOUT_NODE: readonly LineStage[] = ['open', 'needs_resourcing', 'backordered', 'preordered'];

/**
 * Whether the order's remaining units all sit at a node, so a quote over `pendingHandover` dates
 * the whole order. While some wait for supply, such a quote would promise only part of it.
 */
export const planCoversOrder = (order: Order): boolean =>
  pendingHandover(order).length > 0 && !order.lines.some((l) => l.units.some((u) => WITHOUT_NODE.includes(u.stage) && u.quantity > 0));

const instant = (iso: string): number => Date.parse(iso);

/** Whether the customer-facing window moved (a node change alone, at the same dates, is no revision). */
export const promiseDatesMoved = (previous: OrderPromise, next: OrderPromise): boolean =>
  instant(previous.earliest) !== instant(next.earliest) || instant(previous.latest) !== instant(next.latest);

/** Whether either end of the customer's window (hand-over/ready instant, delivery date) moved later. */
export const promiseMovedLater = (previous: OrderPromise, next: OrderPromise): boolean =>
  instant(next.earliest) > instant(previous.earliest) || instant(next.latest) > instant(previous.latest);

/**
 * The promise to record, or null. After a rejection any move counts (the new node may even be
 * faster); after a missed hand-over only a later hand-over does — a quote that does not push the
 * promise past the missed instant would promise what already failed. After late supply only a
 * window that moved later does: the old promise can no longer be kept. Supply that got earlier
 * (or a re-quote that happens to come out earlier) keeps the promise — it is a commitment, not a
 * forecast, and pulling it in would have to be taken back if the supplier slips again.
 */
export const promiseToRecord = (reason: PromiseRevisionReason, previous: OrderPromise | undefined, candidate: OrderPromise | undefined): OrderPromise | null => {
  if (!previous || !candidate) return null;
  if (reason === PROMISE_REVISION_REASON.missedHandover) return instant(candidate.earliest) > instant(previous.earliest) ? candidate : null;
  if (reason === PROMISE_REVISION_REASON.lateSupply) return promiseMovedLater(previous, candidate) ? candidate : null;
  return promiseDatesMoved(previous, candidate) ? candidate : null;
};

/**
 * Whether the hand-over promised by `promisedBy` was missed at `now`: the order is still live,
 * its promise has not been revised since the deadline was set, and units still wait at a node.
 */
export const handoverMissed = (order: Order, promisedBy: string, now: string): boolean =>
  order.status !== 'cancelled' &&
  !order.completed &&
  order.promise !== undefined &&
  instant(order.promise.earliest) === instant(promisedBy) &&
  instant(now) >= instant(promisedBy) &&
  pendingHandover(order).length > 0;

/** The instant a re-quote after a missed hand-over is made from: never before the missed deadline. */
export const requoteFrom = (promisedBy: string, now: string): string =>
  new Date(Math.max(instant(now), instant(promisedBy) + 1_000)).toISOString();
