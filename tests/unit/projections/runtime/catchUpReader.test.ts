import { expect } from 'chai';
import type { EventStore } from '../../../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore } from '../../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { ReadStore } from '../../../../infrastructure/readstore/readStore.js';
import { createCatchUpReader } from '../../../../projections/runtime/catchUpReader.js';
import { CHECKPOINTS } from '../../../../projections/runtime/checkpoints.js';
import { createProjectionRunner } from '../../../../projections/runtime/projectionRunner.js';
import { counterProjection, type CounterDoc } from '../../../support/counterProjection.js';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
let nextId = 1;

/** Appends `n` Incremented events to `stream`, one append each; returns the last position. */
const append = async (store: EventStore, stream: string, n: number): Promise<bigint> => {
  let last = 0n;
  for (let i = 0; i < n; i++) {
    const revision = await store.streamRevision(stream);
    const result = await store.append(stream, [{ id: uuid(nextId++), type: 'Incremented', data: { by: 1 } }], { expectedRevision: revision ?? 'no_stream' });
    last = result.position;
  }
  return last;
};

describe('projections/runtime/catchUpReader', () => {
  let events: EventStore;
  let reads: ReadStore;
  beforeEach(async () => {
    events = openSqliteEventStore({ path: ':memory:' });
    reads = await openEmbeddedReadStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await events.close();
    await reads.close();
  });

  it('reads each chunk once for every caller and serves later positions inside it as slices', async () => {
    await append(events, 'counter-a', 7);
    const reader = createCatchUpReader(events);
    const [a, b] = await Promise.all([reader.read(0n, 5), reader.read(0n, 5)]);
    expect(a.events.map((e) => e.position)).to.deep.equal([1n, 2n, 3n, 4n, 5n]);
    expect(a.more).to.equal(true);
    expect(b.events).to.deep.equal(a.events);
    const slice = await reader.read(3n, 5);
    expect(slice.events.map((e) => e.position)).to.deep.equal([4n, 5n]);
    expect(slice.more).to.equal(true);
    const tail = await reader.read(5n, 5);
    expect(tail.events.map((e) => e.position)).to.deep.equal([6n, 7n]);
    expect(tail.more).to.equal(false);
    expect(reader.stats()).to.deep.equal({ reads: 2, hits: 2 });
  });

  it('keeps only the newest chunks and reads an evicted range again', async () => {
    await append(events, 'counter-a', 6);
    const reader = createCatchUpReader(events, { maxChunks: 1 });
    await reader.read(0n, 2);
    await reader.read(2n, 2);
    const again = await reader.read(0n, 2);
    expect(again.events.map((e) => e.position)).to.deep.equal([1n, 2n]);
    expect(reader.stats().reads).to.equal(3);
  });

  it('runners catch up through shared chunks, switch to live without loss or duplicates, and checkpoint exactly', async () => {
    await append(events, 'counter-a', 9);
    await append(events, 'other-x', 2);
    await append(events, 'counter-b', 4);
    const reader = createCatchUpReader(events);
    const options = { catchUpChunk: 4, catchUpReader: reader };
    const blue = createProjectionRunner(events, reads, counterProjection(1), options);
    const green = createProjectionRunner(events, reads, counterProjection(2), options);
    await Promise.all([blue.start(), green.start()]);
    // Appends racing with catch-up land either in a chunk or in the live subscription, never both.
    const live = await append(events, 'counter-b', 5);
    await Promise.all([blue.waitFor(live), green.waitFor(live)]);
    for (const [runner, collection, factor] of [[blue, 'counters_v1', 1], [green, 'counters_v2', 2]] as const) {
      const docs = await reads.collection<CounterDoc>(collection).find({}, { sort: { _id: 1 } });
      expect(docs.map((d) => [d._id, d.value, d.applied])).to.deep.equal([
        ['counter-a', 9 * factor, 9],
        ['counter-b', 9 * factor, 9],
      ]);
      const checkpoint = await reads.collection(CHECKPOINTS).findOne({ _id: runner.processor });
      expect(checkpoint).to.include({ position: live.toString() });
      await runner.stop();
    }
    // 15 events before the start: the full chunks after 0, 4 and 8 are read once for both runners.
    expect(reader.stats().hits).to.be.at.least(3);
  });

  it('a failing chunk is rolled back with its checkpoint and retried from the last one', async () => {
    await append(events, 'counter-c', 10);
    let failing = true;
    const errors: unknown[] = [];
    const runner = createProjectionRunner(events, reads, counterProjection(1, (e) => failing && e.revision === 6n), {
      catchUpChunk: 3,
      catchUpFlushEvents: 0, // one transaction per chunk
      catchUpReader: createCatchUpReader(events),
      retryDelayMs: 20,
      onError: (_, error) => errors.push(error),
    });
    await runner.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(errors.length).to.be.greaterThan(0);
    // Chunks (0,3] and (3,6] applied; (6,9] holds revision 6 (position 7) and failed as a whole.
    expect(await reads.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-c' })).to.include({ applied: 6 });
    expect(await reads.collection(CHECKPOINTS).findOne({ _id: 'counters_v1' })).to.include({ position: '6' });
    failing = false;
    await runner.waitFor(10n);
    expect(await reads.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-c' })).to.include({ value: 10, applied: 10 });
    await runner.stop();
  });

  it('deferred: chunks folded in memory are written only at a flush; a failure loses nothing durable and is re-folded from the checkpoint', async () => {
    await append(events, 'counter-c', 10);
    let failing = true;
    const errors: unknown[] = [];
    const runner = createProjectionRunner(events, reads, counterProjection(1, (e) => failing && e.revision === 6n), {
      catchUpChunk: 3,
      catchUpFlushEvents: 5, // written after (0,3] and (3,6]: the flush comes once 6 events are folded
      catchUpReader: createCatchUpReader(events),
      retryDelayMs: 20,
      onError: (_, error) => errors.push(error),
    });
    await runner.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(errors.length).to.be.greaterThan(0);
    // (0,3] folded only; (3,6] folded and flushed with checkpoint 6; (6,9] failed before any flush.
    expect(await reads.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-c' })).to.include({ applied: 6 });
    expect(await reads.collection(CHECKPOINTS).findOne({ _id: 'counters_v1' })).to.include({ position: '6' });
    failing = false;
    await runner.waitFor(10n);
    expect(await reads.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-c' })).to.include({ value: 10, applied: 10 });
    await runner.stop();
  });
});
