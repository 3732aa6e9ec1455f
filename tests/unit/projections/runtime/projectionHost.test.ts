import { expect } from 'chai';
import { createCommandHandler } from '../../../../application/commandHandler.js';
import type { EventStore } from '../../../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore } from '../../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { ReadStore } from '../../../../infrastructure/readstore/readStore.js';
import { tryAcquire } from '../../../../projections/runtime/lease.js';
import { createProjectionHost } from '../../../../projections/runtime/projectionHost.js';
import { activeVersion, createReadModels } from '../../../../projections/runtime/projectionRegistry.js';
import { counterDecider, increment } from '../../../support/counterDecider.js';
import { counterProjection, type CounterDoc } from '../../../support/counterProjection.js';

const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 5000) => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('projections/runtime/projectionHost', () => {
  let events: EventStore;
  let reads: ReadStore;
  beforeEach(async () => {
    events = openSqliteEventStore({ path: ':memory:' });
    reads = await openEmbeddedReadStore({ path: ':memory:' });
    const handler = createCommandHandler({ eventStore: events });
    for (let i = 0; i < 10; i++) await handler.handle(counterDecider, `counter-${i % 3}`, increment(1));
  });
  afterEach(async () => {
    await events.close();
    await reads.close();
  });

  it('builds a new version beside the active one and switches reads once it caught up (blue/green)', async () => {
    const v1 = createProjectionHost(events, reads, [counterProjection(1)], { instanceId: 'a', useLeases: false });
    v1.start();
    await until(async () => (await activeVersion(reads, 'counters')) === 1);
    await v1.stop();
    const readModels = createReadModels(reads, { counters: 1 }, 0);
    expect((await (await readModels.collection<CounterDoc>('counters')).findOne({ _id: 'counter-0' }))!.value).to.equal(4);

    const v2 = createProjectionHost(events, reads, [counterProjection(2)], { instanceId: 'a', useLeases: false });
    v2.start();
    await v2.waitUntilCaughtUp();
    expect(await activeVersion(reads, 'counters')).to.equal(2);
    // Version 2 doubles every increment: reads now come from the rebuilt collection; v1 stays intact.
    expect((await (await readModels.collection<CounterDoc>('counters')).findOne({ _id: 'counter-0' }))!.value).to.equal(8);
    expect((await reads.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-0' }))!.value).to.equal(4);
    await v2.stop();
  });

  it('runs each projection in exactly one instance and fails over when the holder stops', async () => {
    const opts = { leaseTtlMs: 300, retryDelayMs: 20 };
    const a = createProjectionHost(events, reads, [counterProjection(1)], { instanceId: 'instance-a', ...opts });
    const b = createProjectionHost(events, reads, [counterProjection(1)], { instanceId: 'instance-b', ...opts });
    a.start();
    await until(() => a.statuses()[0]!.leaseHeld);
    b.start();
    await new Promise((r) => setTimeout(r, 400));
    expect(a.statuses()[0]!.running).to.equal(true);
    expect(b.statuses()[0]!.running).to.equal(false);
    await a.stop(); // releases its lease
    await until(() => b.statuses()[0]!.running);
    const handler = createCommandHandler({ eventStore: events });
    const last = await handler.handle(counterDecider, 'counter-0', increment(1));
    await b.runner('counters')!.waitFor(last.position!);
    const doc = await reads.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-0' });
    expect(doc).to.include({ value: 5, applied: 5 });
    await b.stop();
  });

  it('lets a lease be taken over only after it expired', async () => {
    expect(await tryAcquire(reads, 'l', 'x', 1000, 100)).to.equal(true);
    expect(await tryAcquire(reads, 'l', 'y', 1050, 100)).to.equal(false);
    expect(await tryAcquire(reads, 'l', 'x', 1080, 100)).to.equal(true); // renewal
    expect(await tryAcquire(reads, 'l', 'y', 1181, 100)).to.equal(true); // expired at 1180
  });
});
