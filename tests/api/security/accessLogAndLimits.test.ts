import { expect } from 'chai';
import request from 'supertest';
import { ReadStoreUnavailableError } from '../../../infrastructure/readstore/readStore.js';
import { ACCESS_LOG_COLLECTION, type AccessLogDoc } from '../../../application/security/accessLog.js';
import { FIXTURE_PREFIX } from './support/fixtureRoutes.js';
import { OWN_ORDER, startSecureOms, type SecureOms } from './support/secureOms.js';

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

describe('security: access log (every change and every personal-data read)', function () {
  this.timeout(30_000);
  let t: SecureOms;
  before(async () => {
    t = await startSecureOms();
  });
  after(async () => t?.close());

  const entries = () => t.oms.readStore.collection<AccessLogDoc>(ACCESS_LOG_COLLECTION).find({}, { sort: { atMs: 1 } });

  it('records who changed what, when — and marks replays', async () => {
    const before = (await entries()).length;
    await request(t.secureApp).post(`${FIXTURE_PREFIX}/counters/log-1/increment`).set(bearer(t.credentials.agent)).set('Idempotency-Key', 'log-key').send({ by: 2 }).expect(201);
    await request(t.secureApp).post(`${FIXTURE_PREFIX}/counters/log-1/increment`).set(bearer(t.credentials.agent)).set('Idempotency-Key', 'log-key').send({ by: 2 }).expect(201);
    const added = (await entries()).slice(before);
    expect(added).to.have.length(2);
    const keyId = t.credentials.agent.split('_')[1]!;
    expect(added[0]).to.deep.include({ kind: 'change', role: 'agent', keyId, method: 'POST', route: `${FIXTURE_PREFIX}/counters/:counterId/increment`, status: 201 });
    expect(added[0]!.actor).to.deep.equal({ kind: 'agent', id: `key:${keyId}` });
    expect(added[0]!.resource).to.deep.equal({ counterId: 'log-1', location: `${FIXTURE_PREFIX}/counters/log-1` });
    expect(added[0]!.at).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(added[0]!.replayed).to.equal(undefined);
    expect(added[1]!.replayed).to.equal(true);
  });

  it('records reads of customer data (with the customer) but not other reads, nor refused requests', async () => {
    const before = (await entries()).length;
    await request(t.secureApp).get(`${FIXTURE_PREFIX}/orders/${OWN_ORDER}`).set(bearer(t.credentials.customer)).expect(200);
    await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set(bearer(t.credentials.agent)).expect(200);
    await request(t.secureApp).get(`${FIXTURE_PREFIX}/orders/order-b`).set(bearer(t.credentials.customer)).expect(403);
    await request(t.secureApp).post(`${FIXTURE_PREFIX}/counters/log-2/increment`).set(bearer(t.credentials.agent)).send({ by: 0 }).expect(400);
    const added = (await entries()).slice(before);
    expect(added).to.have.length(1);
    expect(added[0]).to.deep.include({ kind: 'read', role: 'customer', subject: `customer-of-${OWN_ORDER}`, status: 200 });
    expect(added[0]!.actor).to.deep.equal({ kind: 'customer', id: `order:${OWN_ORDER}` });
  });

  it('answers no personal data it cannot record (read store down → 503, nothing returned)', async () => {
    const col = t.oms.readStore.collection(ACCESS_LOG_COLLECTION);
    const original = t.oms.security.accessLog.record;
    (t.oms.security.accessLog as { record: typeof original }).record = async () => {
      throw new ReadStoreUnavailableError('down');
    };
    try {
      const res = await request(t.secureApp).get(`${FIXTURE_PREFIX}/orders/${OWN_ORDER}`).set(bearer(t.credentials.customer));
      expect(res.status).to.equal(503);
      expect(res.headers['retry-after']).to.equal('1');
      expect(res.text).not.to.contain('Jane Doe');
    } finally {
      (t.oms.security.accessLog as { record: typeof original }).record = original;
    }
    expect(await col.countDocuments({})).to.be.greaterThan(0);
  });
});

describe('security: rate limits per IP and per credential', function () {
  this.timeout(30_000);

  it('per credential: 429 RATE_LIMITED with Retry-After once a key exceeds its budget; other keys unaffected', async () => {
    const t = await startSecureOms({ OMS_RATE_LIMIT_PER_KEY: '5', OMS_RATE_LIMIT_PER_IP: '0' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set(bearer(t.credentials.agent))).status);
      expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429, 429]);
      const limited = await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set(bearer(t.credentials.agent));
      expect(limited.body.code).to.equal('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
      expect(limited.headers['content-type']).to.match(/problem\+json/);
      await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set(bearer(t.credentials.operator)).expect(200);
    } finally {
      await t.close();
    }
  });

  it('per IP: counts every request, authenticated or not, before authentication', async () => {
    const t = await startSecureOms({ OMS_RATE_LIMIT_PER_IP: '4', OMS_RATE_LIMIT_PER_KEY: '0' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set(bearer('guess-' + i))).status);
      statuses.push((await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set(bearer(t.credentials.agent))).status);
      statuses.push((await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set(bearer(t.credentials.agent))).status);
      expect(statuses).to.deep.equal([401, 401, 401, 200, 429]);
    } finally {
      await t.close();
    }
  });
});
