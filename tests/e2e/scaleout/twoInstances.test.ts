import { expect } from 'chai';
import pino from 'pino';
import request from 'supertest';
import { openOms, type Oms } from '../../../api/bootstrap/openOms.js';
import { createOmsApp } from '../../../api/server.js';
import { loadConfig } from '../../../infrastructure/config/config.js';
import { startEsdbStandIn, type EsdbStandIn } from '../../support/esdbStandIn/startEsdbStandIn.js';
import { startMongoStandIn, type MongoStandIn } from '../../support/mongoStandIn/startMongoStandIn.js';
import { counterDecider, increment } from '../../support/counterDecider.js';
import { counterProjection, type CounterDoc } from '../../support/counterProjection.js';

const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * The scale-out deployment: two OMS instances share one EventStoreDB and one MongoDB (here the
 * in-process protocol stand-ins). Both serve the API; the projection runs in exactly one of them
 * and moves to the other when its holder dies.
 */
describe('scale-out: two OMS instances on EventStoreDB + MongoDB (protocol stand-ins)', function () {
  this.timeout(60_000);
  let esdb: EsdbStandIn;
  let mongo: MongoStandIn;
  let a: Oms;
  let b: Oms;

  const open = (id: string) =>
    openOms(
      loadConfig({ EVENTSTORE_URL: esdb.connectionString, MONGO_URL: mongo.url, MONGO_DB: 'scaleout', OMS_INSTANCE_ID: id, OMS_SEED_DEMO: 'false' }),
      { logger: pino({ level: 'silent' }), projections: [counterProjection()], leaseTtlMs: 600 },
    );

  before(async () => {
    esdb = await startEsdbStandIn();
    mongo = await startMongoStandIn();
    a = await open('instance-a');
    b = await open('instance-b');
  });
  after(async () => {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    await mongo?.stop();
    await esdb?.stop();
  });

  it('runs the projection in exactly one instance while both serve the API', async () => {
    await until(() => a.projections.statuses()[0]!.running || b.projections.statuses()[0]!.running);
    await new Promise((r) => setTimeout(r, 800)); // longer than a lease: the other must still not run it
    const running = [a, b].filter((o) => o.projections.statuses()[0]!.running);
    expect(running).to.have.length(1);

    for (let i = 0; i < 10; i++) await (i % 2 === 0 ? a : b).commands.handle(counterDecider, 'counter-shared', increment(1));
    await until(async () => (await a.readStore.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-shared' }))?.value === 10);
    const doc = await b.readStore.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-shared' });
    expect(doc).to.include({ value: 10, applied: 10 });
    for (const oms of [a, b]) {
      const health = await request(createOmsApp(oms)).get('/health').expect(200);
      expect(health.body.checks.eventStore.adapter).to.equal('eventstoredb');
      expect(health.body.checks.readStore.adapter).to.equal('mongodb');
    }
  });

  it('moves the projection to the survivor when the holder stops, without applying anything twice', async () => {
    const holder = a.projections.statuses()[0]!.running ? a : b;
    const survivor = holder === a ? b : a;
    await holder.close();
    await until(() => survivor.projections.statuses()[0]!.running);
    for (let i = 0; i < 5; i++) await survivor.commands.handle(counterDecider, 'counter-shared', increment(1));
    await until(async () => (await survivor.readStore.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-shared' }))?.value === 15);
    const doc = await survivor.readStore.collection<CounterDoc>('counters_v1').findOne({ _id: 'counter-shared' });
    expect(doc).to.include({ value: 15, applied: 15 });
  });
});
