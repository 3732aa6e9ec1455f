import { expect } from 'chai';
import request from 'supertest';
import { loadAggregate } from '../../../application/commandHandler.js';
import { orderFulfilmentProcess } from '../../../application/processes/orderFulfilment.js';
import { PROCESS_TIMERS, type TimerDocument } from '../../../application/processes/timers.js';
import { isPlaced, orderDecider, orderStreamName, type Order, type OrderEvent } from '../../../domain/order/index.js';
import type { RecordedEvent } from '../../../infrastructure/eventstore/eventStore.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';

/**
 * Issue 5: the promise recorded at checkout is revised, with its reason, when reality moves —
 * a node rejects and the work is re-sourced elsewhere, or the promised hand-over passes with the
 * units still at the node. Whole OMS over HTTP (real checkout promise and sourcing, the order
 * fulfilment process, its timer poller), with a clock the test can move forward.
 */
const PARIS = { lat: 48.8566, lng: 2.3522, country: 'FR', line1: '10 rue de Rivoli', city: 'Paris', postalCode: '75001', name: 'Camille Martin' };
const DAY = 86_400_000;

type Revision = Extract<OrderEvent, { type: 'OrderPromiseRevised' }>['data'];

describe('e2e/processes — promise revisions', function () {
  this.timeout(20_000);
  let t: TestOms;
  let http: ReturnType<typeof request>;
  let offsetMs = 0;
  let seq = 0;

  const order = async (orderId: string): Promise<Order> => {
    const { state } = await loadAggregate(t.oms.eventStore, orderDecider, orderStreamName(orderId));
    if (!isPlaced(state)) throw new Error(`no order ${orderId}`);
    return state;
  };
  const events = async (orderId: string): Promise<RecordedEvent[]> => {
    const out: RecordedEvent[] = [];
    for await (const e of t.oms.eventStore.readStream(orderStreamName(orderId))) out.push(e);
    return out;
  };
  const revisions = async (orderId: string): Promise<Revision[]> =>
    (await events(orderId)).filter((e) => e.type === 'OrderPromiseRevised').map((e) => e.data as unknown as Revision);
  const settle = () => t.oms.processes!.waitUntilIdle(10_000);
  const until = async (what: string, condition: () => Promise<boolean>) => {
    const deadline = Date.now() + 8_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const post = async (path: string, body: Record<string, unknown>, status = 200) => {
    const res = await http.post(path).set('Idempotency-Key', `k-${++seq}`).send(body);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.be.oneOf(status === 200 ? [200, 201] : [status]);
    return res.body as Record<string, unknown>;
  };
  const place = async (quantity: number): Promise<string> =>
    (await post('/orders', { channel: 'web', customerId: 'c-1', currency: 'EUR', deliveryMethod: 'standard', destination: PARIS, lines: [{ sku: 'MUG', quantity }] })).orderId as string;

  beforeEach(async () => {
    offsetMs = 0;
    t = await startTestOms({ OMS_SQLITE_SYNCHRONOUS: 'NORMAL' }, {
      clock: () => new Date(Date.now() + offsetMs),
      processes: { settings: { acceptanceTimeoutMs: 30_000, paymentDeclineDeadlineMs: 30_000, paymentPollMs: 50 }, timerPollMs: 20 },
    });
    http = request(t.app);
    // dc-north is close to Paris; dc-south (Marseille) is far and slower, so moving work there moves the dates.
    for (const [id, lat, lng, hours] of [['dc-north', 49.9, 2.3, 4], ['dc-south', 43.3, 5.37, 24]] as const) {
      await post('/network/nodes', { id, type: 'dc', name: id, location: { lat, lng, country: 'FR', timezone: 'Europe/Paris' }, capabilities: ['ship'], processingHours: hours, cutoffLocal: '17:00', dailyCapacity: 1000 });
    }
    const sku = await http.put('/catalog/skus/MUG').send({ name: 'MUG', prices: { EUR: '12.50' }, weightGrams: 400, taxClass: 'standard' });
    expect(sku.status, JSON.stringify(sku.body)).to.be.oneOf([200, 201]);
    for (const node of ['dc-north', 'dc-south']) await post('/inventory/receipts', { node, sku: 'MUG', quantity: 10, reference: `rcv-${node}` });
  });
  afterEach(() => t.close());

  it('node rejects → re-sourced to another node → promise revised (node_rejected) with the new node and later dates, once', async () => {
    const orderId = await place(2);
    await settle();
    const before = await order(orderId);
    expect(before.status).to.equal('released');
    expect(before.promise?.nodeId).to.equal('dc-north');
    await post(`/orders/${orderId}/rejections`, { node: 'dc-north', reason: 'flooded warehouse' });
    await settle();

    const after = await order(orderId);
    expect(after.lines[0]!.units).to.deep.include({ stage: 'released', node: 'dc-south', quantity: 2 });
    const revised = await revisions(orderId);
    expect(revised).to.have.length(1);
    const r = revised[0]!;
    expect(r.reason).to.equal('node_rejected');
    expect(r.previous).to.deep.equal(before.promise);
    expect(r.promise.nodeId).to.equal('dc-south');
    expect(Date.parse(r.promise.latest)).to.be.greaterThan(Date.parse(before.promise!.latest));
    expect(after.promise).to.deep.equal(r.promise);

    // Re-delivering the rejection to the process (a replay after a crash) writes nothing twice.
    const rejected = (await events(orderId)).find((e) => e.type === 'OrderReleaseRejected')!;
    const count = (await events(orderId)).length;
    await orderFulfilmentProcess(t.oms.processes!.context).handle(rejected);
    expect(await revisions(orderId)).to.have.length(1);
    expect((await events(orderId)).length).to.equal(count);

  });

  it('the promised hand-over passes with the units still at the node → promise pushed to the next dispatch (missed_handover)', async () => {
    const orderId = await place(1);
    await settle();
    await t.oms.commands.handle(orderDecider, orderStreamName(orderId), {
      type: 'NodeAccepted', data: { node: 'dc-north' }, metadata: { now: new Date().toISOString(), commandId: `accept-${orderId}`, actor: { kind: 'store', id: 'associate-1' } },
    });
    await settle();
    const before = (await order(orderId)).promise!;
    const timers = t.oms.readStore.collection<TimerDocument>(PROCESS_TIMERS);
    const deadline = (await timers.find({ group: orderId, tag: 'handover' }))[0];
    expect(deadline?.status).to.equal('scheduled');
    expect(Date.parse(deadline!.dueAt)).to.equal(Date.parse(before.earliest));
    expect(await revisions(orderId)).to.have.length(0);

    // Time passes beyond the ship-by instant and nothing was shipped.
    offsetMs = Date.parse(before.earliest) - Date.now() + 60_000;
    await until('the missed hand-over revision', async () => (await revisions(orderId)).length > 0);
    await settle();
    const [r] = await revisions(orderId);
    expect(r!.reason).to.equal('missed_handover');
    expect(r!.previous).to.deep.equal(before);
    expect(r!.promise.nodeId).to.equal('dc-north');
    expect(Date.parse(r!.promise.earliest)).to.be.greaterThan(Date.parse(before.earliest));
    expect(Date.parse(r!.promise.latest)).to.be.at.least(Date.parse(before.latest));
    expect(Date.parse(r!.promise.earliest) - Date.parse(before.earliest)).to.be.below(7 * DAY);
    // The revised promise has its own deadline; the one that fired is done.
    const after = await timers.find({ group: orderId, tag: 'handover' });
    expect(after.find((d) => d._id === deadline!._id)?.status).to.equal('fired');
    expect(after.some((d) => d.status === 'scheduled' && Date.parse(d.dueAt) === Date.parse(r!.promise.earliest))).to.equal(true);
  });

  it('a hand-over made in time: the deadline fires and revises nothing', async () => {
    const orderId = await place(1);
    await settle();
    const before = (await order(orderId)).promise!;
    await post(`/orders/${orderId}/shipments`, { shipmentId: 'S1', node: 'dc-north', lines: [{ lineId: '1', quantity: 1 }], carrier: 'colissimo', trackingNumber: '6AS1', shippedAt: new Date().toISOString() });
    await settle();
    offsetMs = Date.parse(before.earliest) - Date.now() + 60_000;
    const timers = t.oms.readStore.collection<TimerDocument>(PROCESS_TIMERS);
    await until('the hand-over deadline to fire', async () => (await timers.find({ group: orderId, tag: 'handover' })).some((d) => d.status === 'fired'));
    await settle();
    expect(await revisions(orderId)).to.have.length(0);
  });
});
