import { expect } from 'chai';
import request from 'supertest';
import { driveToReleased, orderBody, settle, startOrdersOms, type OrdersOms } from '../orders/support/orderFixtures.js';

type Placed = { orderId: string; trackingToken: string; lines: { lineId: string; node: string }[] };

/** Real authentication: tokens, keys and anonymous callers as in production. */
describe('GET /track/:id — the customer tracking view', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  let shipped: Placed;
  let other: Placed;
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });

  const placeAs = async (key: string, overrides: Record<string, unknown> = {}): Promise<Placed> => {
    const res = await request(t.app).post('/orders').set(admin()).set('Idempotency-Key', key).send(orderBody(overrides));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as Placed;
  };
  const staff = (orderId: string, what: string, body: object) =>
    request(t.app).post(`/orders/${orderId}/${what}`).set(admin()).set('Idempotency-Key', `${what}-${orderId}-${JSON.stringify(body).length}`).send(body);

  before(async () => {
    t = await startOrdersOms({}, { env: { OMS_AUTH_TEST_DEFAULT_ROLE: '' } });
    shipped = await placeAs('trk-shipped', { customerId: 'camille', locale: 'fr-FR' });
    other = await placeAs('trk-other', { customerId: 'bob' });
    const order = await driveToReleased(t, shipped.orderId);
    const node = order.lines[0]!.units.find((u) => u.node)!.node!;
    const res = await staff(shipped.orderId, 'shipments', { shipmentId: 'SHP-1', node, lines: [{ lineId: order.lines[0]!.lineId, quantity: 2 }], carrier: 'colissimo', trackingNumber: '6A123456789' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  });
  after(async () => t?.close());

  it('shows a shipped order: carrier, tracking number, the promise, the timeline, language and currency', async () => {
    const res = await request(t.app).get(`/track/${shipped.orderId}`).query({ token: shipped.trackingToken });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.status).to.equal('shipped');
    expect(res.body.language).to.equal('fr');
    expect(res.body.currency).to.equal('EUR');
    expect(res.body.shipments).to.have.length(1);
    expect(res.body.shipments[0]).to.include({ carrier: 'colissimo', trackingNumber: '6A123456789', deliveredAt: null });
    expect(res.body.promise.latest).to.be.a('string');
    const types = (res.body.timeline as { type: string }[]).map((e) => e.type);
    expect(types).to.include.members(['placed', 'promised', 'in_preparation', 'shipped']);
    expect(types.indexOf('placed')).to.be.lessThan(types.indexOf('shipped'));
    expect(res.body.actions).to.deep.equal({ cancel: false, changeAddress: false, return: false });
    expect(res.headers['cache-control']).to.equal('no-store');
  });

  const missing = () => request(t.app).get('/track/ord-00000000-0000-5000-8000-000000000000').set(admin());
  const sameAsMissing = async (res: request.Response) => {
    const m = await missing();
    expect(m.status).to.equal(404);
    expect(res.status).to.equal(404);
    expect(res.headers['content-type']).to.match(/application\/problem\+json/);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, requestId: undefined, detail: undefined, orderId: undefined });
    expect(strip(res.body)).to.deep.equal(strip(m.body));
    expect(res.body.code).to.equal('ORDER_NOT_FOUND');
    expect(JSON.stringify(res.body)).not.to.contain('camille');
  };

  it("order A's token never reads order B (query or header): the same 404 as a missing order", async () => {
    await sameAsMissing(await request(t.app).get(`/track/${shipped.orderId}`).query({ token: other.trackingToken }));
    await sameAsMissing(await request(t.app).get(`/track/${shipped.orderId}`).set('X-Tracking-Token', other.trackingToken));
    const own = await request(t.app).get(`/track/${other.orderId}`).query({ token: other.trackingToken });
    expect(own.status).to.equal(200);
    expect(own.body.orderId).to.equal(other.orderId);
  });

  it('an unknown, forged or missing token: the same answer whether the order exists or not', async () => {
    const ghostId = 'ord-00000000-0000-5000-8000-000000000000';
    // No token at all, or a genuine token for an order id that does not exist: 404 ORDER_NOT_FOUND.
    await sameAsMissing(await request(t.app).get(`/track/${shipped.orderId}`));
    const ghost = await t.oms.security.trackingTokens.issue(ghostId);
    await sameAsMissing(await request(t.app).get(`/track/${ghostId}`).query({ token: ghost }));
    // A forged or unknown token opens nothing, so the caller is anonymous: the same 404 as a missing
    // order, identical (but for the id the caller asked for) whether the order exists or not.
    const forged = `${shipped.trackingToken.slice(0, -4)}AAAA`;
    for (const token of [forged, 'trk_nonsense', `trk_${Buffer.from(ghostId).toString('base64url')}_${'A'.repeat(43)}`]) {
      const existing = await request(t.app).get(`/track/${shipped.orderId}`).query({ token });
      const absent = await request(t.app).get(`/track/${ghostId}`).query({ token });
      expect(existing.status, token).to.equal(absent.status);
      const strip = (b: Record<string, unknown>, id: string) => JSON.parse(JSON.stringify({ ...b, instance: undefined, requestId: undefined }).replaceAll(id, '<id>')) as unknown;
      expect(strip(existing.body, shipped.orderId)).to.deep.equal(strip(absent.body, ghostId));
      expect(existing.body.code).to.equal('ORDER_NOT_FOUND');
    }
  });

  it('reflects a cancel by the customer at once (read-your-writes), with reason and actions updated', async () => {
    const o = await placeAs('trk-cancel', { customerId: 'dana' });
    const before = await request(t.app).get(`/track/${o.orderId}`).query({ token: o.trackingToken });
    expect(before.body.actions).to.deep.equal({ cancel: true, changeAddress: true, return: false });
    expect(before.body.language).to.equal('en');
    const cancel = await request(t.app).post(`/orders/${o.orderId}/cancel`).query({ token: o.trackingToken }).send({ reason: 'changed my mind' });
    expect(cancel.status, JSON.stringify(cancel.body)).to.equal(200);
    const after = await request(t.app).get(`/track/${o.orderId}`).query({ token: o.trackingToken });
    expect(after.body.status).to.equal('cancelled');
    expect(after.body.actions.cancel).to.equal(false);
    const entry = (after.body.timeline as { type: string; reason?: string }[]).find((e) => e.type === 'cancelled');
    expect(entry?.reason).to.equal('changed my mind');
    await settle(t);
    const stored = await request(t.app).get(`/track/${o.orderId}`).set(admin());
    expect(stored.body).to.deep.equal({ ...after.body });
  });

  it('picks the language: the order locale when supported, else Accept-Language, else English', async () => {
    const o = await placeAs('trk-de', { customerId: 'erik', locale: 'de-DE' });
    const fr = await request(t.app).get(`/track/${o.orderId}`).query({ token: o.trackingToken }).set('Accept-Language', 'de;q=1, fr-CA;q=0.8, en;q=0.5');
    expect(fr.body.language).to.equal('fr');
    const en = await request(t.app).get(`/track/${o.orderId}`).query({ token: o.trackingToken });
    expect(en.body.language).to.equal('en');
    const own = await request(t.app).get(`/track/${shipped.orderId}`).query({ token: shipped.trackingToken }).set('Accept-Language', 'en');
    expect(own.body.language).to.equal('fr');
  });

  it('serves the tracking page and its assets without credentials (they hold no data)', async () => {
    const page = await request(t.app).get(`/t/${shipped.orderId}`).query({ token: 'whatever' });
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/text\/html/);
    expect(page.text).to.contain('<main');
    const script = await request(t.app).get('/web/tracking/tracking.js');
    expect(script.status).to.equal(200);
    const chart = await request(t.app).get('/web/vendor/chart.umd.js');
    expect(chart.status).to.equal(200);
    expect(chart.text.length).to.be.greaterThan(100_000);
  });
});
