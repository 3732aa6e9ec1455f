import { expect } from 'chai';
import { createCommandHandler, loadAggregate } from '../../../../application/commandHandler.js';
import { deriveCommandId } from '../../../../application/eventIds.js';
import { createTimerPoller, createTimers, PROCESS_TIMERS, type TimerDocument, type TimerHandler } from '../../../../application/processes/timers.js';
import { ConflictError } from '../../../../domain/shared/errors.js';
import { StoreUnavailableError } from '../../../../infrastructure/eventstore/errors.js';
import { counterDecider, increment } from '../../../support/counterDecider.js';
import { openSharedStores, tempDir, until, type SharedStores } from './support/sharedStores.js';

const T0 = Date.parse('2026-03-02T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('application/processes/timers', () => {
  let tmp: ReturnType<typeof tempDir>;
  let stores: SharedStores;
  let now: number;
  const clock = () => new Date(now);
  beforeEach(async () => {
    tmp = tempDir();
    stores = await openSharedStores(tmp.dir);
    now = T0;
  });
  afterEach(async () => {
    await stores.close();
    tmp.remove();
  });

  /** A handler that fires a counter increment whose command id derives from the timer id. */
  const firing = (s: SharedStores) => {
    const commands = createCommandHandler({ eventStore: s.eventStore });
    const calls: string[] = [];
    const handler: TimerHandler = async (timer) => {
      calls.push(timer._id);
      const by = timer.payload.by as number;
      await commands.handle(counterDecider, `fired-${timer.group}`, { ...increment(by), metadata: { ...increment(by).metadata, commandId: deriveCommandId(timer._id, 'fire') } });
    };
    return { calls, handler };
  };
  const fired = async (s: SharedStores, group: string) => (await loadAggregate(s.eventStore, counterDecider, `fired-${group}`)).state.value;

  it('schedules idempotently by id: a second schedule neither duplicates nor moves the timer', async () => {
    const timers = createTimers(stores.readStore);
    await timers.setup();
    expect(await timers.schedule({ id: 't1', owner: 'p', group: 'g', dueAt: iso(T0 + 1000), payload: { by: 1 } }, iso(T0))).to.equal(true);
    expect(await timers.schedule({ id: 't1', owner: 'p', group: 'g', dueAt: iso(T0 + 9000), payload: { by: 2 } }, iso(T0))).to.equal(false);
    const doc = await timers.get('t1');
    expect(doc).to.include({ dueAt: iso(T0 + 1000), status: 'scheduled', attempts: 0 });
    expect(doc?.payload).to.deep.equal({ by: 1 });
    expect(await stores.readStore.collection(PROCESS_TIMERS).countDocuments({})).to.equal(1);
  });

  it('fires a timer once when due, never before, and never again', async () => {
    const timers = createTimers(stores.readStore);
    const { calls, handler } = firing(stores);
    const poller = createTimerPoller(timers, { p: handler }, { intervalMs: 10, clock });
    await timers.schedule({ id: 't1', owner: 'p', group: 'a', dueAt: iso(T0 + 1000), payload: { by: 3 } }, iso(T0));
    expect(await poller.runOnce()).to.equal(0);
    now = T0 + 1000;
    expect(await poller.runOnce()).to.equal(1);
    expect(await poller.runOnce()).to.equal(0);
    expect(calls).to.deep.equal(['t1']);
    expect(await fired(stores, 'a')).to.equal(3);
    expect(await timers.get('t1')).to.include({ status: 'fired', firedAt: iso(T0 + 1000), attempts: 1 });
  });

  it('survives a restart: a timer scheduled before the stores closed fires from a new poller', async () => {
    await createTimers(stores.readStore).schedule({ id: 'late', owner: 'p', group: 'r', dueAt: iso(T0 + 60_000), payload: { by: 5 } }, iso(T0));
    await stores.close();
    stores = await openSharedStores(tmp.dir);
    now = T0 + 61_000;
    const { handler } = firing(stores);
    const poller = createTimerPoller(createTimers(stores.readStore), { p: handler }, { intervalMs: 10, clock });
    poller.start();
    await until(async () => (await createTimers(stores.readStore).get('late'))?.status === 'fired', 5_000, 'the timer to fire');
    await poller.stop();
    expect(await fired(stores, 'r')).to.equal(5);
  });

  it('makes a second firing harmless: the command id derives from the timer id (crash before marking fired)', async () => {
    const timers = createTimers(stores.readStore);
    const { handler } = firing(stores);
    await timers.schedule({ id: 'twice', owner: 'p', group: 'x', dueAt: iso(T0), payload: { by: 4 } }, iso(T0));
    const doc = (await timers.get('twice')) as TimerDocument;
    await handler(doc, iso(T0));
    await handler(doc, iso(T0));
    expect(await fired(stores, 'x')).to.equal(4);
  });

  it('does not fire cancelled timers; cancels a whole group or one tag of it', async () => {
    const timers = createTimers(stores.readStore);
    const { calls, handler } = firing(stores);
    const poller = createTimerPoller(timers, { p: handler }, { intervalMs: 10, clock });
    for (const [id, group, tag] of [['a1', 'o1', 'accept'], ['a2', 'o1', 'pickup'], ['b1', 'o2', 'accept'], ['c1', 'o3', 'accept']]) {
      await timers.schedule({ id: id!, owner: 'p', group: group!, tag: tag!, dueAt: iso(T0), payload: { by: 1 } }, iso(T0));
    }
    expect(await timers.cancelGroup('p', 'o1', iso(T0), 'accept')).to.equal(1);
    expect(await timers.cancelGroup('p', 'o2', iso(T0))).to.equal(1);
    expect(await timers.cancel('c1', iso(T0))).to.equal(true);
    expect(await timers.cancel('c1', iso(T0))).to.equal(false);
    await poller.runOnce();
    expect(calls).to.deep.equal(['a2']);
  });

  it('postpones a timer after a transient failure and fails it on a business refusal', async () => {
    const timers = createTimers(stores.readStore);
    let transient = 2;
    const handler: TimerHandler = async (timer) => {
      if (timer._id === 'flaky' && transient-- > 0) throw new StoreUnavailableError('down');
      if (timer._id === 'refused') throw new ConflictError('ILLEGAL_TRANSITION', 'too late');
    };
    const poller = createTimerPoller(timers, { p: handler }, { intervalMs: 10, clock, retry: { minDelayMs: 1000, maxDelayMs: 5000, unexpectedAttempts: 3 } });
    await timers.schedule({ id: 'flaky', owner: 'p', group: 'g', dueAt: iso(T0), payload: {} }, iso(T0));
    await timers.schedule({ id: 'refused', owner: 'p', group: 'g', dueAt: iso(T0), payload: {} }, iso(T0));
    expect(await poller.runOnce()).to.equal(0);
    expect(await timers.get('refused')).to.include({ status: 'failed', code: 'ILLEGAL_TRANSITION' });
    expect(await timers.get('flaky')).to.include({ status: 'scheduled', attempts: 1, nextAttemptAtMs: T0 + 1000 });
    now = T0 + 500;
    expect(await poller.runOnce()).to.equal(0);
    now = T0 + 1000;
    await poller.runOnce(); // second transient failure: backoff doubles
    expect(await timers.get('flaky')).to.include({ attempts: 2, nextAttemptAtMs: T0 + 3000 });
    now = T0 + 3000;
    expect(await poller.runOnce()).to.equal(1);
    expect(await timers.get('flaky')).to.include({ status: 'fired', attempts: 3 });
    expect(poller.status()).to.include({ fired: 1, failed: 1 });
  });
});
