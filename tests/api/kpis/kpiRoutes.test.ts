import { expect } from 'chai';
import request from 'supertest';
import { startOrdersOms, type OrdersOms } from '../orders/support/orderFixtures.js';
import { seedHistory } from './support/kpiSeed.js';

describe('GET /kpis and /kpis.csv', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  let auditorKey: string;
  let tokenOfAnOrder: string;
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });
  const RANGE = { from: '2026-03-01', to: '2026-03-03' };

  before(async () => {
    t = await startOrdersOms({}, { env: { OMS_AUTH_TEST_DEFAULT_ROLE: '' } });
    await seedHistory(t, admin());
    auditorKey = (await t.oms.security.apiKeys.create({ role: 'auditor', name: 'analytics', createdBy: 'test' })).key;
    const res = await request(t.app).post('/orders').set(admin()).set('Idempotency-Key', 'kpi-token').send({
      channel: 'web', customerId: 'x', currency: 'EUR', deliveryMethod: 'standard', destination: { lat: 48.85, lng: 2.35, country: 'FR' }, lines: [{ sku: 'MUG', quantity: 1 }], coupons: [],
    });
    tokenOfAnOrder = res.body.trackingToken;
  });
  after(async () => t?.close());

  it('groups by day (every day of the range listed) with the totals of the seeded history', async () => {
    const res = await request(t.app).get('/kpis').query({ ...RANGE, groupBy: 'day' }).set(admin());
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.rows.map((r: { key: string }) => r.key)).to.deep.equal(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(res.body.rows[0].orders).to.equal(0);
    const total = res.body.total;
    // 7 seeded orders (+1 placed after seeding may or may not be projected yet: ≥ 7).
    expect(total.orders).to.be.at.least(7);
    expect(total.cancelledOrders).to.equal(2);
    expect(total.shippedOrders).to.equal(4);
    expect(total.handedOverOrders).to.equal(3);
    expect(total.promiseKeptPct).to.be.a('number');
    expect(total.revenue.EUR).to.match(/^\d+(\.\d+)?$/);
    expect(total.avgTimeToShipHours).to.equal(0); // shipped at the (frozen) placement instant
  });

  it('groups by channel, carrier and node, and filters by channel', async () => {
    const byChannel = await request(t.app).get('/kpis').query({ ...RANGE, groupBy: 'channel' }).set(admin());
    const channels = Object.fromEntries(byChannel.body.rows.map((r: { key: string; orders: number }) => [r.key, r.orders]));
    expect(channels).to.include({ store: 2, call_center: 1 });
    const byCarrier = await request(t.app).get('/kpis').query({ ...RANGE, groupBy: 'carrier' }).set(admin());
    const carriers = Object.fromEntries(byCarrier.body.rows.map((r: { key: string; orders: number }) => [r.key, r.orders]));
    expect(carriers).to.include({ colissimo: 2, dhl: 2 });
    const byNode = await request(t.app).get('/kpis').query({ ...RANGE, groupBy: 'node' }).set(admin());
    expect(byNode.body.rows.reduce((n: number, r: { orders: number }) => n + r.orders, 0)).to.equal(byNode.body.total.orders);
    const store = await request(t.app).get('/kpis').query({ ...RANGE, groupBy: 'channel', channel: 'store' }).set(admin());
    expect(store.body.rows.map((r: { key: string }) => r.key)).to.deep.equal(['store']);
    expect(store.body.total.orders).to.equal(2);
    expect(store.body.channel).to.equal('store');
  });

  it('exports CSV (format=csv and /kpis.csv) with a header, one row per group and the total', async () => {
    for (const res of [
      await request(t.app).get('/kpis').query({ ...RANGE, groupBy: 'carrier', format: 'csv' }).set(admin()),
      await request(t.app).get('/kpis.csv').query({ ...RANGE, groupBy: 'carrier' }).set(admin()),
    ]) {
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/csv/);
      expect(res.headers['content-disposition']).to.contain('kpis-carrier-2026-03-01-2026-03-03.csv');
      const lines = res.text.trim().split('\r\n');
      expect(lines[0]!.split(',').slice(0, 3)).to.deep.equal(['carrier', 'orders', 'units']);
      expect(lines.at(-1)!.startsWith('total,')).to.equal(true);
      expect(lines.map((l) => l.split(',')[0])).to.include.members(['colissimo', 'dhl']);
    }
  });

  it('refuses a bad query with problem+json 400 naming the field', async () => {
    const cases: Record<string, string>[] = [
      { groupBy: 'week' }, { from: '2026-13-01' }, { from: '2026-02-30', to: '2026-03-01' }, { from: '2026-03-05', to: '2026-03-01' },
      { from: '2020-01-01', to: '2026-01-01' }, { channel: 'fax' }, { format: 'xml' }, { unknown: '1' },
    ];
    for (const q of cases) {
      const res = await request(t.app).get('/kpis').query(q).set(admin());
      expect(res.status, JSON.stringify(q)).to.equal(400);
      expect(res.headers['content-type']).to.match(/application\/problem\+json/);
      expect(res.body.detail, JSON.stringify(res.body)).to.be.a('string').and.not.empty;
    }
  });

  it('roles: operator, admin and auditor keys read KPIs; store keys, tracking tokens and anonymous callers do not', async () => {
    expect((await request(t.app).get('/kpis').query(RANGE).set('Authorization', `Bearer ${auditorKey}`)).status).to.equal(200);
    const operator = (await t.oms.security.apiKeys.create({ role: 'operator', createdBy: 'test' })).key;
    expect((await request(t.app).get('/kpis.csv').query(RANGE).set('Authorization', `Bearer ${operator}`)).status).to.equal(200);
    const store = (await t.oms.security.apiKeys.create({ role: 'store', nodes: ['store-12'], createdBy: 'test' })).key;
    expect((await request(t.app).get('/kpis').query(RANGE).set('Authorization', `Bearer ${store}`)).status).to.equal(403);
    const agent = (await t.oms.security.apiKeys.create({ role: 'agent', createdBy: 'test' })).key;
    expect((await request(t.app).get('/kpis').query(RANGE).set('Authorization', `Bearer ${agent}`)).status).to.equal(403);
    expect((await request(t.app).get('/kpis').query(RANGE).set('X-Tracking-Token', tokenOfAnOrder)).status).to.equal(403);
    expect((await request(t.app).get('/kpis').query(RANGE)).status).to.equal(401);
  });

  it('serves the dashboard page and chart.js from the OMS', async () => {
    const page = await request(t.app).get('/dashboard');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('/web/vendor/chart.umd.js');
    expect((await request(t.app).get('/web/dashboard/dashboard.js')).status).to.equal(200);
  });
});
