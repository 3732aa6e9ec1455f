import { expect } from 'chai';
import { createCommandHandler, loadAggregate, type CommandHandler } from '../../../../application/commandHandler.js';
import { deriveCommandId } from '../../../../application/eventIds.js';
import { PROCESS_FAILURES, type ProcessFailureDocument } from '../../../../application/processes/processFailures.js';
import { createProcessHost } from '../../../../application/processes/processHost.js';
import { createProcessRunner, type ProcessDefinition } from '../../../../application/processes/processRunner.js';
import { StoreUnavailableError } from '../../../../infrastructure/eventstore/errors.js';
import type { RecordedEvent } from '../../../../infrastructure/eventstore/eventStore.js';
import { CHECKPOINTS, type CheckpointDocument } from '../../../../projections/runtime/checkpoints.js';
import { counterDecider, increment, setLimit } from '../../../support/counterDecider.js';
import { openSharedStores, tempDir, until, type SharedStores } from './support/sharedStores.js';

/**
 * A mirror process: every increment of a `source-*` counter is added to `mirror-total`, with the
 * command id derived from the event id (the idempotency every real process relies on). The
 * handler also writes to the read store, like the fulfilment process does, over the same file.
 */
const mirror = (commands: CommandHandler, stores: SharedStores, hooks: { before?: (e: RecordedEvent) => void } = {}): ProcessDefinition & { seen: string[] } => {
  const seen: string[] = [];
  return {
    name: 'mirror',
    seen,
    filter: { streamPrefixes: ['source-'] },
    handle: async (event) => {
      seen.push(event.id);
      hooks.before?.(event);
      const by = (event.data as { by: number }).by;
      await commands.handle(counterDecider, 'mirror-total', { ...increment(by), metadata: { ...increment(by).metadata, commandId: deriveCommandId(event.id, 'mirror') } });
      await stores.readStore.collection('mirror_log').updateOne({ _id: event.id }, { $set: { by } }, { upsert: true });
    },
  };
};

const total = async (stores: SharedStores) => (await loadAggregate(stores.eventStore, counterDecider, 'mirror-total')).state.value;
const fast = { retry: { minDelayMs: 5, maxDelayMs: 20, unexpectedAttempts: 3 }, resubscribeDelayMs: 20 };

describe('application/processes/processRunner', () => {
  let tmp: ReturnType<typeof tempDir>;
  let stores: SharedStores;
  let commands: CommandHandler;
  beforeEach(async () => {
    tmp = tempDir();
    stores = await openSharedStores(tmp.dir);
    commands = createCommandHandler({ eventStore: stores.eventStore });
  });
  afterEach(async () => {
    await stores.close();
    tmp.remove();
  });

  it('handles events in order, issues commands and checkpoints under process:<name>', async () => {
    for (const by of [1, 2, 3]) await commands.handle(counterDecider, `source-${by}`, increment(by));
    const runner = createProcessRunner(stores.eventStore, stores.readStore, mirror(commands, stores), fast);
    await runner.start();
    await runner.waitUntilCaughtUp(5_000);
    await commands.handle(counterDecider, 'source-9', increment(4));
    await runner.waitUntilCaughtUp(5_000);
    await runner.stop();
    expect(await total(stores)).to.equal(10);
    const checkpoint = await stores.readStore.collection<CheckpointDocument>(CHECKPOINTS).findOne({ _id: 'process:mirror' });
    expect(checkpoint?.position).to.equal(runner.status().position);
    expect(runner.status()).to.include({ processor: 'process:mirror', eventsHandled: 4, poisonEvents: 0, running: false });
  });

  it('resumes after its checkpoint when restarted: earlier events are not handled again', async () => {
    await commands.handle(counterDecider, 'source-a', increment(1));
    const first = mirror(commands, stores);
    const r1 = createProcessRunner(stores.eventStore, stores.readStore, first, fast);
    await r1.start();
    await r1.waitUntilCaughtUp();
    await r1.stop();
    await commands.handle(counterDecider, 'source-b', increment(5));
    const second = mirror(commands, stores);
    const r2 = createProcessRunner(stores.eventStore, stores.readStore, second, fast);
    await r2.start();
    await r2.waitUntilCaughtUp();
    await r2.stop();
    expect(first.seen).to.have.length(1);
    expect(second.seen).to.have.length(1);
    expect(await total(stores)).to.equal(6);
  });

  it('is effectively-once under re-delivery: replaying the whole log from scratch changes nothing', async () => {
    for (const by of [1, 2, 3, 4]) await commands.handle(counterDecider, `source-${by}`, increment(by));
    const r1 = createProcessRunner(stores.eventStore, stores.readStore, mirror(commands, stores), fast);
    await r1.start();
    await r1.waitUntilCaughtUp();
    await r1.stop();
    // A crash before the checkpoint was written: the next instance starts from nothing.
    await stores.readStore.collection(CHECKPOINTS).deleteOne({ _id: 'process:mirror' });
    const again = mirror(commands, stores);
    const r2 = createProcessRunner(stores.eventStore, stores.readStore, again, fast);
    await r2.start();
    await r2.waitUntilCaughtUp();
    await r2.stop();
    expect(again.seen).to.have.length(4);
    expect(await total(stores)).to.equal(10);
    expect((await loadAggregate(stores.eventStore, counterDecider, 'mirror-total')).revision).to.equal(3n);
  });

  it('records a poison event (a business refusal) in process_failures, moves on, and replays it once fixed', async () => {
    await commands.handle(counterDecider, 'mirror-total', setLimit(5));
    await commands.handle(counterDecider, 'source-1', increment(2));
    await commands.handle(counterDecider, 'source-2', increment(9)); // would exceed the limit
    await commands.handle(counterDecider, 'source-3', increment(3));
    const runner = createProcessRunner(stores.eventStore, stores.readStore, mirror(commands, stores), fast);
    await runner.start();
    await runner.waitUntilCaughtUp();
    expect(await total(stores)).to.equal(5);
    const failures = await stores.readStore.collection<ProcessFailureDocument>(PROCESS_FAILURES).find({});
    expect(failures).to.have.length(1);
    expect(failures[0]).to.include({ processor: 'process:mirror', streamName: 'source-2', eventType: 'Incremented', code: 'LIMIT_EXCEEDED', kind: 'rejected', status: 'failed', attempts: 1 });
    expect(runner.status().poisonEvents).to.equal(1);
    await commands.handle(counterDecider, 'mirror-total', setLimit(100));
    expect(await runner.replayFailures()).to.deep.equal({ resolved: 1, stillFailing: 0 });
    expect(await total(stores)).to.equal(14);
    expect((await stores.readStore.collection<ProcessFailureDocument>(PROCESS_FAILURES).findOne({}))?.status).to.equal('resolved');
    expect(await runner.replayFailures()).to.deep.equal({ resolved: 0, stillFailing: 0 });
    await runner.stop();
  });

  it('retries transient failures with backoff until they heal, without recording a poison event', async () => {
    await commands.handle(counterDecider, 'source-1', increment(7));
    let failuresLeft = 3;
    const def = mirror(commands, stores, {
      before: () => {
        if (failuresLeft-- > 0) throw new StoreUnavailableError('store briefly down');
      },
    });
    const runner = createProcessRunner(stores.eventStore, stores.readStore, def, fast);
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    expect(def.seen).to.have.length(4);
    expect(await total(stores)).to.equal(7);
    expect(await stores.readStore.collection(PROCESS_FAILURES).countDocuments({})).to.equal(0);
    expect(runner.status()).to.include({ retrying: false, poisonEvents: 0, lastError: 'store briefly down' });
  });

  it('gives an unexpected error a few attempts, then records it and moves on', async () => {
    await commands.handle(counterDecider, 'source-1', increment(1));
    await commands.handle(counterDecider, 'source-2', increment(2));
    const def = mirror(commands, stores, {
      before: (e) => {
        if (e.streamName === 'source-1') throw new TypeError('bug');
      },
    });
    const runner = createProcessRunner(stores.eventStore, stores.readStore, def, fast);
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    const [failure] = await stores.readStore.collection<ProcessFailureDocument>(PROCESS_FAILURES).find({});
    expect(failure).to.include({ kind: 'unexpected', code: 'TypeError', attempts: 3 });
    expect(await total(stores)).to.equal(2);
  });

  it('runs under a lease with several instances: one runs the process, another takes over when it stops', async () => {
    for (const by of [1, 2]) await commands.handle(counterDecider, `source-${by}`, increment(by));
    const make = (instanceId: string) => {
      const runner = createProcessRunner(stores.eventStore, stores.readStore, mirror(commands, stores), fast);
      const host = createProcessHost(stores.readStore, [{ name: runner.processor, start: runner.start, stop: runner.stop }], { instanceId, useLeases: true, leaseTtlMs: 900 });
      return { runner, host };
    };
    const a = make('a');
    const b = make('b');
    a.host.start();
    await until(() => a.host.active('process:mirror'), 5_000, 'a to hold the lease');
    b.host.start();
    await a.runner.waitUntilCaughtUp();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(b.host.active('process:mirror')).to.equal(false);
    await a.host.stop();
    await commands.handle(counterDecider, 'source-3', increment(3));
    await until(() => b.host.active('process:mirror'), 5_000, 'b to take over');
    await b.runner.waitUntilCaughtUp();
    await b.host.stop();
    expect(await total(stores)).to.equal(6);
  });
});
