import { expect } from 'chai';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { openOms, type Oms } from '../../../api/bootstrap/openOms.js';
import { createOmsApp } from '../../../api/server.js';
import { loadConfig } from '../../../infrastructure/config/config.js';
import { generateKey } from '../../../infrastructure/secrets/envelope.js';
import { fixtureRoutes, FIXTURE_PREFIX } from '../../api/security/support/fixtureRoutes.js';
import { counterDecider } from '../../support/counterDecider.js';
import { counterProjection } from '../../support/counterProjection.js';
import { startEsdbStandIn, type EsdbStandIn } from '../../support/esdbStandIn/startEsdbStandIn.js';
import { startMongoStandIn, type MongoStandIn } from '../../support/mongoStandIn/startMongoStandIn.js';

type Tally = { statuses: Map<number, number>; noRetryAfter: number; sent: number };

const until = async (check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
};

/**
 * Store outages under load, on the production adapters (EventStoreDB and MongoDB protocol
 * stand-ins): while a store is down every request that needs it gets 503 with Retry-After —
 * never a 500 — and once it is back the same OMS instance serves again, without a restart.
 */
describe('e2e security: store outages give 503 + Retry-After and recover without a restart', function () {
  this.timeout(120_000);
  let esdb: EsdbStandIn;
  let mongo: MongoStandIn;
  let oms: Oms;
  let app: Express;
  const key = `agent:${'k'.repeat(40)}`;
  const auth = { Authorization: `Bearer ${'k'.repeat(40)}` };

  before(async () => {
    esdb = await startEsdbStandIn();
    mongo = await startMongoStandIn();
    const config = loadConfig({
      EVENTSTORE_URL: esdb.connectionString, MONGO_URL: mongo.url, MONGO_DB: 'outage', OMS_INSTANCE_ID: 'outage-1', OMS_SEED_DEMO: 'false',
      OMS_API_KEYS: key, OMS_MASTER_KEY: generateKey().toString('base64'), OMS_RATE_LIMIT_PER_IP: '0', OMS_REQUEST_TIMEOUT_MS: '3000',
    });
    oms = await openOms(config, { logger: pino({ level: process.env.OMS_TEST_LOG ?? 'silent' }), projections: [counterProjection()], leaseTtlMs: 1000 });
    app = createOmsApp(oms, fixtureRoutes(oms));
  });
  after(async () => {
    await oms?.close().catch(() => undefined);
    await mongo?.stop().catch(() => undefined);
    await esdb?.stop().catch(() => undefined);
  });

  let n = 0;
  const write = () => request(app).post(`${FIXTURE_PREFIX}/counters/outage/increment`).set(auth).set('Idempotency-Key', `outage-${++n}`).send({ by: 1 });
  const read = () => request(app).get(`${FIXTURE_PREFIX}/counters/outage`).set(auth);

  /** Keeps `concurrency` clients busy until `stop()`; tallies statuses and 503s without Retry-After. */
  const load = (send: () => request.Test, concurrency = 4) => {
    const tally: Tally = { statuses: new Map(), noRetryAfter: 0, sent: 0 };
    let running = true;
    const worker = async () => {
      while (running) {
        const res = await send();
        tally.sent += 1;
        tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
        if (res.status === 503 && res.headers['retry-after'] === undefined) tally.noRetryAfter += 1;
        if (res.status === 503) await new Promise((r) => setTimeout(r, 20));
      }
    };
    const workers = Array.from({ length: concurrency }, worker);
    return { tally, stop: async () => { running = false; await Promise.all(workers); } };
  };

  const only = (tally: Tally, allowed: number[]) => [...tally.statuses.keys()].filter((s) => !allowed.includes(s));

  it('serves writes and reads while both stores are up', async () => {
    await until(async () => (await write()).status === 201); // the first request may meet a cold start
    await until(async () => (await read()).body.value >= 1);
  });

  it('EventStoreDB down under load: writes get 503 + Retry-After, no 500; back up: writes succeed on the same instance', async () => {
    const writes = load(write);
    await new Promise((r) => setTimeout(r, 300));
    await esdb.stop();
    await new Promise((r) => setTimeout(r, 2500));
    await esdb.restart();
    await until(async () => (await write()).status === 201, 30_000);
    await writes.stop();
    const t = writes.tally;
    expect(only(t, [201, 503]), JSON.stringify([...t.statuses])).to.deep.equal([]);
    expect(t.statuses.get(503) ?? 0, 'saw the outage').to.be.greaterThan(0);
    expect(t.noRetryAfter).to.equal(0);
    const value = (await oms.commands.load(counterDecider, 'counter-outage')).state.value;
    await until(async () => (await read()).body.value === value);
  });

  it('MongoDB down under load: requests that need it get 503 + Retry-After, no 500; back up: served again, projections catch up', async () => {
    let turn = 0;
    const traffic = load(() => (++turn % 2 === 0 ? write() : read()));
    await new Promise((r) => setTimeout(r, 300));
    await mongo.stop();
    // Longer than the driver's server selection (5 s) and the request timeout (3 s): both kinds of 503 occur.
    await new Promise((r) => setTimeout(r, 6000));
    await mongo.restart();
    await until(async () => (await read()).status === 200 && (await write()).status === 201, 30_000);
    await traffic.stop();
    const t = traffic.tally;
    expect(only(t, [200, 201, 503]), JSON.stringify([...t.statuses])).to.deep.equal([]);
    expect(t.statuses.get(503) ?? 0, 'saw the outage').to.be.greaterThan(0);
    expect(t.noRetryAfter).to.equal(0);
    const value = (await oms.commands.load(counterDecider, 'counter-outage')).state.value;
    await until(async () => (await read()).body.value === value, 30_000).catch(async (error: unknown) => {
      const positions: string[] = [];
      for await (const e of oms.eventStore.readStream('counter-outage')) positions.push(String(e.position));
      const doc = await oms.readStore.collection('counters_v1').findOne({ _id: 'counter-outage' });
      const checkpoints = await oms.readStore.collection('projection_checkpoints').find({}).catch(() => 'n/a');
      const show = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
      throw new Error(`projection did not catch up to ${value}: status ${show(oms.projections.statuses())}; doc ${show(doc)}; checkpoints ${show(checkpoints)}; event positions ${positions.join(',')} (${String(error)})`);
    });
  });
});
