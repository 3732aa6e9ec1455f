import { expect } from 'chai';
import { createCommandHandler } from '../../../../application/commandHandler.js';
import { Observable } from 'rxjs';
import type { EventStore, SubscriptionBatch } from '../../../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore } from '../../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { ReadStore } from '../../../../infrastructure/readstore/readStore.js';
import { CHECKPOINTS, CheckpointMovedError, advanceCheckpoint } from '../../../../projections/runtime/checkpoints.js';
import { createProjectionRunner } from '../../../../projections/runtime/projectionRunner.js';
import { counterDecider, increment } from '../../../support/counterDecider.js';
import { counterProjection, type CounterDoc } from '../../../support/counterProjection.js';

describe('projections/runtime/projectionRunner', () => {
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

  const write = async (stream: string, n: number) => {
    const handler = createCommandHandler({ eventStore: events });
    let last;
    for (let i = 0; i < n; i++) last = await handler.handle(counterDecider, stream, increment(1));
    return last!.position!;
  };

  it('catches up, goes live, and stores the checkpoint with the documents', async () => {
    await write('counter-a', 5);
    await events.append('other-x', [{ id: '0a5d3bd2-71c3-4c7e-9df1-1f1e2a3b4c5d', type: 'Ignored', data: {} }], { expectedRevision: 'no_stream' });
    const runner = createProjectionRunner(events, reads, counterProjection());
    await runner.start();
    await runner.waitUntilCaughtUp();
    const live = await write('counter-b', 3);
    await runner.waitFor(live);
    const docs = await reads.collection<CounterDoc>('counters_v1').find({}, { sort: { _id: 1 } });
    expect(docs.map((d) => [d._id, d.value, d.applied])).to.deep.equal([
      ['counter-a', 5, 5],
      ['counter-b', 3, 3],
    ]);
    const checkpoint = await reads.collection(CHECKPOINTS).findOne({ _id: 'counters_v1' });
    expect(BigInt(checkpoint!.position as string) >= live).to.equal(true);
    expect(runner.status().caughtUp).to.equal(true);
    await runner.stop();
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    await write('counter-c', 4);
    const first = createProjectionRunner(events, reads, counterProjection());
    await first.start();
    await first.waitUntilCaughtUp();
    await first.stop();
    const head = await write('counter-c', 2);
    const second = createProjectionRunner(events, reads, counterProjection());
    await second.start();
    await second.waitFor(head);
    await second.stop();
    const doc = await reads.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-c' });
    expect(doc).to.include({ value: 6, applied: 6 });
  });

  it('rolls back a failed batch entirely and retries it from the checkpoint', async () => {
    await write('counter-d', 3);
    let failing = true;
    const errors: unknown[] = [];
    const runner = createProjectionRunner(events, reads, counterProjection(1, (e) => failing && e.revision === 2n), {
      retryDelayMs: 20,
      onError: (_, error) => errors.push(error),
    });
    await runner.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(errors.length).to.be.greaterThan(0);
    expect(await reads.collection('counters_v1').findOne({ _id: 'counter-d' })).to.equal(null);
    expect(await reads.collection(CHECKPOINTS).findOne({ _id: 'counters_v1' })).to.equal(null);
    failing = false;
    await runner.waitUntilCaughtUp();
    expect(await reads.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-d' })).to.include({ value: 3, applied: 3 });
    await runner.stop();
  });

  it('drops the batches a failed subscription had already queued, so none is applied past the failed one', async () => {
    await write('counter-e', 1);
    await write('counter-f', 1);
    await write('counter-g', 1);
    // A producer that pushes every batch at once without waiting for acknowledgements (as a remote
    // store's client may): when the first batch fails, the next two are already queued.
    const eager: EventStore = Object.assign(Object.create(null) as EventStore, events, {
      subscribeToAll: (options: Parameters<EventStore['subscribeToAll']>[0] = {}) =>
        new Observable<SubscriptionBatch>((subscriber) => {
          void (async () => {
            const list = [];
            for await (const e of events.readAll({ ...(options.after !== undefined ? { after: options.after } : {}), ...(options.filter ? { filter: options.filter } : {}) })) list.push(e);
            list.forEach((e, i) => subscriber.next({ events: [e], position: e.position, caughtUp: i === list.length - 1, ack: () => undefined }));
          })();
        }),
    });
    let failures = 0;
    const failOnce = (e: { streamName: string }) => e.streamName === 'counter-e' && failures++ === 0;
    const runner = createProjectionRunner(eager, reads, counterProjection(1, failOnce), { retryDelayMs: 20, catchUpChunk: 0 });
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    expect(failures).to.be.greaterThan(1);
    const docs = await reads.collection<CounterDoc>('counters_v1').find({}, { sort: { _id: 1 } });
    // Had a queued batch been applied after the failure, the checkpoint would have passed counter-e for good.
    expect(docs.map((d) => [d._id, d.applied])).to.deep.equal([
      ['counter-e', 1],
      ['counter-f', 1],
      ['counter-g', 1],
    ]);
  });

  it('fences a stale instance: advancing a checkpoint someone else moved fails', async () => {
    await reads.withTransaction((tx) => advanceCheckpoint(tx, 'p_v1', undefined, 10n, 1, 'now'));
    let error: unknown;
    try {
      await reads.withTransaction((tx) => advanceCheckpoint(tx, 'p_v1', 5n, 12n, 1, 'now'));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(CheckpointMovedError);
    expect((await reads.collection(CHECKPOINTS).findOne({ _id: 'p_v1' }))!.position).to.equal('10');
  });

  it('resolves a wait registered before start when the checkpoint already covers it (nothing new to apply)', async () => {
    const head = await write('counter-e', 3);
    const first = createProjectionRunner(events, reads, counterProjection());
    await first.start();
    await first.waitFor(head);
    await first.stop();
    // Restart at the head: no batch will ever advance the position, so only the checkpoint can answer.
    const second = createProjectionRunner(events, reads, counterProjection());
    const waited = second.waitFor(head, 2_000);
    await second.start();
    await waited;
    expect(second.status().position).to.equal(head.toString());
    await second.stop();
  });
});
