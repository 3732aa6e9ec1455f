import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSimulation, simulateFromFile } from '../../../api/cli/simulateCommand.js';
import { digestDocuments, type CollectionDigest } from '../../../application/audit/canonicalDigest.js';
import { applyMovement } from '../../../application/inventory/stockMovements.js';
import { DEFAULT_RULE_SET } from '../../../domain/sourcing/index.js';
import { driveToReleased, NOW, orderBody, orderCommand, place, settle, startOrdersOms, type OrdersOms } from '../../api/orders/support/orderFixtures.js';

/**
 * `oms simulate` end to end: orders placed through the API on the fixture network (TEE stocked at
 * dc-paris, store-12, dc-berlin, store-london), then replayed through a rule set that prefers
 * dc-berlin. Berlin's TEE stock is counted to zero after the orders, so only a replay against the
 * inventory *as it was* at placement can still source them there.
 */
type Placed = { orderId: string; lines: { lineId: string; node: string; quantity: number }[] };

const PREFER_BERLIN = {
  id: 'prefer-berlin',
  version: 1,
  nodePriority: { 'dc-berlin': 1 },
  rules: [
    { name: 'berlin-first', sort: ['priority', 'distance'], splitPolicy: 'none', onShortfall: 'nextRule', filters: { excludeNodeIds: ['store-12', 'dc-paris', 'store-london'] } },
    { name: 'fallback', sort: ['cost', 'distance'], splitPolicy: 'allowed', onShortfall: 'backorder' },
  ],
};

const head = async (t: OrdersOms): Promise<bigint> => {
  for await (const e of t.oms.eventStore.readAll({ direction: 'backwards', maxCount: 1 })) return e.position;
  return 0n;
};

const readModels = async (t: OrdersOms): Promise<Record<string, CollectionDigest>> => {
  const out: Record<string, CollectionDigest> = {};
  for (const name of (await t.oms.readStore.listCollections()).sort()) out[name] = digestDocuments(await t.oms.readStore.collection(name).find({}));
  return out;
};

describe('oms simulate — replay orders through another rule set (e2e)', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  let dir: string;
  const placed: Placed[] = [];
  const meta = (id: string, at = NOW) => ({ now: at.toISOString(), commandId: id, actor: { kind: 'operator' as const, id: 'test' } });
  const rulesFile = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oms-simulate-'));
    t = await startOrdersOms();
    for (let i = 0; i < 3; i++) {
      const res = await place(t, orderBody({ customerId: `sim-${i}` }), `sim-${i}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      placed.push(res.body as Placed);
    }
    // The first order is delivered two days after placement.
    const first = placed[0]!;
    await driveToReleased(t, first.orderId);
    const node = first.lines[0]!.node;
    await orderCommand(t, first.orderId, 'RecordShipped', {
      shipmentId: 'S1', node, lines: [{ lineId: first.lines[0]!.lineId, quantity: 2 }], carrier: 'colissimo', trackingNumber: 'T1', shippedAt: '2026-03-02T15:00:00.000Z',
    });
    await orderCommand(t, first.orderId, 'RecordDelivered', { shipmentId: 'S1', deliveredAt: '2026-03-04T10:00:00.000Z' });
    // After the window: Berlin runs out, and one more order is placed the next day.
    const later = new Date('2026-03-03T09:00:00.000Z');
    await applyMovement({ commands: t.oms.commands, eventStore: t.oms.eventStore }, 'count', { node: 'dc-berlin', sku: 'TEE', counted: 0 }, meta('count-berlin', later));
    t.setNow(later);
    const res = await place(t, orderBody({ customerId: 'sim-later' }), 'sim-later');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    placed.push(res.body as Placed);
  });

  after(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays the window against the inventory as it was and reports the differences', async () => {
    const options = { rules: rulesFile('berlin.json', PREFER_BERLIN), from: '2026-03-02', to: '2026-03-03' };
    const report = await simulateFromFile(t.oms.eventStore, options, t.settings);
    // Folding only the streams the availability read model lists gives the same answer.
    const viaHolders = await simulateFromFile(t.oms.eventStore, options, t.settings, t.oms.readStore);
    expect(viaHolders.orders).to.deep.equal(report.orders);
    expect(report.ordersInWindow).to.equal(3);
    expect(report.summary.orders).to.equal(3);
    expect(report.skipped).to.deep.equal({});
    for (const [i, o] of report.orders.entries()) {
      expect(o.orderId).to.equal(placed[i]!.orderId);
      // Recorded = what checkout decided (the nodes the API answered with).
      expect(o.recorded.nodes).to.deep.equal([...new Set(placed[i]!.lines.map((l) => l.node))].sort());
      expect(o.recorded.nodes).to.not.include('dc-berlin');
      // Berlin is empty *now*; at placement it had 20 TEE, so the candidate ships from there.
      expect(o.candidate.nodes).to.deep.equal(['dc-berlin']);
      expect(o.candidate.ruleSet).to.equal('prefer-berlin@1');
      expect(o.candidate.distanceKm).to.be.greaterThan(800);
      expect(o.candidate.promisedBy, 'the promise engine dates the Berlin plan').to.match(/^2026-03-\d\d$/);
      expect(o.candidate.promisedBy! >= o.recorded.promisedBy!).to.equal(true);
    }
    const s = report.summary;
    expect(s.changedOrders).to.equal(3);
    expect(s.candidate.meanDistanceKm).to.be.greaterThan(s.recorded.meanDistanceKm + 800);
    expect(s.delta.meanDistanceKm).to.be.greaterThan(800);
    expect(Number(s.delta.cost[0]!.mean)).to.be.greaterThan(0);
    expect(s.candidate.splitRate).to.equal(0);
    expect(s.delta.meanPromisedLeadDays).to.be.at.least(0);
    expect(s.delivered).to.equal(1);
    expect(report.orders[0]!.deliveredAt).to.equal('2026-03-04T10:00:00.000Z');
    expect(s.recorded.scored).to.equal(1);
    expect(s.candidate.scored).to.equal(1);
    const table = formatSimulation(report);
    expect(table).to.contain('prefer-berlin@1');
    expect(table).to.match(/split rate/);
    expect(table).to.match(/on-time \(delivered\)/);
  });

  it('the order placed after Berlin ran out is not sourced there; the window excludes it unless asked', async () => {
    const report = await simulateFromFile(t.oms.eventStore, { rules: rulesFile('berlin2.json', PREFER_BERLIN), from: '2026-03-03' }, t.settings);
    expect(report.ordersInWindow).to.equal(1);
    expect(report.orders[0]!.orderId).to.equal(placed[3]!.orderId);
    expect(report.orders[0]!.candidate.nodes).to.not.include('dc-berlin');
    expect(report.orders[0]!.candidate.outcome).to.equal('sourced');
  });

  it('replaying the live rule set reproduces the recorded plans', async () => {
    const report = await simulateFromFile(t.oms.eventStore, { rules: rulesFile('live.json', DEFAULT_RULE_SET) }, t.settings);
    expect(report.summary.orders).to.equal(4);
    expect(report.summary.changedOrders).to.equal(0);
    for (const o of report.orders) expect(o.candidate.nodes).to.deep.equal(o.recorded.nodes);
    // Sealed addresses keep ~1 km coordinates: distances agree to within that.
    expect(Math.abs(report.summary.delta.meanDistanceKm)).to.be.below(2);
  });

  it('writes nothing: the log head and every read model are unchanged', async () => {
    await settle(t);
    const beforeHead = await head(t);
    const beforeModels = await readModels(t);
    const report = await simulateFromFile(t.oms.eventStore, { rules: rulesFile('berlin3.json', PREFER_BERLIN) }, t.settings, t.oms.readStore);
    expect(report.summary.orders).to.equal(4);
    expect(await head(t)).to.equal(beforeHead);
    expect(await readModels(t)).to.deep.equal(beforeModels);
  });

  it('rejects an invalid rules file with a clear error naming the file and the field', async () => {
    const bad = rulesFile('bad.json', { ...PREFER_BERLIN, rules: [{ ...PREFER_BERLIN.rules[1], sort: 'cost' }] });
    let message = '';
    try {
      await simulateFromFile(t.oms.eventStore, { rules: bad }, t.settings);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.equal(`invalid rules file ${bad}: rules[0].sort: must be an array of strings`);
    const missing = join(dir, 'nope.json');
    let m2 = '';
    await simulateFromFile(t.oms.eventStore, { rules: missing }, t.settings).catch((e: Error) => (m2 = e.message));
    expect(m2).to.contain(`cannot read rules file ${missing}`);
  });
});
