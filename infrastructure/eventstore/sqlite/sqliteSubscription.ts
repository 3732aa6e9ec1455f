import { Observable } from 'rxjs';
import { START, type GlobalPosition, type RecordedEvent, type SubscribeOptions, type SubscriptionBatch } from '../eventStore.js';
import { StoreUnavailableError } from '../errors.js';
import type { SqliteReader } from './sqliteReads.js';

/** How the store tells subscriptions about commits (same process) and about close. */
export type CommitNotifier = Readonly<{
  /** Registers for "events were committed"; returns the unregister function. */
  onCommit: (listener: () => void) => () => void;
  /** Registers for "the store is closing"; returns the unregister function. */
  onClose: (listener: () => void) => () => void;
}>;

export type SubscriptionTuning = Readonly<{
  /** Fallback poll so commits by another process on the same file are seen (ms). */
  pollIntervalMs: number;
}>;

const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * Catch-up subscription over the events table. Each step reads one page after the current
 * position (never more than `maxUnacked` batches outstanding), so catch-up, live delivery and the
 * boundary between them are the same code path: nothing is lost or duplicated at the switch.
 * With a filter, a step scans a bounded window of positions, so a batch may be empty but still
 * advance `position` past filtered-out events.
 */
/** Longest a live filtered subscription keeps its progress past filtered-out events to itself. */
export const FILTERED_PROGRESS_MS = 1_000;

export function sqliteSubscription(
  reader: SqliteReader,
  notifier: CommitNotifier,
  tuning: SubscriptionTuning,
  options: SubscribeOptions = {},
): Observable<SubscriptionBatch> {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const maxUnacked = Math.max(1, options.maxUnacked ?? 2);
  const filter = options.filter;
  const filtering = (filter?.streamPrefixes?.length ?? 0) > 0 || (filter?.eventTypes?.length ?? 0) > 0;
  // Positions are gap-free here, so a window of N positions costs at most N rows scanned.
  const scanWindow = BigInt(Math.max(batchSize * 20, 10_000));

  return new Observable<SubscriptionBatch>((subscriber) => {
    let position: GlobalPosition = options.after ?? START;
    let lastEmitted = position;
    let lastEmittedAt = Date.now();
    let unacked = 0;
    let stopped = false;
    let reportedCaughtUp = false;
    let pending: NodeJS.Immediate | undefined;

    const schedule = () => {
      if (!stopped && pending === undefined && unacked < maxUnacked) pending = setImmediate(step);
    };
    // Deliberately not unref'd: a live subscription is ongoing work; teardown clears it.
    const poll = setInterval(schedule, tuning.pollIntervalMs);
    const offCommit = notifier.onCommit(schedule);
    const offClose = notifier.onClose(() => subscriber.complete());

    function emit(events: RecordedEvent[], next: GlobalPosition, caughtUp: boolean): void {
      position = next;
      lastEmitted = next;
      lastEmittedAt = Date.now();
      if (caughtUp) reportedCaughtUp = true;
      unacked++;
      let acked = false;
      subscriber.next({
        events,
        position: next,
        caughtUp,
        ack: () => {
          if (acked) return;
          acked = true;
          unacked--;
          schedule();
        },
      });
    }

    function step(): void {
      pending = undefined;
      if (stopped || unacked >= maxUnacked) return;
      try {
        const head = reader.head();
        if (head <= position) {
          // Signal "live" once, even with nothing to deliver; then idle until a commit or poll —
          // reporting progress past filtered-out events kept back below (a poll brings us here).
          if (!reportedCaughtUp || (position > lastEmitted && Date.now() - lastEmittedAt >= FILTERED_PROGRESS_MS)) emit([], position, true);
          return;
        }
        const upper = filtering ? min(head, position + scanWindow) : head;
        const events = reader.pageForwards(position, upper, filter, batchSize);
        const next = events.length === batchSize ? events.at(-1)!.position : upper;
        const caughtUp = next === head;
        if (events.length > 0 || !reportedCaughtUp) {
          emit(events, next, caughtUp);
        } else if (next - lastEmitted >= scanWindow || Date.now() - lastEmittedAt >= FILTERED_PROGRESS_MS) {
          // Live and everything filtered out: report progress only now and then, not per commit —
          // but at least once a second, so a caller waiting for "caught up with the head" returns.
          emit(events, next, caughtUp);
        } else {
          position = next;
        }
        schedule();
      } catch (error) {
        stopped = true;
        subscriber.error(error instanceof StoreUnavailableError ? error : new StoreUnavailableError('subscription read failed', error));
      }
    }

    schedule();
    return () => {
      stopped = true;
      clearInterval(poll);
      if (pending !== undefined) clearImmediate(pending);
      offCommit();
      offClose();
    };
  });
}
