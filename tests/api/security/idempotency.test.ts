import { expect } from 'chai';
import request from 'supertest';
import { routeTable } from '../../../api/http/route.js';
import { createIdempotencyStore, IDEMPOTENCY_COLLECTION, recordId, type IdempotencyDoc } from '../../../application/security/idempotencyStore.js';
import { openEmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { orderBody, startOrdersOms, type OrdersOms } from '../orders/support/orderFixtures.js';
import { FIXTURE_PREFIX } from './support/fixtureRoutes.js';
import { startSecureOms, type SecureOms } from './support/secureOms.js';

const streamLength = async (t: SecureOms, stream: string): Promise<number> => {
  let n = 0;
  try {
    for await (const _ of t.oms.eventStore.readStream(stream)) n += 1;
  } catch {
    return 0;
  }
  return n;
};

describe('security: generic Idempotency-Key layer', function () {
  this.timeout(30_000);
  let t: SecureOms;
  before(async () => {
    t = await startSecureOms();
  });
  after(async () => t?.close());

  const increment = (counter: string, key: string, by = 1, credential = t.credentials.agent) =>
    request(t.secureApp).post(`${FIXTURE_PREFIX}/counters/${counter}/increment`).set('Authorization', `Bearer ${credential}`).set('Idempotency-Key', key).send({ by });

  it('five concurrent requests with one key: one execution, five identical responses, four marked replayed', async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => increment('idem-1', 'key-concurrent-1')));
    expect(responses.map((r) => r.status)).to.deep.equal([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.text)).size).to.equal(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).to.have.length(4);
    expect(new Set(responses.map((r) => r.headers.location))).to.deep.equal(new Set([`${FIXTURE_PREFIX}/counters/idem-1`]));
    expect(responses.every((r) => r.headers['idempotency-key'] === 'key-concurrent-1')).to.equal(true);
    expect(await streamLength(t, 'counter-idem-1')).to.equal(1);
  });

  it('the same key with a different body is refused with 422 IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    await increment('idem-2', 'key-reused').expect(201);
    const res = await increment('idem-2', 'key-reused', 5);
    expect(res.status).to.equal(422);
    expect(res.body.code).to.equal('IDEMPOTENCY_KEY_REUSED');
    const otherPath = await increment('idem-2b', 'key-reused');
    expect(otherPath.body.code).to.equal('IDEMPOTENCY_KEY_REUSED');
    expect(await streamLength(t, 'counter-idem-2')).to.equal(1);
    expect(await streamLength(t, 'counter-idem-2b')).to.equal(0);
  });

  it('keys are per caller: another credential\'s identical key is its own', async () => {
    const a = await increment('idem-3a', 'shared-key', 1, t.credentials.agent);
    const b = await increment('idem-3b', 'shared-key', 1, t.credentials.operator);
    expect(a.status).to.equal(201);
    expect(b.status).to.equal(201);
    expect(b.headers['idempotent-replayed']).to.equal(undefined);
  });

  it('requests without a key are never replayed and store nothing', async () => {
    const before = await t.oms.readStore.collection(IDEMPOTENCY_COLLECTION).countDocuments({});
    const r1 = await request(t.secureApp).post(`${FIXTURE_PREFIX}/counters/idem-4/increment`).set('Authorization', `Bearer ${t.credentials.agent}`).send({ by: 1 });
    const r2 = await request(t.secureApp).post(`${FIXTURE_PREFIX}/counters/idem-4/increment`).set('Authorization', `Bearer ${t.credentials.agent}`).send({ by: 1 });
    expect(r1.body.execution).not.to.equal(r2.body.execution);
    expect(await t.oms.readStore.collection(IDEMPOTENCY_COLLECTION).countDocuments({})).to.equal(before);
  });

  it('a malformed key is 400 INVALID_IDEMPOTENCY_KEY and runs nothing', async () => {
    const res = await increment('idem-5', 'has spaces in it');
    expect(res.body.code).to.equal('INVALID_IDEMPOTENCY_KEY');
    expect(await streamLength(t, 'counter-idem-5')).to.equal(0);
  });

  it('records key, caller, route, fingerprint, status and response with a documented expiry', async () => {
    await increment('idem-6', 'key-record').expect(201);
    const principalId = `key:${t.credentials.agent.split('_')[1]}`;
    const doc = await t.oms.readStore.collection<IdempotencyDoc>(IDEMPOTENCY_COLLECTION).findOne({ _id: recordId(principalId, 'key-record') });
    expect(doc).to.include({ key: 'key-record', principalId, route: `${FIXTURE_PREFIX}/counters/:counterId/increment`, state: 'done' });
    expect(doc!.fingerprint).to.match(/^sha256:/);
    expect(doc!.response!.status).to.equal(201);
    expect(doc!.expiresAtMs - Date.parse(doc!.createdAt)).to.equal(24 * 3600_000);
  });
});

describe('security: idempotency store semantics (expiry, failures, several instances)', function () {
  this.timeout(20_000);

  const req = (fingerprint = 'f1', owner = `o-${Math.random()}`) => ({ principalId: 'p', key: 'k', method: 'POST', route: '/r', path: '/r', fingerprint, owner });
  const ok = (body: string) => async () => ({ response: { status: 201, headers: {}, body } });

  it('expires keys after the TTL and the sweep removes them', async () => {
    const store = await openEmbeddedReadStore({ path: ':memory:' });
    let now = 1_000_000;
    const idem = createIdempotencyStore(store, { ttlMs: 1000, clock: () => now });
    expect((await idem.execute(req(), ok('first'))).kind).to.equal('executed');
    expect((await idem.execute(req(), ok('second'))).kind).to.equal('replayed');
    now += 1001;
    const again = await idem.execute(req('f2'), ok('third'));
    expect(again).to.deep.include({ kind: 'executed' });
    now += 1001;
    expect(await idem.sweep()).to.equal(1);
    await store.close();
  });

  it('a failed execution leaves no record: the retry runs again', async () => {
    const store = await openEmbeddedReadStore({ path: ':memory:' });
    const idem = createIdempotencyStore(store);
    let error: unknown;
    await idem.execute(req(), async () => { throw new Error('boom'); }).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.equal('boom');
    expect(await store.collection(IDEMPOTENCY_COLLECTION).countDocuments({})).to.equal(0);
    expect((await idem.execute(req(), ok('retry'))).kind).to.equal('executed');
    await store.close();
  });

  it('two instances sharing the read store: the pending record makes the second wait and replay', async () => {
    const store = await openEmbeddedReadStore({ path: ':memory:' });
    const a = createIdempotencyStore(store, { pollMs: 5 });
    const b = createIdempotencyStore(store, { pollMs: 5 });
    let runs = 0;
    const slow = async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 100));
      return { response: { status: 201, headers: {}, body: `run-${runs}` } };
    };
    const [x, y] = await Promise.all([a.execute(req(), slow), new Promise((r) => setTimeout(r, 20)).then(() => b.execute(req(), slow))]);
    expect(runs).to.equal(1);
    expect([x.kind, y.kind].sort()).to.deep.equal(['executed', 'replayed']);
    expect((x as { response: { body: string } }).response.body).to.equal((y as { response: { body: string } }).response.body);
    await store.close();
  });

  it('an attempt that died holding the key is taken over once its lock lapses; before that, in-progress', async () => {
    const store = await openEmbeddedReadStore({ path: ':memory:' });
    let now = 5_000_000;
    const idem = createIdempotencyStore(store, { lockMs: 1000, waitMs: 0, clock: () => now });
    await store.collection(IDEMPOTENCY_COLLECTION).insertOne({
      _id: recordId('p', 'k'), key: 'k', principalId: 'p', method: 'POST', route: '/r', path: '/r', fingerprint: 'f1', state: 'pending',
      owner: 'dead', lockedUntilMs: now + 1000, createdAt: new Date(now).toISOString(), expiresAtMs: now + 86_400_000,
    });
    expect((await idem.execute(req(), ok('x'))).kind).to.equal('in-progress');
    expect((await idem.execute(req('other'), ok('x'))).kind).to.equal('reused');
    now += 1001;
    expect((await idem.execute(req(), ok('taken over'))).kind).to.equal('executed');
    await store.close();
  });
});

describe('security: Idempotency-Key on POST /orders', function () {
  this.timeout(60_000);
  let t: OrdersOms | undefined;
  before(async function () {
    t = await startOrdersOms();
    if (!routeTable(t.app).some((r) => r.method === 'post' && r.path === '/orders')) {
      console.log('      (skipped: POST /orders is not mounted yet)');
      this.skip();
    }
  });
  after(async () => t?.close());

  it('five concurrent identical placements with one key create one order and answer identically', async () => {
    const send = () => request(t!.app).post('/orders').set('Idempotency-Key', 'checkout-42').send(orderBody());
    const responses = await Promise.all(Array.from({ length: 5 }, send));
    expect(responses.map((r) => r.status), responses[0]!.text).to.deep.equal([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).to.equal(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true').length).to.be.at.least(4);
    const placed: string[] = [];
    for await (const e of t!.oms.eventStore.readAll({ filter: { eventTypes: ['OrderPlaced'] } })) placed.push(e.streamName);
    expect(placed).to.have.length(1);
    const other = await request(t!.app).post('/orders').set('Idempotency-Key', 'checkout-42').send(orderBody({ lines: [{ sku: 'MUG', quantity: 1 }] }));
    expect(other.status).to.equal(422);
    expect(other.body.code).to.equal('IDEMPOTENCY_KEY_REUSED');
  });
});
