import { expect } from 'chai';
import fc from 'fast-check';
import type { RecordedEvent } from '../../../../infrastructure/eventstore/eventStore.js';
import { openEmbeddedReadStore } from '../../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { ReadStore } from '../../../../infrastructure/readstore/readStore.js';
import type { KpiCell } from '../../../../projections/kpis/kpiCells.js';
import { KPI_CELLS, KPI_ORDERS, kpiProjection } from '../../../../projections/kpis/kpiProjection.js';
import { kpiCsv, kpiReport } from '../../../../projections/kpis/kpiReport.js';
import { physicalName } from '../../../../projections/runtime/projection.js';
import { changeData, eventLog, move, placedData } from '../support/recordedEvents.js';

const P = kpiProjection();
const cellsName = physicalName(KPI_CELLS, P.version);
const factsName = physicalName(KPI_ORDERS, P.version);

/** A small history: a delivered order on time with a return and refund, a cancelled one, a split late one rejected once by a store. */
const history = (): RecordedEvent[] => {
  const log = eventLog();
  const at = (d: string) => `2026-03-${d}.000Z`;
  const shipped = (id: string, node: string, lineId: string, q: number, carrier: string, when: string) =>
    ({ shipmentId: id, node, lines: [{ lineId, quantity: q }], carrier, trackingNumber: `${id}-T`, shippedAt: when, moves: [], fulfilment: null });
  const status = (to: string) => ({ from: 'x', to, on: 'x', at: at('02T09:00:00') });
  return [
    log('order-o1', 'OrderPlaced', placedData('o1'), at('02T09:00:00')),
    log('order-o2', 'OrderPlaced', placedData('o2', { channel: 'store', placedAt: at('02T10:00:00') }), at('02T10:00:00')),
    log('order-o1', 'OrderSourcingRecorded', { moves: [move('1', 2, 'open', 'allocated', 'dc-paris'), move('2', 1, 'open', 'allocated', 'dc-paris')], preorders: [] }, at('02T09:05:00')),
    log('order-o1', 'OrderLinesReleased', { node: 'dc-paris', moves: [], at: at('02T09:10:00') }, at('02T09:10:00')),
    log('order-o2', 'OrderCancelled', changeData('changed mind', [move('1', 2, 'open', 'cancelled'), move('2', 1, 'open', 'cancelled')], '0.00', '57.40'), at('02T10:30:00')),
    log('order-o2', 'OrderStatusChanged', status('cancelled'), at('02T10:30:00')),
    log('order-o3', 'OrderPlaced', placedData('o3', { placedAt: at('03T08:00:00'), promise: { earliest: '2026-03-04', latest: '2026-03-05' } }), at('03T08:00:00')),
    log('order-o3', 'OrderLinesReleased', { node: 'store-12', moves: [], at: at('03T08:10:00') }, at('03T08:10:00')),
    log('order-o3', 'OrderReleaseRejected', { node: 'store-12', reason: 'no stock', moves: [move('2', 1, 'released', 'backordered')], stockToRelease: [], at: at('03T09:00:00') }, at('03T09:00:00')),
    log('order-o1', 'OrderShipmentShipped', shipped('S1', 'dc-paris', '1', 2, 'colissimo', at('03T10:00:00')), at('03T10:00:00')),
    log('order-o3', 'OrderLinesReleased', { node: 'dc-paris', moves: [], at: at('03T09:30:00') }, at('03T09:30:00')),
    log('order-o3', 'OrderShipmentShipped', shipped('S2', 'dc-paris', '1', 2, 'dhl', at('03T12:00:00')), at('03T12:00:00')),
    log('order-o3', 'OrderShipmentShipped', shipped('S3', 'dc-berlin', '2', 1, 'ups', at('04T12:00:00')), at('04T12:00:00')),
    log('order-o1', 'OrderShipmentDelivered', { shipmentId: 'S1', deliveredAt: at('05T10:00:00'), moves: [] }, at('05T10:00:00')),
    log('order-o1', 'OrderStatusChanged', status('delivered'), at('05T10:00:00')),
    log('order-o3', 'OrderShipmentDelivered', { shipmentId: 'S2', deliveredAt: at('05T11:00:00'), moves: [] }, at('05T11:00:00')),
    log('order-o3', 'OrderShipmentDelivered', { shipmentId: 'S3', deliveredAt: at('06T11:00:00'), moves: [] }, at('06T11:00:00')),
    log('order-o3', 'OrderStatusChanged', status('delivered'), at('06T11:00:00')),
    log('return-R1', 'ReturnRequested', { returnId: 'R1', orderId: 'o1', lines: [{ lineId: '1', quantity: 1 }], at: at('07T09:00:00') }, at('07T09:00:00')),
    log('return-R1', 'ReturnApproved', { returnId: 'R1', at: at('07T09:30:00') }, at('07T09:30:00')),
    log('return-R1', 'RefundIssued', { returnId: 'R1', orderId: 'o1', total: { amount: '20.00', currency: 'EUR' }, at: at('08T09:00:00') }, at('08T09:00:00')),
  ];
};

/** Applies the events in the given batches (each its own transaction, as the runner does) and returns both collections, sorted. */
const project = async (batches: readonly (readonly RecordedEvent[])[]) => {
  const store: ReadStore = await openEmbeddedReadStore({ path: ':memory:' });
  try {
    for (const batch of batches) {
      await store.withTransaction((tx) => P.apply(batch, { tx, collectionName: (l) => physicalName(l, P.version) }));
    }
    const cells = await store.collection<KpiCell>(cellsName).find({}, { sort: { _id: 1 } });
    const facts = await store.collection(factsName).find({}, { sort: { _id: 1 } });
    return { cells, facts };
  } finally {
    await store.close();
  }
};

describe('KPI projection (kpi_orders facts, kpi_cells cube)', () => {
  it('counts orders, revenue, cancellations, promise kept, split shipments, rejections, returns and cost to serve', async () => {
    const { cells, facts } = await project([history()]);
    expect(facts).to.have.length(3);
    const { total, rows } = kpiReport(cells, 'channel');
    expect(total).to.include({ orders: 3, units: 9, cancelledOrders: 1, shippedOrders: 2, handedOverOrders: 2, releases: 3, rejections: 1, returnedOrders: 1, backorderedOrders: 1 });
    expect(total.revenue).to.deep.equal({ EUR: '114.8' }); // 57.40 + 0.00 (cancelled) + 57.40
    expect(total.refunds).to.deep.equal({ EUR: '20' });
    expect(total.costToServe).to.deep.equal({ EUR: '21.3' });
    expect(total.cancellationRatePct).to.equal(33.33);
    expect(total.promiseKeptPct).to.equal(50); // o1 delivered 5 Mar ≤ 6 Mar; o3 6 Mar > 5 Mar
    expect(total.splitShipmentPct).to.equal(50);
    expect(total.storeRejectionRatePct).to.equal(33.33);
    expect(total.returnRatePct).to.equal(50);
    expect(total.fillRatePct).to.equal(55.56); // 5 of 9 units shipped
    // o1: placed 2 Mar 09:00, first shipped 3 Mar 10:00 (25 h); o3: 3 Mar 08:00 → 12:00 (4 h).
    expect(total.avgTimeToShipHours).to.equal(14.5);
    expect(rows.map((r) => [r.key, r.orders])).to.deep.equal([['store', 1], ['web', 2]]);
    const byNode = kpiReport(cells, 'node').rows.map((r) => [r.key, r.orders, r.releases, r.rejections]);
    // o2 never left its checkout proposal (dc-paris had most units); o3's rejection counts at store-12.
    expect(byNode).to.deep.equal([['dc-paris', 3, 2, 0], ['store-12', 0, 1, 1]]);
    const byCarrier = kpiReport(cells, 'carrier').rows.map((r) => [r.key, r.orders]);
    expect(byCarrier).to.deep.equal([['colissimo', 1], ['dhl', 1], ['none', 1]]);
  });

  it('CSV: header, one row per group and the total, money per currency', async () => {
    const { cells } = await project([history()]);
    const { rows, total } = kpiReport(cells, 'day');
    const csv = kpiCsv('day', rows, total).trim().split('\r\n');
    expect(csv[0]!.startsWith('day,orders,units,')).to.equal(true);
    expect(csv[0]).to.contain('revenue_EUR');
    expect(csv.slice(1).map((l) => l.split(',')[0])).to.deep.equal(['2026-03-02', '2026-03-03', 'total']);
  });

  it('the cube is the same however the events are batched (cells that lose every contribution are deleted)', async () => {
    const events = history();
    const whole = await project([events]);
    const single = await project(events.map((e) => [e]));
    expect(single).to.deep.equal(whole);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: events.length }), { minLength: 1, maxLength: 6 }), async (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const batches: RecordedEvent[][] = [];
        let start = 0;
        for (const p of [...points, events.length]) {
          if (p > start) batches.push(events.slice(start, p));
          start = Math.max(start, p);
        }
        expect(await project(batches)).to.deep.equal(whole);
      }),
      { numRuns: 25 },
    );
  });
});
