import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type {
  EventMetadata,
  EventStore,
  EventToAppend,
  JsonValue,
  RecordedEvent,
  SubscribeOptions,
  SubscriptionBatch,
} from '../../../../infrastructure/eventstore/eventStore.js';

export type OpenEventStore = () => Promise<{ store: EventStore; dispose: () => Promise<void> }>;

/**
 * Per-test state shared by the contract parts. `ns` is a fresh prefix per test so that tests
 * never see each other's streams, even on a shared server (EventStoreDB) where `$all` also holds
 * other tests' and system events: every `$all` assertion filters to `ns` or to `ns` prefixes.
 */
export type ContractContext = {
  store: EventStore;
  ns: string;
  /** Opens a second, independent store (same adapter); disposed after the test. */
  open: OpenEventStore;
};

export function newEvent(type = 'ThingHappened', data: JsonValue = { n: 1 }, metadata?: EventMetadata): EventToAppend {
  return metadata === undefined ? { id: randomUUID(), type, data } : { id: randomUUID(), type, data, metadata };
}

export function events(count: number, type = 'ThingHappened'): EventToAppend[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, { i }));
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Awaits a rejection and checks its class; returns the error for further assertions. */
export async function expectRejection<E extends Error>(
  work: Promise<unknown> | (() => Promise<unknown>),
  errorClass: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    expect(error, `expected ${errorClass.name}, got ${String(error)}`).to.be.instanceOf(errorClass);
    return error as E;
  }
  throw new Error(`expected rejection with ${errorClass.name}`);
}

/** Awaits a rejection that is an instance of one of the classes (for "either error" rules). */
export async function expectRejectionOneOf(
  work: Promise<unknown>,
  errorClasses: ReadonlyArray<abstract new (...args: never[]) => Error>,
): Promise<Error> {
  try {
    await work;
  } catch (error) {
    const names = errorClasses.map((c) => c.name).join(' or ');
    expect(errorClasses.some((c) => error instanceof c), `expected ${names}, got ${String(error)}`).to.equal(true);
    return error as Error;
  }
  throw new Error('expected a rejection');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function ofNs(ns: string, list: readonly RecordedEvent[]): RecordedEvent[] {
  return list.filter((e) => e.streamName.startsWith(ns));
}

export type Collected = { batches: SubscriptionBatch[]; events: RecordedEvent[] };

/**
 * Subscribes, acknowledges every batch at once, and resolves when `until` holds (then
 * unsubscribes). Rejects on a subscription error, early completion or timeout.
 */
export function subscribeUntil(
  store: EventStore,
  options: SubscribeOptions,
  until: (collected: Collected) => boolean,
  timeoutMs = 8000,
): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const collected: Collected = { batches: [], events: [] };
    let done = false;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // Deferred: the subscription object may not be assigned yet when the first batch arrives synchronously.
      queueMicrotask(() => subscription.unsubscribe());
      if (error === undefined) resolve(collected);
      else reject(error instanceof Error ? error : new Error(String(error)));
    };
    const timer = setTimeout(
      () => finish(new Error(`subscription timed out after ${timeoutMs} ms with ${collected.events.length} events`)),
      timeoutMs,
    );
    const subscription = store.subscribeToAll(options).subscribe({
      next: (batch) => {
        if (done) return;
        collected.batches.push(batch);
        collected.events.push(...batch.events);
        batch.ack();
        if (until(collected)) finish();
      },
      error: (error: unknown) => finish(error),
      complete: () => finish(new Error('subscription completed unexpectedly')),
    });
  });
}

export function expectStrictlyIncreasing(positions: readonly bigint[]): void {
  for (let i = 1; i < positions.length; i++) {
    expect(positions[i]! > positions[i - 1]!, `position ${positions[i]} after ${positions[i - 1]}`).to.equal(true);
  }
}
