import { expect } from 'chai';
import { createCommandHandler, loadAggregate } from '../../../application/commandHandler.js';
import { createUpcasterRegistry } from '../../../application/upcasters.js';
import { deriveEventId } from '../../../application/eventIds.js';
import { ConflictError, PreconditionFailedError } from '../../../domain/shared/errors.js';
import type { EventStore, RecordedEvent } from '../../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { counterDecider, increment, setLimit } from '../../support/counterDecider.js';

const readAll = async (store: EventStore, stream: string): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const e of store.readStream(stream)) events.push(e);
  return events;
};

describe('application/commandHandler', () => {
  let store: EventStore;
  beforeEach(() => {
    store = openSqliteEventStore({ path: ':memory:' });
  });
  afterEach(async () => store.close());

  it('creates the stream with its first command and folds the state', async () => {
    const handler = createCommandHandler({ eventStore: store });
    const first = await handler.handle(counterDecider, 'counter-1', increment(2));
    const second = await handler.handle(counterDecider, 'counter-1', increment(3));
    expect(first.nextExpectedRevision).to.equal(0n);
    expect(second.state.value).to.equal(5);
    expect(second.nextExpectedRevision).to.equal(1n);
    expect((await readAll(store, 'counter-1')).map((e) => e.type)).to.deep.equal(['Incremented', 'Incremented']);
  });

  it('derives event ids from the command id and records who, when, why and which command', async () => {
    const handler = createCommandHandler({ eventStore: store });
    await handler.handle(counterDecider, 'counter-ids', increment(1, 'key-123'));
    const [event] = await readAll(store, 'counter-ids');
    expect(event!.id).to.equal(deriveEventId('key-123', 'counter-ids', 0));
    expect(event!.metadata).to.include({ commandId: 'key-123', commandType: 'Increment', correlationId: 'key-123', causationId: 'key-123' });
    expect(event!.metadata).to.include({ now: '2026-11-27T10:00:00.000Z', reason: 'test', schemaVersion: 1 });
    expect(event!.metadata.actor).to.deep.equal({ kind: 'agent', id: 'alice' });
  });

  it('replays a retried command (same command id) without writing anything, even from a fresh instance', async () => {
    const handler = createCommandHandler({ eventStore: store });
    await handler.handle(counterDecider, 'counter-retry', increment(1, 'same-key'));
    const again = await handler.handle(counterDecider, 'counter-retry', increment(1, 'same-key'));
    const otherInstance = await createCommandHandler({ eventStore: store }).handle(counterDecider, 'counter-retry', increment(1, 'same-key'));
    expect(again.replayed).to.equal(true);
    expect(otherInstance.replayed).to.equal(true);
    expect(otherInstance.state.value).to.equal(1);
    expect(await readAll(store, 'counter-retry')).to.have.length(1);
  });

  it('remembers a hot stream\'s command ids without copying them all per command (no quadratic slowdown)', async () => {
    const handler = createCommandHandler({ eventStore: store });
    const n = 2_000;
    for (let i = 0; i < n; i++) await handler.handle(counterDecider, 'counter-long', increment(1, `long-${i}`));
    const cached = handler.cache.get('counter-long')!;
    expect(cached.commandIds.size).to.equal(n);
    expect(cached.commandIds.get('long-0')).to.be.a('bigint');
    // Each command copies only the changes since the shared base (≤ ~2√n), never all n ids.
    expect(cached.commandIds.layerSizes().copiedPerChange).to.be.at.most(2 * Math.ceil(Math.sqrt(n)) + 1);
    const retried = await handler.handle(counterDecider, 'counter-long', increment(1, 'long-7'));
    expect(retried.replayed).to.equal(true);
    expect(retried.state.value).to.equal(n);
  });

  it('serialises concurrent commands on one stream inside an instance: none is lost', async () => {
    const handler = createCommandHandler({ eventStore: store });
    await Promise.all(Array.from({ length: 50 }, () => handler.handle(counterDecider, 'counter-hot', increment(1))));
    const loaded = await loadAggregate(store, counterDecider, 'counter-hot');
    expect(loaded.state.value).to.equal(50);
    expect(loaded.revision).to.equal(49n);
  });

  it('re-reads and re-decides when another instance appended meanwhile (stale cache)', async () => {
    const a = createCommandHandler({ eventStore: store });
    const b = createCommandHandler({ eventStore: store });
    await a.handle(counterDecider, 'counter-2', setLimit(3));
    await a.handle(counterDecider, 'counter-2', increment(2)); // a caches value 2
    await b.handle(counterDecider, 'counter-2', increment(1)); // b writes: value 3, a's cache is stale
    // a's cached state says 2 + 1 = 3 is fine; the append conflicts, a re-reads (3) and the rule refuses.
    let error: unknown;
    try {
      await a.handle(counterDecider, 'counter-2', increment(1));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConflictError);
    expect((error as ConflictError).code).to.equal('LIMIT_EXCEEDED');
    expect((await loadAggregate(store, counterDecider, 'counter-2')).state.value).to.equal(3);
  });

  it('turns an If-Match revision that no longer holds into a 412 and writes nothing', async () => {
    const handler = createCommandHandler({ eventStore: store });
    await handler.handle(counterDecider, 'counter-3', increment(1));
    await handler.handle(counterDecider, 'counter-3', increment(1));
    let error: unknown;
    try {
      await handler.handle(counterDecider, 'counter-3', increment(1), { expectedRevision: 0n });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(PreconditionFailedError);
    expect((error as PreconditionFailedError).status).to.equal(412);
    expect(await readAll(store, 'counter-3')).to.have.length(2);
    const ok = await handler.handle(counterDecider, 'counter-3', increment(1), { expectedRevision: 1n });
    expect(ok.nextExpectedRevision).to.equal(2n);
  });

  it('writes nothing when the decider refuses or decides no change', async () => {
    const handler = createCommandHandler({ eventStore: store });
    await handler.handle(counterDecider, 'counter-4', setLimit(1));
    const none = await handler.handle(counterDecider, 'counter-4', increment(0));
    expect(none.newEvents).to.have.length(0);
    await handler.handle(counterDecider, 'counter-4', increment(5)).catch(() => undefined);
    expect(await readAll(store, 'counter-4')).to.have.length(1);
  });

  it('upcasts old event versions on load', async () => {
    // Version 1 of Incremented carried { amount }; version 2 renamed it to { by }.
    await store.append('counter-old', [{ id: deriveEventId('legacy', 'counter-old', 0), type: 'Incremented', data: { amount: 7 }, metadata: { schemaVersion: 1 } }], {
      expectedRevision: 'no_stream',
    });
    const upcasters = createUpcasterRegistry([{ eventType: 'Incremented', fromVersion: 1, upcast: (d) => ({ by: (d as { amount: number }).amount }) }]);
    const handler = createCommandHandler({ eventStore: store, upcasters });
    const result = await handler.handle(counterDecider, 'counter-old', increment(1));
    expect(result.state.value).to.equal(8);
    const events = await readAll(store, 'counter-old');
    expect(events[1]!.metadata.schemaVersion).to.equal(2);
  });
});
