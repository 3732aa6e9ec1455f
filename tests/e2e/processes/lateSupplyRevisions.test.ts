import { expect } from 'chai';
import request from 'supertest';
import { loadAggregate } from '../../../application/commandHandler.js';
import { configureOrders, orderRuntime } from '../../../application/orders/orderRuntime.js';
import { orderFulfilmentProcess } from '../../../application/processes/orderFulfilment.js';
import { inventoryStreamName } from '../../../domain/inventory/index.js';
import { isPlaced, orderDecider, orderStreamName, type Order, type OrderEvent } from '../../../domain/order/index.js';
import type { RecordedEvent } from '../../../infrastructure/eventstore/eventStore.js';
import { settle as settleProjections } from '../../api/orders/support/orderFixtures.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';

/**
 * Issue 5, late supply: an order whose units wait for inbound supply was promised from that
 * supply's ETA. When the supply gets later — its ETA moves later, it is cancelled so the units
 * wait for later supply, or its ETA passes without an arrival — the fulfilment process re-quotes
 * and records one `OrderPromiseRevised` (`late_supply`) with the later dates. Whole OMS over HTTP
 * (real checkout promise from expected supply, backorders, the process and its timer poller).
 */
const PARIS = { lat: 48.8566, lng: 2.3522, country: 'FR', line1: '10 rue de Rivoli', city: 'Paris', postalCode: '75001', name: 'Camille Martin' };
const DAY = 86_400_000;
const GRACE_MS = 3_600_000;

type Revision = Extract<OrderEvent, { type: 'OrderPromiseRevised' }>['data'];

describe('e2e/processes — promise revisions after late supply', function () {
  this.timeout(20_000);
  let t: TestOms;
  let http: ReturnType<typeof request>;
  let offsetMs = 0;
  let seq = 0;
  let eta: number;

  const iso = (ms: number) => new Date(ms).toISOString();
  const order = async (orderId: string): Promise<Order> => {
    const { state } = await loadAggregate(t.oms.eventStore, orderDecider, orderStreamName(orderId));
    if (!isPlaced(state)) throw new Error(`no order ${orderId}`);
    return state;
  };
  const events = async (stream: string): Promise<RecordedEvent[]> => {
    const out: RecordedEvent[] = [];
    for await (const e of t.oms.eventStore.readStream(stream)) out.push(e);
    return out;
  };
  const revisions = async (orderId: string): Promise<Revision[]> =>
    (await events(orderStreamName(orderId))).filter((e) => e.type === 'OrderPromiseRevised').map((e) => e.data as unknown as Revision);
  const settle = async () => {
    await t.oms.processes!.waitUntilIdle(10_000);
    await settleProjections(t);
  };
  const post = async (path: string, body: Record<string, unknown>) => {
    const res = await http.post(path).set('Idempotency-Key', `k-${++seq}`).send(body);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.be.oneOf([200, 201]);
    return res.body as Record<string, unknown>;
  };
  const supply = (node: string, supplyId: string, at: number, quantity = 10) =>
    post('/inventory/supply', { node, sku: 'MUG', supplyId, kind: 'purchase_order', quantity, eta: iso(at) });
  const reschedule = (supplyId: string, at: number) => post('/inventory/supply/reschedules', { node: 'dc-north', sku: 'MUG', supplyId, eta: iso(at), reason: 'supplier delay' });
  /** An order for 2 mugs that waits for supply (none on hand): checkout promises it from the expected supply. */
  const placeWaiting = async (): Promise<{ orderId: string; promise: NonNullable<Order['promise']> }> => {
    const body = await post('/orders', { channel: 'web', customerId: 'c-1', currency: 'EUR', deliveryMethod: 'standard', destination: PARIS, lines: [{ sku: 'MUG', quantity: 2 }] });
    const orderId = body.orderId as string;
    await settle();
    const placed = await order(orderId);
    expect(placed.status).to.equal('backordered');
    expect(placed.promise, 'checkout promised from the expected supply').to.not.equal(undefined);
    expect(Date.parse(placed.promise!.earliest)).to.be.at.least(eta);
    return { orderId, promise: placed.promise! };
  };

  beforeEach(async () => {
    offsetMs = 0;
    t = await startTestOms({ OMS_SQLITE_SYNCHRONOUS: 'NORMAL' }, {
      clock: () => new Date(Date.now() + offsetMs),
      processes: { settings: { supplyOverdueGraceMs: GRACE_MS }, timerPollMs: 20 },
    });
    // The web channel takes backorders; no caches, so checkout sees the supply just announced.
    configureOrders(t.oms, { ...orderRuntime(t.oms).settings, backorderChannels: ['web'], networkCacheMs: 0, availabilityCacheMs: 0 });
    http = request(t.app);
    for (const [id, lat, lng] of [['dc-north', 49.9, 2.3], ['dc-south', 43.3, 5.37]] as const) {
      await post('/network/nodes', { id, type: 'dc', name: id, location: { lat, lng, country: 'FR', timezone: 'Europe/Paris' }, capabilities: ['ship'], processingHours: 4, cutoffLocal: '17:00', dailyCapacity: 1000 });
    }
    const sku = await http.put('/catalog/skus/MUG').send({ name: 'MUG', prices: { EUR: '12.50' }, weightGrams: 400, taxClass: 'standard' });
    expect(sku.status, JSON.stringify(sku.body)).to.be.oneOf([200, 201]);
    eta = Date.parse(iso(Date.now() + 3 * DAY));
    await supply('dc-north', 'PO-1', eta);
    await settle();
  });
  afterEach(() => t.close());

  it('the ETA slips → one late_supply revision with the later dates, shown by GET /orders/:id; a re-delivered trigger writes nothing', async () => {
    const { orderId, promise: before } = await placeWaiting();
    const slipped = eta + 4 * DAY;
    await reschedule('PO-1', slipped);
    await settle();

    const revised = await revisions(orderId);
    expect(revised).to.have.length(1);
    const r = revised[0]!;
    expect(r.reason).to.equal('late_supply');
    expect(r.previous).to.deep.equal(before);
    expect(Date.parse(r.promise.earliest)).to.be.at.least(slipped);
    expect(Date.parse(r.promise.latest)).to.be.greaterThan(Date.parse(before.latest));
    expect((await order(orderId)).promise).to.deep.equal(r.promise);

    const details = await http.get(`/orders/${orderId}`);
    expect(details.status).to.equal(200);
    expect(details.body.promise).to.deep.equal(r.promise);
    expect(details.body.promiseRevisions.map((x: Revision) => x.reason)).to.deep.equal(['late_supply']);

    // The supply event delivered to the process again (a replay after a crash): still one revision.
    const rescheduled = (await events(inventoryStreamName('dc-north', 'MUG'))).find((e) => e.type === 'SupplyRescheduled')!;
    const count = (await events(orderStreamName(orderId))).length;
    await orderFulfilmentProcess(t.oms.processes!.context).handle(rescheduled);
    await orderFulfilmentProcess(t.oms.processes!.context).handle(rescheduled);
    expect(await revisions(orderId)).to.have.length(1);
    expect((await events(orderStreamName(orderId))).length).to.equal(count);
  });

  it('the ETA moves earlier, or the same ETA is sent again → no revision', async () => {
    const { orderId, promise: before } = await placeWaiting();
    await reschedule('PO-1', eta - DAY);
    await reschedule('PO-1', eta - DAY);
    await settle();
    expect((await events(inventoryStreamName('dc-north', 'MUG'))).filter((e) => e.type === 'SupplyRescheduled')).to.have.length(1);
    expect(await revisions(orderId)).to.have.length(0);
    expect((await order(orderId)).promise).to.deep.equal(before);
  });

  it('a supply slips but another one still covers the order at the promised dates → re-quoted, no revision', async () => {
    await supply('dc-north', 'PO-3', eta);
    await settle();
    const { orderId, promise: before } = await placeWaiting();
    await reschedule('PO-1', eta + 4 * DAY);
    await settle();
    expect(await revisions(orderId)).to.have.length(0);
    expect((await order(orderId)).promise).to.deep.equal(before);
  });

  it('the supply is cancelled and the units must wait for later supply elsewhere → late_supply revision', async () => {
    await supply('dc-south', 'PO-2', eta + 5 * DAY);
    await settle();
    const { orderId, promise: before } = await placeWaiting();
    await post('/inventory/supply/cancellations', { node: 'dc-north', sku: 'MUG', supplyId: 'PO-1', reason: 'supplier out of business' });
    await settle();
    const [r, ...more] = await revisions(orderId);
    expect(more).to.have.length(0);
    expect(r!.reason).to.equal('late_supply');
    expect(r!.previous).to.deep.equal(before);
    expect(Date.parse(r!.promise.earliest)).to.be.at.least(eta + 5 * DAY);
    expect(r!.promise.nodeId).to.equal('dc-south');
  });

  it('the ETA passes without an arrival → re-promised from the overdue check, once', async () => {
    const { orderId, promise: before } = await placeWaiting();
    // Two days after the ETA, nothing arrived: the overdue checks (ETA + 1 h, + 2 h, …) fire.
    offsetMs = eta + 2 * DAY - Date.now();
    const deadline = Date.now() + 8_000;
    while ((await revisions(orderId)).length === 0) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the late-supply revision');
      await new Promise((res) => setTimeout(res, 20));
    }
    await settle();
    const revised = await revisions(orderId);
    expect(revised).to.have.length(1);
    expect(revised[0]!.reason).to.equal('late_supply');
    expect(Date.parse(revised[0]!.promise.earliest)).to.be.at.least(eta + 2 * DAY);
    expect(Date.parse(revised[0]!.promise.latest)).to.be.greaterThan(Date.parse(before.latest));
  });
});
