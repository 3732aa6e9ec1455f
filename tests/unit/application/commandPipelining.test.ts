import { expect } from 'chai';
import fc from 'fast-check';
import { createCommandHandler, loadAggregate } from '../../../application/commandHandler.js';
import { ConflictError } from '../../../domain/shared/errors.js';
import type { AppendOptions, AppendResult, EventStore, EventToAppend, RecordedEvent } from '../../../infrastructure/eventstore/eventStore.js';
import { StoreUnavailableError } from '../../../infrastructure/eventstore/errors.js';
import { openEsdbEventStore } from '../../../infrastructure/eventstore/esdb/esdbEventStore.js';
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { startEsdbStandIn, type EsdbStandIn } from '../../support/esdbStandIn/startEsdbStandIn.js';
import { counterDecider, increment, setLimit } from '../../support/counterDecider.js';

/**
 * An event store that can fail chosen appends (as a disk error would: nothing written) and
 * records how many appends to one stream were in flight at once.
 */
const instrumented = (inner: EventStore, failAppend: (n: number) => boolean = () => false) => {
  let appends = 0;
  let inFlight = 0;
  const stats = { maxInFlight: 0, failed: 0 };
  const store: EventStore = Object.assign(Object.create(inner) as EventStore, {
    append: async (stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> => {
      const n = appends++;
      inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      try {
        if (failAppend(n)) {
          await new Promise((resolve) => setImmediate(resolve));
          stats.failed++;
          throw new StoreUnavailableError(`append ${n} failed (injected)`);
        }
        return await inner.append(stream, events, options);
      } finally {
        inFlight--;
      }
    },
  });
  return { store, stats };
};

const readAll = async (store: EventStore, stream: string): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const e of store.readStream(stream)) events.push(e);
  return events;
};

describe('application/commandHandler: optimistic pipelining on one stream', () => {
  let inner: EventStore;
  beforeEach(() => {
    inner = openSqliteEventStore({ path: ':memory:' });
  });
  afterEach(async () => inner.close());

  it('has several appends of one stream in flight at once, and every command gets its own revision and position', async () => {
    const { store, stats } = instrumented(inner);
    const handler = createCommandHandler({ eventStore: store });
    await handler.handle(counterDecider, 'c-hot', increment(1));
    const results = await Promise.all(Array.from({ length: 200 }, () => handler.handle(counterDecider, 'c-hot', increment(1))));
    expect(stats.maxInFlight).to.be.greaterThan(1);
    expect(new Set(results.map((r) => r.nextExpectedRevision)).size).to.equal(200);
    expect(new Set(results.map((r) => r.position)).size).to.equal(200);
    const stored = await loadAggregate(inner, counterDecider, 'c-hot');
    expect(stored.state.value).to.equal(201);
    expect(stored.revision).to.equal(200n);
    // Each result's revision is where its event really is.
    const events = await readAll(inner, 'c-hot');
    for (const r of results) expect(events[Number(r.nextExpectedRevision)]!.position).to.equal(r.position);
  });

  it('a failed append fails only its own command; the commands decided on top of it are decided again on the stored state', async () => {
    const { store, stats } = instrumented(inner, (n) => n === 5);
    const handler = createCommandHandler({ eventStore: store });
    await handler.handle(counterDecider, 'c-fail', increment(1));
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => handler.handle(counterDecider, 'c-fail', increment(1))));
    const failed = outcomes.filter((o) => o.status === 'rejected');
    expect(stats.failed).to.equal(1);
    expect(failed).to.have.length(1);
    expect((failed[0] as PromiseRejectedResult).reason).to.be.instanceOf(StoreUnavailableError);
    const stored = await loadAggregate(inner, counterDecider, 'c-fail');
    expect(stored.state.value).to.equal(20);
    expect((await handler.load(counterDecider, 'c-fail')).state).to.deep.equal(stored.state);
  });

  it('refuses only on durable events: a refusal decided on an in-flight append that then fails is decided again', async () => {
    const handler0 = createCommandHandler({ eventStore: inner });
    await handler0.handle(counterDecider, 'c-limit', setLimit(3));
    await handler0.handle(counterDecider, 'c-limit', increment(2));
    const { store } = instrumented(inner, (n) => n === 0);
    const handler = createCommandHandler({ eventStore: store });
    await handler.load(counterDecider, 'c-limit');
    const first = handler.handle(counterDecider, 'c-limit', increment(1)); // its append fails
    // Decided on value 3 (in flight) it would exceed the limit; on the stored value 2 it fits.
    const second = handler.handle(counterDecider, 'c-limit', increment(1));
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status).to.equal('rejected');
    expect(b.status).to.equal('fulfilled');
    expect((await loadAggregate(inner, counterDecider, 'c-limit')).state.value).to.equal(3);
  });

  it('a refusal on durable events stays a refusal', async () => {
    const handler = createCommandHandler({ eventStore: inner });
    await handler.handle(counterDecider, 'c-limit2', setLimit(3));
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => handler.handle(counterDecider, 'c-limit2', increment(1))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(3);
    for (const o of outcomes.filter((x) => x.status === 'rejected')) expect((o as PromiseRejectedResult).reason).to.be.instanceOf(ConflictError);
    expect((await loadAggregate(inner, counterDecider, 'c-limit2')).state.value).to.equal(3);
  });

  it('a retry of a command still in flight gets the original\'s outcome and writes nothing more', async () => {
    const handler = createCommandHandler({ eventStore: inner });
    await handler.handle(counterDecider, 'c-dup', increment(1));
    const [original, retry] = await Promise.all([
      handler.handle(counterDecider, 'c-dup', increment(1, 'dup-key')),
      handler.handle(counterDecider, 'c-dup', increment(1, 'dup-key')),
    ]);
    expect(original.replayed).to.equal(false);
    expect(retry.replayed).to.equal(true);
    expect(retry.position).to.equal(original.position);
    expect(await readAll(inner, 'c-dup')).to.have.length(2);
  });

  it('every command of a pipelined burst is replayed afterwards with its own original position', async () => {
    const handler = createCommandHandler({ eventStore: inner });
    await handler.handle(counterDecider, 'c-burst', increment(1));
    const originals = await Promise.all(Array.from({ length: 40 }, (_, i) => handler.handle(counterDecider, 'c-burst', increment(1, `b-${i}`))));
    const retries = await Promise.all(Array.from({ length: 40 }, (_, i) => handler.handle(counterDecider, 'c-burst', increment(1, `b-${i}`))));
    retries.forEach((r, i) => {
      expect(r.replayed, `b-${i}`).to.equal(true);
      expect(r.position, `b-${i}`).to.equal(originals[i]!.position);
    });
    expect(await readAll(inner, 'c-burst')).to.have.length(41);
  });

  it('load answers with a state that holds nothing still in flight', async () => {
    const handler = createCommandHandler({ eventStore: inner });
    await handler.handle(counterDecider, 'c-load', increment(1));
    const writes = Array.from({ length: 10 }, () => handler.handle(counterDecider, 'c-load', increment(1)));
    const loaded = await handler.load(counterDecider, 'c-load');
    expect(loaded.pending).to.equal(undefined);
    const stored = await loadAggregate(inner, counterDecider, 'c-load');
    expect(stored.revision! >= loaded.revision!).to.equal(true);
    await Promise.all(writes);
  });

  it('whatever appends fail, the store holds exactly the commands that succeeded and the cache agrees with it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat({ max: 60 }), { maxLength: 6 }),
        fc.integer({ min: 2, max: 12 }),
        async (bys, failures, limit) => {
          const base = openSqliteEventStore({ path: ':memory:' });
          try {
            const failing = new Set(failures.map((f) => f + 1));
            const { store } = instrumented(base, (n) => failing.has(n));
            const handler = createCommandHandler({ eventStore: store });
            await handler.handle(counterDecider, 'c-prop', setLimit(limit));
            const outcomes = await Promise.allSettled(bys.map((by, i) => handler.handle(counterDecider, 'c-prop', increment(by, `p-${i}`))));
            const events = await readAll(base, 'c-prop');
            const written = new Set(events.map((e) => e.metadata.commandId));
            const stored = await loadAggregate(base, counterDecider, 'c-prop');
            let succeededSum = 0;
            outcomes.forEach((o, i) => {
              const id = `p-${i}`;
              if (o.status === 'fulfilled') {
                expect(written.has(id) || bys[i] === 0, id).to.equal(true);
                succeededSum += bys[i]!;
              } else {
                expect(written.has(id), id).to.equal(false);
                const reason = o.reason as Error;
                // A refusal only when the stored counter had no room left for it: the counter
                // never goes down, so it has none at the end either.
                if (reason instanceof ConflictError) expect(stored.state.value + bys[i]!, id).to.be.greaterThan(limit);
                else expect(reason).to.be.instanceOf(StoreUnavailableError);
              }
            });
            expect(stored.state.value).to.equal(succeededSum);
            expect(stored.state.value).to.be.at.most(limit);
            expect((await handler.load(counterDecider, 'c-prop')).state).to.deep.equal(stored.state);
          } finally {
            await base.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('application/commandHandler: no pipelining over the EventStoreDB adapter (protocol stand-in)', () => {
  let standIn: EsdbStandIn;
  let inner: EventStore;
  beforeEach(async () => {
    standIn = await startEsdbStandIn();
    inner = await openEsdbEventStore({ connectionString: standIn.connectionString });
  });
  afterEach(async () => {
    await inner.close();
    await standIn.stop();
  });

  it('does not pipeline (each gRPC append may overtake the previous one): one append per stream at a time, none lost, none failed but the broken one', async () => {
    expect(inner.orderedAppends).to.not.equal(true);
    const { store, stats } = instrumented(inner, (n) => n === 7);
    const handler = createCommandHandler({ eventStore: store });
    await handler.handle(counterDecider, 'c-esdb', increment(1));
    const outcomes = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => handler.handle(counterDecider, 'c-esdb', increment(1, `e-${i}`))));
    expect(stats.maxInFlight).to.equal(1);
    const failed = outcomes.filter((o) => o.status === 'rejected');
    expect(failed).to.have.length(1);
    expect((failed[0] as PromiseRejectedResult).reason).to.be.instanceOf(StoreUnavailableError);
    const events = await readAll(inner, 'c-esdb');
    expect(new Set(events.map((e) => e.metadata.commandId)).size).to.equal(60);
    expect((await handler.load(counterDecider, 'c-esdb')).state.value).to.equal(60);
  });
});
