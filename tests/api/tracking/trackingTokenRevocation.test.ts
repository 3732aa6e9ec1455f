import { expect } from 'chai';
import request from 'supertest';
import { reissueTrackingToken } from '../../../application/orders/trackingTokenCommands.js';
import { createTrackingTokenStatus } from '../../../application/security/trackingTokenStatus.js';
import { createTrackingTokens, TRACKING_SECRET_NAME, trackingTokenHash } from '../../../application/security/trackingTokens.js';
import { orderBody, startOrdersOms, type OrdersOms } from '../orders/support/orderFixtures.js';

type Placed = { orderId: string; trackingToken: string };
const GHOST = 'ord-00000000-0000-5000-8000-00000000dead';

/** Real authentication: revocation, re-issue, and "a token that opens nothing looks like a missing order". */
describe('tracking tokens: revocation, re-issue, and the same answer as a missing order', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  let agentKey: string;
  let auditorKey: string;
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });
  const agent = () => ({ Authorization: `Bearer ${agentKey}` });
  let n = 0;

  const placeAs = async (customerId: string): Promise<Placed> => {
    const res = await request(t.app).post('/orders').set(admin()).set('Idempotency-Key', `rev-${customerId}`).send(orderBody({ customerId }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as Placed;
  };
  const revoke = (orderId: string, headers: Record<string, string> = agent(), reason = 'link leaked') =>
    request(t.app).post(`/orders/${orderId}/tracking-token/revoke`).set(headers).set('Idempotency-Key', `revoke-${++n}`).send({ reason });
  const reissue = (orderId: string, key = `reissue-${++n}`, headers: Record<string, string> = agent()) =>
    request(t.app).post(`/orders/${orderId}/tracking-token`).set(headers).set('Idempotency-Key', key).send({ reason: 'customer lost the e-mail' });

  /** Every way a customer presents a token to an order: read, tracking view (query and header), change. */
  const attempts = (orderId: string, token: string) => [
    () => request(t.app).get(`/orders/${orderId}`).set('X-Tracking-Token', token),
    () => request(t.app).get(`/orders/${orderId}`).query({ token }),
    () => request(t.app).get(`/track/${orderId}`).query({ token }),
    () => request(t.app).get(`/track/${orderId}`).set('Authorization', `Bearer ${token}`),
    () => request(t.app).post(`/orders/${orderId}/cancel`).query({ token }).send({ reason: 'not mine' }),
  ];
  /** The problem a caller sees, with the id it asked for (and the per-request fields) taken out. */
  const problem = (res: request.Response, orderId: string) => {
    expect(res.headers['content-type']).to.match(/application\/problem\+json/);
    const { status, code, type, title, detail } = res.body as Record<string, unknown>;
    return { http: res.status, status, code, type, title, detail: String(detail).replaceAll(orderId, '<id>'), keys: Object.keys(res.body as object).sort() };
  };

  before(async () => {
    t = await startOrdersOms({}, { env: { OMS_AUTH_TEST_DEFAULT_ROLE: '' } });
    agentKey = (await t.oms.security.apiKeys.create({ role: 'agent', name: 'cs', createdBy: 'test' })).key;
    auditorKey = (await t.oms.security.apiKeys.create({ role: 'auditor', name: 'audit', createdBy: 'test' })).key;
  });
  after(async () => t?.close());

  it('a forged, revoked, superseded or other-order token gets exactly what a valid token on a missing order gets', async () => {
    const x = await placeAs('xavier');
    const y = await placeAs('yvonne');
    const z = await placeAs('zoe');
    const ghostToken = await t.oms.security.trackingTokens.issue(GHOST);
    const forged = `${x.trackingToken.slice(0, -4)}AAAA`;
    const forgedGeneration = x.trackingToken.replace(/_([A-Za-z0-9_-]{43})$/, '.1_$1');
    // Y's placement token is superseded by a re-issue; Z's is revoked.
    expect((await reissue(y.orderId)).status).to.equal(201);
    expect((await revoke(z.orderId)).status).to.equal(200);
    const baseline = await Promise.all(attempts(GHOST, ghostToken).map(async (go) => problem(await go(), GHOST)));
    expect(baseline[0]).to.deep.include({ http: 404, code: 'ORDER_NOT_FOUND' });
    const cases: Array<[string, string, string]> = [
      ['forged', x.orderId, forged],
      ['generation forged', x.orderId, forgedGeneration],
      ['superseded', y.orderId, y.trackingToken],
      ['revoked', z.orderId, z.trackingToken],
      ["another order's", y.orderId, x.trackingToken],
      ['garbage', x.orderId, 'trk_nonsense'],
    ];
    for (const [what, orderId, token] of cases) {
      const got = await Promise.all(attempts(orderId, token).map(async (go) => problem(await go(), orderId)));
      expect(got, `${what} token`).to.deep.equal(baseline);
    }
    // X's own token still works; a non-order route still refuses a dead token with 401.
    expect((await request(t.app).get(`/orders/${x.orderId}`).query({ token: x.trackingToken })).status).to.equal(200);
    const list = await request(t.app).get('/orders').set('Authorization', `Bearer ${z.trackingToken}`);
    expect(list.status).to.equal(401);
    expect(list.body.code).to.equal('INVALID_CREDENTIALS');
  });

  it('order A\'s token never reads order B', async () => {
    const a = await placeAs('anna');
    const b = await placeAs('bruno');
    for (const go of attempts(b.orderId, a.trackingToken)) {
      const res = await go();
      expect(res.status).to.equal(404);
      expect(JSON.stringify(res.body)).not.to.contain('bruno');
    }
    expect((await request(t.app).get(`/track/${a.orderId}`).query({ token: a.trackingToken })).status).to.equal(200);
  });

  it('a re-issued token opens the order, the old one stops at once; revoking the new one stops it too', async () => {
    const o = await placeAs('oscar');
    const first = await reissue(o.orderId);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body).to.include({ orderId: o.orderId, generation: 1, replayed: false });
    expect(first.body.events).to.deep.equal(['OrderTrackingTokenIssued']);
    expect(first.headers['cache-control']).to.equal('no-store');
    const fresh = first.body.trackingToken as string;
    expect(fresh).to.match(/^trk_/).and.not.to.equal(o.trackingToken);
    expect((await request(t.app).get(`/track/${o.orderId}`).query({ token: fresh })).status).to.equal(200);
    expect((await request(t.app).get(`/orders/${o.orderId}`).set('X-Tracking-Token', fresh)).body.orderId).to.equal(o.orderId);
    expect((await request(t.app).get(`/track/${o.orderId}`).query({ token: o.trackingToken })).status).to.equal(404);
    const revoked = await revoke(o.orderId);
    expect(revoked.status, JSON.stringify(revoked.body)).to.equal(200);
    expect(revoked.body).to.include({ generation: 1 });
    expect((await request(t.app).get(`/track/${o.orderId}`).query({ token: fresh })).status).to.equal(404);
    const second = await reissue(o.orderId);
    expect(second.body.generation).to.equal(2);
    expect((await request(t.app).get(`/track/${o.orderId}`).query({ token: second.body.trackingToken })).status).to.equal(200);
    // The customer can act with it: a cancel by the re-issued token's holder.
    const cancel = await request(t.app).post(`/orders/${o.orderId}/cancel`).query({ token: second.body.trackingToken }).send({ reason: 'changed my mind' });
    expect(cancel.status, JSON.stringify(cancel.body)).to.equal(200);
  });

  it('a retried re-issue (same Idempotency-Key) returns the same token and mints nothing more', async () => {
    const o = await placeAs('rita');
    const one = await reissue(o.orderId, 'same-key');
    const two = await reissue(o.orderId, 'same-key');
    expect(two.status).to.equal(201);
    expect(two.body.trackingToken).to.equal(one.body.trackingToken);
    expect(two.body.generation).to.equal(1);
    const history = await request(t.app).get(`/orders/${o.orderId}/history`).set(admin());
    expect((history.body.events as { type: string }[]).filter((e) => e.type === 'OrderTrackingTokenIssued')).to.have.length(1);
  });

  it('without the HTTP replay store, the order stream recognises the retry and the same token comes back', async () => {
    const o = await placeAs('sami');
    const deps = { ...t.oms, trackingTokens: t.oms.security.trackingTokens };
    const meta = { idempotencyKey: 'cs-ticket-42', keyScope: 'key:cs', now: '2026-03-02T10:00:00.000Z', actor: { kind: 'agent' as const, id: 'key:cs' } };
    const first = await reissueTrackingToken(deps, o.orderId, { reason: 'lost' }, meta);
    const other = await reissueTrackingToken(deps, o.orderId, { reason: 'lost again' }, { ...meta, idempotencyKey: 'cs-ticket-43' });
    const retry = await reissueTrackingToken(deps, o.orderId, { reason: 'lost' }, meta);
    expect([first.generation, other.generation, retry.generation]).to.deep.equal([1, 2, 1]);
    expect(retry.replayed).to.equal(true);
    expect(retry.trackingToken).to.equal(first.trackingToken);
    // A replay returns the token of generation 1, which generation 2 has since superseded.
    expect(await t.oms.security.trackingTokens.verify(retry.trackingToken)).to.equal(undefined);
    expect(await t.oms.security.trackingTokens.verify(other.trackingToken)).to.equal(o.orderId);
  });

  it('records revocation and re-issue on the order stream: GET /orders/:id/history shows actor, reason, hashes — never a token', async () => {
    const o = await placeAs('hugo');
    await revoke(o.orderId, agent(), 'phishing report');
    const issued = await reissue(o.orderId);
    const res = await request(t.app).get(`/orders/${o.orderId}/history`).set(admin());
    expect(res.status).to.equal(200);
    const events = res.body.events as { type: string; actor: { kind: string } | null; reason: string | null; data: Record<string, unknown> }[];
    const revoked = events.find((e) => e.type === 'OrderTrackingTokenRevoked')!;
    expect(revoked.data).to.include({ generation: 0, tokenHash: trackingTokenHash(o.trackingToken), reason: 'phishing report' });
    expect(revoked.actor?.kind).to.equal('agent');
    expect(revoked.reason).to.equal('phishing report');
    const reissued = events.find((e) => e.type === 'OrderTrackingTokenIssued')!;
    expect(reissued.data).to.deep.include({ generation: 1, tokenHash: trackingTokenHash(issued.body.trackingToken) });
    expect(reissued.data.supersedes).to.deep.equal({ generation: 0, tokenHash: trackingTokenHash(o.trackingToken), revoked: true });
    const text = JSON.stringify(res.body);
    expect(text).not.to.contain(o.trackingToken);
    expect(text).not.to.contain(issued.body.trackingToken);
    // The order itself is unchanged in status; its current hash is the new token's.
    const details = await request(t.app).get(`/orders/${o.orderId}`).set(admin());
    expect(details.body.status).to.equal('placed');
  });

  it('is staff work: agents, operators and admins; never the customer or an auditor; 409 on a second revoke; 404 on a missing order', async () => {
    const o = await placeAs('clara');
    const byCustomer = await revoke(o.orderId, { 'X-Tracking-Token': o.trackingToken });
    expect(byCustomer.status).to.equal(403);
    expect(byCustomer.body.code).to.equal('FORBIDDEN_ROLE');
    expect((await reissue(o.orderId, 'aud', { Authorization: `Bearer ${auditorKey}` })).body.code).to.equal('FORBIDDEN_ROLE');
    expect((await request(t.app).post(`/orders/${o.orderId}/tracking-token/revoke`).send({ reason: 'x' })).status).to.equal(401);
    expect((await revoke(o.orderId, admin())).status).to.equal(200);
    const again = await revoke(o.orderId);
    expect(again.status).to.equal(409);
    expect(again.body.code).to.equal('TRACKING_TOKEN_ALREADY_REVOKED');
    const missing = await revoke(GHOST);
    expect(missing.status).to.equal(404);
    expect(missing.body.code).to.equal('ORDER_NOT_FOUND');
    expect((await request(t.app).post(`/orders/${o.orderId}/tracking-token/revoke`).set(agent()).send({})).status).to.equal(400);
  });

  it('another instance sees a revocation within its cache window (2 s by default), this one at once', async () => {
    const o = await placeAs('ines');
    let now = 1_000_000;
    const secret = () => t.oms.security.keyStore.secret(TRACKING_SECRET_NAME);
    const other = createTrackingTokens(secret, createTrackingTokenStatus(t.oms.eventStore, { ttlMs: 2_000, clock: () => now }));
    expect(await other.verify(o.trackingToken)).to.equal(o.orderId);
    expect((await revoke(o.orderId)).status).to.equal(200);
    expect(await t.oms.security.trackingTokens.verify(o.trackingToken)).to.equal(undefined); // the instance that revoked
    now += 1_999;
    expect(await other.verify(o.trackingToken), 'inside the window').to.equal(o.orderId);
    now += 1;
    expect(await other.verify(o.trackingToken), 'after the window').to.equal(undefined);
  });
});
