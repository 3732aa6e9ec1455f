import type { Subscription } from 'rxjs';
import type { EventFilter, EventStore, GlobalPosition, RecordedEvent, SubscriptionBatch } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { advanceCheckpoint, readCheckpoint } from '../../projections/runtime/checkpoints.js';
import { classifyFailure, errorMessage } from './processErrors.js';
import { markResolved, openFailures, recordFailure } from './processFailures.js';

/**
 * A process manager reacts to events by issuing commands. The runtime gives it:
 * - a catch-up subscription to `$all` after its checkpoint (`process:<name>` in the read store);
 * - sequential handling, one event at a time, in log order;
 * - the checkpoint advanced after each batch, in a short read-store transaction of its own — never
 *   around the handler, which appends to the event store (the embedded stores share one SQLite
 *   file, and a read-store transaction holds its write lock);
 * - at-least-once delivery: a crash replays the unfinished batch, so handlers must be idempotent
 *   (command ids derived from the event id; gateway keys likewise) — effectively once;
 * - retries with capped exponential backoff on transient failures, and poison events (a business
 *   refusal, or an unexpected error that keeps recurring) recorded in `process_failures` so the
 *   process moves on and an operator can replay them.
 */
export type ProcessDefinition = Readonly<{
  name: string;
  filter: EventFilter;
  handle: (event: RecordedEvent) => Promise<void>;
}>;

export type ProcessRetry = Readonly<{ minDelayMs: number; maxDelayMs: number; unexpectedAttempts: number }>;
export const DEFAULT_PROCESS_RETRY: ProcessRetry = { minDelayMs: 50, maxDelayMs: 10_000, unexpectedAttempts: 5 };

export type ProcessRunnerOptions = Readonly<{
  batchSize?: number;
  clock?: () => Date;
  retry?: ProcessRetry;
  /** Pause before resubscribing after the subscription itself failed (ms). */
  resubscribeDelayMs?: number;
  onError?: (processor: string, error: unknown, event?: RecordedEvent) => void;
}>;

export type ProcessStatus = Readonly<{
  processor: string;
  running: boolean;
  caughtUp: boolean;
  position: string | undefined;
  eventsHandled: number;
  poisonEvents: number;
  /** True while an event is being retried after a transient failure. */
  retrying: boolean;
  lastError: string | undefined;
}>;

export type ProcessRunner = Readonly<{
  processor: string;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  status: () => ProcessStatus;
  waitFor: (position: GlobalPosition, timeoutMs?: number) => Promise<void>;
  waitUntilCaughtUp: (timeoutMs?: number) => Promise<void>;
  /** Re-runs every recorded poison event of this process once; returns how many now succeeded. */
  replayFailures: () => Promise<{ resolved: number; stillFailing: number }>;
}>;

class Stopped extends Error {}

export const processorIdOf = (name: string): string => `process:${name}`;

export const createProcessRunner = (
  eventStore: EventStore,
  readStore: ReadStore,
  definition: ProcessDefinition,
  options: ProcessRunnerOptions = {},
): ProcessRunner => {
  const processor = processorIdOf(definition.name);
  const clock = options.clock ?? (() => new Date());
  const retry = options.retry ?? DEFAULT_PROCESS_RETRY;
  let position: GlobalPosition | undefined;
  let running = false;
  let caughtUp = false;
  let eventsHandled = 0;
  let poisonEvents = 0;
  let retrying = false;
  let lastError: string | undefined;
  let subscription: Subscription | undefined;
  let chain: Promise<void> = Promise.resolve();
  let resubscribeTimer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let generation = 0;
  const waiters = new Set<{ target: GlobalPosition; resolve: () => void }>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => ((wake = undefined), resolve()), ms);
      wake = () => (clearTimeout(t), (wake = undefined), resolve());
    });

  const report = (error: unknown, event?: RecordedEvent) => {
    lastError = errorMessage(error);
    options.onError?.(processor, error, event);
  };

  const handleOne = async (event: RecordedEvent) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await definition.handle(event);
        eventsHandled += 1;
        retrying = false;
        return;
      } catch (error) {
        const kind = classifyFailure(error);
        report(error, event);
        if (kind === 'rejected' || (kind === 'unexpected' && attempt >= retry.unexpectedAttempts)) {
          await recordFailure(readStore, processor, event, kind, error, attempt, clock().toISOString());
          poisonEvents += 1;
          retrying = false;
          return;
        }
        if (!running) throw new Stopped();
        retrying = true;
        await sleep(Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** (attempt - 1)));
        if (!running) throw new Stopped();
      }
    }
  };

  const notifyWaiters = () => {
    for (const w of waiters) {
      if (position !== undefined && position >= w.target) {
        waiters.delete(w);
        w.resolve();
      }
    }
  };

  const process = async (batch: SubscriptionBatch, gen: number) => {
    // Batches queued by a subscription that has since failed are dropped: the new one re-delivers them.
    if (!running || gen !== generation) return;
    const previous = position;
    if (previous !== undefined && batch.position <= previous) return batch.ack();
    for (const event of batch.events) {
      if (previous !== undefined && event.position <= previous) continue;
      await handleOne(event);
      if (!running) throw new Stopped();
    }
    await readStore.withTransaction((tx) => advanceCheckpoint(tx, processor, previous, batch.position, batch.events.length, clock().toISOString()));
    position = batch.position;
    if (batch.caughtUp) caughtUp = true;
    notifyWaiters();
    batch.ack();
  };

  const subscribe = () => {
    const gen = ++generation;
    subscription = eventStore.subscribeToAll({ after: position ?? 0n, filter: definition.filter, batchSize: options.batchSize ?? 100 }).subscribe({
      next: (batch) => {
        chain = chain.then(() => process(batch, gen)).catch((error) => fail(error));
      },
      error: (error) => fail(error),
    });
  };

  /** The subscription or a checkpoint write failed: resume from the durable checkpoint after a pause. */
  const fail = (error: unknown) => {
    subscription?.unsubscribe();
    subscription = undefined;
    generation += 1;
    if (error instanceof Stopped || !running) return;
    report(error);
    if (resubscribeTimer) return;
    resubscribeTimer = setTimeout(() => {
      resubscribeTimer = undefined;
      if (!running) return;
      void readCheckpoint(readStore, processor)
        .then((p) => {
          position = p;
          if (running && !subscription) subscribe();
        })
        .catch((e) => fail(e));
    }, options.resubscribeDelayMs ?? 500);
  };

  const waitFor = (target: GlobalPosition, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (position !== undefined && position >= target) return resolve();
      const waiter = { target, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`${processor} did not reach position ${target} within ${timeoutMs} ms (at ${position})`));
      }, timeoutMs);
      waiters.add(waiter);
    });

  const replayFailures = async () => {
    let resolved = 0;
    let stillFailing = 0;
    for (const failure of await openFailures(readStore, processor)) {
      const now = clock().toISOString();
      let event: RecordedEvent | undefined;
      try {
        for await (const e of eventStore.readStream(failure.streamName, { fromRevision: BigInt(failure.revision), maxCount: 1 })) event = e;
        if (event === undefined || event.id !== failure.eventId) throw new Error(`event ${failure.eventId} is no longer at ${failure.streamName}@${failure.revision}`);
        await definition.handle(event);
        await markResolved(readStore, failure._id, now);
        resolved += 1;
      } catch (error) {
        if (event) await recordFailure(readStore, processor, event, classifyFailure(error), error, 1, now);
        stillFailing += 1;
      }
    }
    return { resolved, stillFailing };
  };

  return {
    processor,
    start: async () => {
      if (running) return;
      position = await readCheckpoint(readStore, processor);
      running = true;
      caughtUp = false;
      subscribe();
    },
    stop: async () => {
      running = false;
      if (resubscribeTimer) clearTimeout(resubscribeTimer);
      resubscribeTimer = undefined;
      subscription?.unsubscribe();
      subscription = undefined;
      wake?.();
      await chain.catch(() => undefined);
    },
    status: () => ({ processor, running, caughtUp, position: position?.toString(), eventsHandled, poisonEvents, retrying, lastError }),
    waitFor,
    // The last event this process subscribes to, not the head: a live filtered subscription only
    // reports progress over filtered-out events now and then.
    waitUntilCaughtUp: async (timeoutMs) => {
      for await (const last of eventStore.readAll({ direction: 'backwards', maxCount: 1, filter: definition.filter })) {
        await waitFor(last.position, timeoutMs);
      }
    },
    // Chained behind the live handling so a replay never interleaves with it.
    replayFailures: () => {
      const run = chain.then(replayFailures);
      chain = run.then(() => undefined, () => undefined);
      return run;
    },
  };
};
