import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runImportOlist } from '../../../api/cli/importOlistCommand.js';
import { runPromiseAccuracy } from '../../../api/cli/reportPromiseAccuracyCommand.js';
import { openStores } from '../../../api/bootstrap/openStores.js';
import { importedOrderId } from '../../../application/import/olist/olistSteps.js';
import { inventoryStreamName, positionFromState, inventoryDecider } from '../../../domain/inventory/index.js';
import { fold } from '../../../domain/shared/decider.js';
import { orderDecider, orderStreamName, type Order, type OrderEvent, type OrderPlaced } from '../../../domain/order/index.js';
import { loadConfig } from '../../../infrastructure/config/config.js';
import type { EventStore } from '../../../infrastructure/eventstore/eventStore.js';
import { FIXTURE_ORDERS, PRODUCTS, SELLERS, writeOlistFixture } from '../../support/olistFixture.js';
import { TEST_ENV } from '../../support/testOms.js';
import { ORDERS, ordersProjection } from '../../../projections/orders/ordersProjection.js';
import { physicalName } from '../../../projections/runtime/projection.js';
import { PROCESS_TIMERS } from '../../../application/processes/timers.js';

const sink = () => {
  let text = '';
  return { write: (s: string) => ((text += s), true), text: () => text };
};

const events = async (store: EventStore, stream: string) => {
  const out: { type: string; data: unknown }[] = [];
  for await (const e of store.readStream(stream)) out.push({ type: e.type, data: e.data });
  return out;
};

describe('oms import olist → oms report promise-accuracy (tiny synthetic Olist directory)', function () {
  this.timeout(30_000);
  let root: string;
  const config = () => loadConfig({ ...TEST_ENV, OMS_DATA_DIR: join(root, 'data'), OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'test', OMS_SQLITE_SYNCHRONOUS: 'NORMAL', LOG_LEVEL: 'silent', OMS_REAPER_INTERVAL_MS: '3600000' });

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'olist-import-'));
    writeOlistFixture(join(root, 'olist'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('replays every order through the command path, counts every anomaly, and reports accuracy against the baseline', async () => {
    const out = sink();
    const summary = await runImportOlist(config(), join(root, 'olist'), { json: true }, out);
    // o08 sells through an unknown seller: skipped and counted, never a crash.
    expect(summary.ordersInFile).to.equal(FIXTURE_ORDERS.length);
    expect(summary.ordersImported).to.equal(8);
    expect(summary.steps).to.deep.equal({ place: 8, accept: 7, ship: 7, deliver: 6, cancel: 1 });
    expect(summary.refusedSteps).to.equal(0);
    expect(summary.processFailures).to.equal(0);
    expect(summary.sellers).to.equal(2);
    expect(summary.promiseModel).to.equal('learned');
    expect(summary.anomalies).to.include({
      'order: unknown or unlocated seller (skipped)': 1,
      'order: delivered before hand-over (shipped at delivery)': 1,
      'order: no approval timestamp but handed over (approved at purchase)': 1,
      'geolocation: outside Brazil (clipped)': 1,
      'product: no weight (700 g assumed)': 1,
    });
    expect(summary.events).to.be.greaterThan(100);
    expect(JSON.parse(out.text()).ordersImported).to.equal(8);

    const stores = await openStores(config());
    try {
      // The two-seller order: placed with each line pinned to its seller, two shipments, delivered.
      const o02 = importedOrderId('o02');
      const history = await events(stores.eventStore, orderStreamName(o02));
      const placed = history[0] as unknown as OrderPlaced;
      expect(placed.data.placedAt).to.equal('2017-01-03T10:00:00.000Z');
      expect(placed.data.lines.map((l) => l.proposedNode).sort()).to.deep.equal([`seller-${SELLERS.S1}`, `seller-${SELLERS.S2}`]);
      expect(placed.data.checkout?.externalPromise).to.deep.equal({ source: 'olist:order_estimated_delivery_date', deliverBy: '2017-01-22' });
      expect(placed.data.promise?.latest).to.match(/^2017-01-\d\dT23:59:59Z$/);
      const types = history.map((e) => e.type);
      expect(types.filter((t) => t === 'OrderShipmentShipped')).to.have.length(2);
      expect(types.filter((t) => t === 'OrderShipmentDelivered')).to.have.length(2);
      expect(types).to.include.members(['OrderPaymentAuthorized', 'OrderSourcingRecorded', 'OrderLinesReleased', 'OrderReleaseAccepted']);
      const order = fold(orderDecider, history as OrderEvent[]) as Order;
      expect(order.status).to.equal('delivered');
      expect(order.shipments.every((s) => s.deliveredAt === '2017-01-09T10:00:00.000Z')).to.equal(true);

      // Stock: S1 received one P1 unit per sale (o01, o02, o05, o07); three shipped and consumed, the cancelled one is free again.
      const p1 = fold(inventoryDecider, (await events(stores.eventStore, inventoryStreamName(`seller-${SELLERS.S1}`, `olist-${PRODUCTS.P1}`))) as never);
      const position = positionFromState(p1 as never)!;
      expect(position.onHand).to.equal(1);
      expect(position.reserved).to.equal(0);

      const cancelled = fold(orderDecider, (await events(stores.eventStore, orderStreamName(importedOrderId('o05')))) as OrderEvent[]) as Order;
      expect(cancelled.status).to.equal('cancelled');

      // The read models the import did not keep live were caught up before it returned: every order is listed, in its final status.
      const listed = await stores.readStore.collection<{ _id: string; status: string }>(physicalName(ORDERS, ordersProjection().version)).find({});
      expect(listed).to.have.length(8);
      expect(listed.find((d) => d._id === o02)?.status).to.equal('delivered');
      expect(listed.find((d) => d._id === importedOrderId('o05'))?.status).to.equal('cancelled');
    } finally {
      await stores.eventStore.close();
      await stores.readStore.close();
    }

    const report = await runPromiseAccuracy(config(), { from: '2017-01-01', json: true }, sink());
    // Delivered in full with both promises: o01, o02, o03, o04, o07, o09. o03 came a day after Olist's estimate.
    expect(report.delivered).to.equal(6);
    expect(report.baselineOnTimeRate).to.equal(0.8333);
    expect(report.ordersInWindow).to.equal(8);
    expect(report.unscored).to.deep.equal({ cancelled: 1, notDelivered: 1 });
    expect(report.onTimeRate).to.be.within(0, 1);
    expect(report.medianPromisedDays).to.be.greaterThan(0);
    const later = await runPromiseAccuracy(config(), { from: '2017-01-08' }, sink());
    expect(later.ordersInWindow).to.equal(2); // o07, o09 (o08 was never placed)
  });

  it('a second run over the same store replays: no new orders, no new events', async () => {
    const stores = await openStores(config());
    const head = await stores.eventStore.headPosition();
    await stores.eventStore.close();
    await stores.readStore.close();
    const summary = await runImportOlist(config(), join(root, 'olist'), {}, sink());
    expect(summary.ordersImported).to.equal(8);
    const again = await openStores(config());
    try {
      expect(await again.eventStore.headPosition()).to.equal(head);
    } finally {
      await again.eventStore.close();
      await again.readStore.close();
    }
  });

  it('is deterministic: a second import into a fresh store appends the same events (ids, data, business times), timers included', async () => {
    const other = () => loadConfig({ ...TEST_ENV, OMS_DATA_DIR: join(root, 'data-2'), OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'test', OMS_SQLITE_SYNCHRONOUS: 'NORMAL', LOG_LEVEL: 'silent', OMS_REAPER_INTERVAL_MS: '3600000' });
    await runImportOlist(other(), join(root, 'olist'), {}, sink());
    const history = async (c: ReturnType<typeof loadConfig>) => {
      const stores = await openStores(c);
      try {
        const out: string[] = [];
        // The process timers the replay scheduled (hand-over deadlines, acceptance timeouts), by id.
        const timers = (await stores.readStore.collection(PROCESS_TIMERS).find({})).map((t) => String(t._id)).sort();
        // Every event: stream, type, id, data and business time — but the tracking token, a secret
        // drawn at random for each order by design (only its hash is recorded).
        for await (const e of stores.eventStore.readAll()) {
          const data = e.type === 'OrderPlaced' ? { ...(e.data as object), trackingTokenHash: 'random' } : e.data;
          out.push(JSON.stringify([e.streamName, e.type, e.id, data, e.metadata.now]));
        }
        return { events: out, timers };
      } finally {
        await stores.eventStore.close();
        await stores.readStore.close();
      }
    };
    const [one, two] = [await history(config()), await history(other())];
    const [first, second] = [one.events, two.events];
    expect(second.length).to.equal(first.length);
    const diff = first.map((e, i) => [e, second[i]]).filter(([a, b]) => a !== b);
    const paths = (a: unknown, b: unknown, at = ''): string[] =>
      JSON.stringify(a) === JSON.stringify(b) ? [] : typeof a === 'object' && a && typeof b === 'object' && b
        ? [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => paths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`))
        : [`${at}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`];
    expect(diff.flatMap(([a, b]) => paths(JSON.parse(a!), JSON.parse(b!)))).to.deep.equal([]);
    // Timers were part of it: at least a hand-over deadline per placed order, the same ones in both stores.
    expect(one.timers.length).to.be.at.least(8);
    expect(two.timers).to.deep.equal(one.timers);
  });
});
