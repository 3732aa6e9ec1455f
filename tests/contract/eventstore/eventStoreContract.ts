import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../infrastructure/eventstore/eventStore.js';
import { appendContract } from './contract/appendContract.js';
import type { ContractContext, OpenEventStore } from './contract/contractContext.js';
import { readContract } from './contract/readContract.js';
import { streamLifecycleContract } from './contract/streamLifecycleContract.js';
import { subscriptionContract } from './contract/subscriptionContract.js';

export type { OpenEventStore } from './contract/contractContext.js';

/**
 * The event-store contract every adapter passes (SQLite, EventStoreDB).
 *
 * Adapter-neutral by design: positions are only compared for order and "after" semantics, never
 * for specific values or gap-freeness (EventStoreDB positions are large and gappy); every `$all`
 * assertion is scoped to a per-test stream prefix, because a shared server also holds other
 * events (system streams, earlier runs). Adapter-specific guarantees (SQLite's gap-free positions,
 * group commit, queue bound) live in the adapter's own test file.
 *
 * Rules the suite pins down (beyond the port's doc comments):
 * - a retry (same ids sitting right after the same expected revision, in order) succeeds with the
 *   original AppendResult, even after the stream moved on; the same ids anywhere else reject with
 *   ConcurrencyError or DuplicateEventIdError (adapter's choice, documented there);
 * - invalid input (non-UUID id, empty type, non-JSON data, an event over 1 MiB, duplicate ids in one
 *   append) rejects the whole append with InvalidAppendError;
 * - readStream returns lazily: StreamNotFoundError surfaces when iteration starts;
 * - a filter with both `streamPrefixes` and `eventTypes` matches events satisfying both;
 * - stream metadata `truncateBefore`/`maxCount` apply to readStream (not to $all);
 * - subscriptions emit a batch with `caughtUp: true` once they reach the head (it may be empty).
 *
 * `open` is called before every test and `dispose` after it; `dispose` must tolerate a store the
 * test already closed.
 */
export function describeEventStoreContract(adapterName: string, open: OpenEventStore): void {
  describe(`EventStore contract: ${adapterName}`, function () {
    this.timeout(20_000);
    let dispose: () => Promise<void> = async () => {};
    const ctx: ContractContext = { store: undefined as unknown as EventStore, ns: '', open };

    beforeEach(async () => {
      const opened = await open();
      ctx.store = opened.store;
      dispose = opened.dispose;
      // Letters only up front so the prefix is a valid category start; unique per test.
      ctx.ns = `ct${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    });

    afterEach(async () => {
      await dispose();
    });

    appendContract(ctx);
    readContract(ctx);
    subscriptionContract(ctx);
    streamLifecycleContract(ctx);
  });
}
