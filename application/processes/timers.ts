import type { JsonValue } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { classifyFailure, errorCode, errorMessage } from './processErrors.js';

/**
 * Durable timers: "do X at T" survives restarts because it is a document in the read store, not
 * a setTimeout. Scheduling is idempotent by timer id (a re-processed event schedules nothing new,
 * and a fired or cancelled timer is never revived). A poller — one instance at a time, under a
 * lease — fires due timers through the owning process's handler. Handlers derive their command
 * ids from the timer id, so a timer fired twice (crash between firing and marking) replays, and
 * they judge the situation at firing time: a timer made obsolete is a no-op by rule even when
 * nobody cancelled it.
 */
export const PROCESS_TIMERS = 'process_timers';

export type TimerStatus = 'scheduled' | 'fired' | 'cancelled' | 'failed';

export type TimerDocument = {
  _id: string;
  /** The process whose handler fires it. */
  owner: string;
  /** What it belongs to (an order id): lets a process cancel everything of an order at once. */
  group: string;
  tag?: string;
  dueAt: string;
  dueAtMs: number;
  /** When the poller next looks at it: dueAtMs, pushed back after a transient failure. */
  nextAttemptAtMs: number;
  payload: { [key: string]: JsonValue };
  status: TimerStatus;
  scheduledAt: string;
  attempts: number;
  firedAt?: string;
  cancelledAt?: string;
  code?: string;
  lastError?: string;
};

export type TimerSpec = Readonly<{ id: string; owner: string; group: string; tag?: string; dueAt: string; payload: { [key: string]: JsonValue } }>;

export type Timers = Readonly<{
  setup: () => Promise<void>;
  /** True when this call created the timer; false when it already existed (in any status). */
  schedule: (spec: TimerSpec, now: string) => Promise<boolean>;
  cancel: (id: string, now: string) => Promise<boolean>;
  /** Cancels the scheduled timers of an owner's group (optionally with one tag); returns how many. */
  cancelGroup: (owner: string, group: string, now: string, tag?: string) => Promise<number>;
  get: (id: string) => Promise<TimerDocument | null>;
  due: (nowMs: number, limit: number) => Promise<TimerDocument[]>;
  markFired: (id: string, now: string) => Promise<void>;
  markFailed: (id: string, now: string, error: unknown) => Promise<void>;
  postpone: (id: string, untilMs: number, error: unknown) => Promise<void>;
}>;

export const createTimers = (store: ReadStore): Timers => {
  const timers = () => store.collection<TimerDocument>(PROCESS_TIMERS);
  return {
    setup: async () => {
      await timers().createIndex({ keys: { status: 1, nextAttemptAtMs: 1 } });
      await timers().createIndex({ keys: { owner: 1, group: 1 } });
    },
    schedule: async (spec, now) => {
      const dueAtMs = Date.parse(spec.dueAt);
      if (Number.isNaN(dueAtMs)) throw new RangeError(`timer ${spec.id}: dueAt is not an instant: ${spec.dueAt}`);
      const result = await timers().updateOne(
        { _id: spec.id },
        {
          $setOnInsert: {
            owner: spec.owner, group: spec.group, ...(spec.tag ? { tag: spec.tag } : {}), dueAt: new Date(dueAtMs).toISOString(), dueAtMs,
            nextAttemptAtMs: dueAtMs, payload: spec.payload, status: 'scheduled', scheduledAt: now, attempts: 0,
          },
        },
        { upsert: true },
      );
      return result.upsertedId !== undefined;
    },
    cancel: async (id, now) => (await timers().updateOne({ _id: id, status: 'scheduled' }, { $set: { status: 'cancelled', cancelledAt: now } })).modifiedCount > 0,
    cancelGroup: async (owner, group, now, tag) =>
      (await timers().updateMany({ owner, group, status: 'scheduled', ...(tag ? { tag } : {}) }, { $set: { status: 'cancelled', cancelledAt: now } })).modifiedCount,
    get: (id) => timers().findOne({ _id: id }),
    due: (nowMs, limit) => timers().find({ status: 'scheduled', nextAttemptAtMs: { $lte: nowMs } }, { sort: { nextAttemptAtMs: 1 }, limit }),
    markFired: async (id, now) => {
      await timers().updateOne({ _id: id, status: 'scheduled' }, { $set: { status: 'fired', firedAt: now }, $inc: { attempts: 1 } });
    },
    markFailed: async (id, now, error) => {
      await timers().updateOne(
        { _id: id, status: 'scheduled' },
        { $set: { status: 'failed', firedAt: now, code: errorCode(error), lastError: errorMessage(error).slice(0, 2000) }, $inc: { attempts: 1 } },
      );
    },
    postpone: async (id, untilMs, error) => {
      await timers().updateOne(
        { _id: id, status: 'scheduled' },
        { $set: { nextAttemptAtMs: untilMs, code: errorCode(error), lastError: errorMessage(error).slice(0, 2000) }, $inc: { attempts: 1 } },
      );
    },
  };
};

export type TimerHandler = (timer: TimerDocument, now: string) => Promise<void>;

export type TimerPollerOptions = Readonly<{
  intervalMs: number;
  clock?: () => Date;
  /** Timers fired per pass; the rest wait for the next pass. */
  batchLimit?: number;
  /** Backoff after a transient failure, and attempts before an unexpected error fails the timer. */
  retry?: Readonly<{ minDelayMs: number; maxDelayMs: number; unexpectedAttempts: number }>;
  onError?: (timer: TimerDocument | undefined, error: unknown) => void;
}>;

export type TimerPollerStatus = Readonly<{ running: boolean; fired: number; failed: number; lastRunAt: string | undefined; lastError: string | undefined }>;

export type TimerPoller = Readonly<{
  start: () => void;
  stop: () => Promise<void>;
  /** One pass over the due timers; returns how many fired. */
  runOnce: () => Promise<number>;
  status: () => TimerPollerStatus;
}>;

export const createTimerPoller = (timers: Timers, handlers: Readonly<Record<string, TimerHandler>>, options: TimerPollerOptions): TimerPoller => {
  const clock = options.clock ?? (() => new Date());
  const retry = options.retry ?? { minDelayMs: 100, maxDelayMs: 30_000, unexpectedAttempts: 5 };
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  let fired = 0;
  let failed = 0;
  let lastRunAt: string | undefined;
  let lastError: string | undefined;

  const fire = async (doc: TimerDocument): Promise<boolean> => {
    const now = clock();
    const handler = handlers[doc.owner];
    try {
      if (!handler) throw new Error(`no timer handler for ${doc.owner}`);
      await handler(doc, now.toISOString());
      await timers.markFired(doc._id, now.toISOString());
      fired += 1;
      return true;
    } catch (error) {
      lastError = errorMessage(error);
      options.onError?.(doc, error);
      const kind = classifyFailure(error);
      if (kind === 'rejected' || (kind === 'unexpected' && doc.attempts + 1 >= retry.unexpectedAttempts)) {
        await timers.markFailed(doc._id, now.toISOString(), error);
        failed += 1;
      } else {
        await timers.postpone(doc._id, now.getTime() + Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** doc.attempts), error);
      }
      return false;
    }
  };

  const runOnce = async (): Promise<number> => {
    const now = clock();
    lastRunAt = now.toISOString();
    let count = 0;
    for (const doc of await timers.due(now.getTime(), options.batchLimit ?? 200)) if (await fire(doc)) count += 1;
    return count;
  };

  const tick = () => {
    timer = undefined;
    current = runOnce()
      .catch((error) => {
        lastError = errorMessage(error);
        options.onError?.(undefined, error);
      })
      .finally(() => {
        if (running) timer = setTimeout(tick, options.intervalMs);
      });
  };

  return {
    start: () => {
      if (running) return;
      running = true;
      tick();
    },
    stop: async () => {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current;
    },
    runOnce,
    status: () => ({ running, fired, failed, lastRunAt, lastError }),
  };
};
