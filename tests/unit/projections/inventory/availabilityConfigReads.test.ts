import { expect } from 'chai';
import { putAtsView } from '../../../../application/availability/putAtsView.js';
import { putSku } from '../../../../application/catalog/putSku.js';
import { createCommandHandler } from '../../../../application/commandHandler.js';
import { applyMovement } from '../../../../application/inventory/stockMovements.js';
import type { CommandDeps } from '../../../../application/inventory/useCaseContext.js';
import { blockChannel, registerNode } from '../../../../application/network/nodeUseCases.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore, type EmbeddedReadStore } from '../../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { ReadStore } from '../../../../infrastructure/readstore/readStore.js';
import { availabilityProjection } from '../../../../projections/inventory/availabilityProjection.js';
import { ATS, ATS_CONFIG, VISIBILITY } from '../../../../projections/inventory/availabilityModel.js';
import { physicalName } from '../../../../projections/runtime/projection.js';
import { createProjectionRunner } from '../../../../projections/runtime/projectionRunner.js';
import { countingReads } from './support/sampleWorld.js';

const START_MS = Date.parse('2025-06-01T08:00:00.000Z');
const at = (minute: number) => new Date(START_MS + minute * 60_000).toISOString();
const projection = availabilityProjection();
const name = (logical: string) => physicalName(logical, projection.version);

/** Applies the whole log to `reads` with live batches of `batchSize` events. */
const project = async (events: SqliteEventStore, reads: ReadStore, batchSize: number, catchUpChunk = 0) => {
  const runner = createProjectionRunner(events, reads, projection, { batchSize, catchUpChunk });
  await runner.start();
  await runner.waitFor(await events.headPosition(), 10_000);
  await runner.stop();
};

const dump = async (reads: ReadStore, logical: string) =>
  (await reads.collection(name(logical)).find({})).sort((a, b) => (a._id < b._id ? -1 : 1));

describe('availability projection: configuration reads and asOf', () => {
  let events: SqliteEventStore;
  let reads: EmbeddedReadStore;
  let deps: CommandDeps;
  let seq = 0;
  const node = (id: string, minute: number) =>
    registerNode(deps, {
      id, type: 'dc', name: id, processingHours: 4, cutoffLocal: '16:00', dailyCapacity: 100, capabilities: ['ship'],
      location: { lat: 48.8, lng: 2.3, country: 'FR', timezone: 'Europe/Paris' },
    }, { now: at(minute), commandId: `cmd-${++seq}` });
  const receive = (nodeId: string, sku: string, minute: number) =>
    applyMovement(deps, 'receipt', { node: nodeId, sku, quantity: 5, reference: 'grn' }, { now: at(minute), commandId: `cmd-${++seq}` });

  beforeEach(async () => {
    events = openSqliteEventStore({ path: ':memory:', synchronous: 'NORMAL' });
    reads = await openEmbeddedReadStore({ path: ':memory:' });
    deps = { commands: createCommandHandler({ eventStore: events }), eventStore: events };
    for (const sku of ['S1', 'S2']) await putSku(deps, sku, { name: sku, prices: { EUR: '1.00' }, weightGrams: 1, taxClass: 'standard' }, { now: at(0), commandId: `sku-${sku}` });
  });
  afterEach(async () => {
    await events.close();
    await reads.close();
  });

  it('given no ATS view, when nodes register, then no SKU is rewritten and batches of stock events read no node configuration', async () => {
    await node('n1', 1);
    await receive('n1', 'S1', 2);
    await project(events, reads, 1);
    const before = await dump(reads, VISIBILITY);
    expect(before.map((d) => [d._id, d.asOf])).to.deep.equal([['S1', at(2)]]);

    for (let i = 2; i <= 40; i++) await node(`n${i}`, 2 + i);
    await project(events, reads, 1);
    // A new node changes no figure while no view exists: asOf stays the last stock event's time.
    expect((await dump(reads, VISIBILITY)).map((d) => [d._id, d.asOf])).to.deep.equal([['S1', at(2)]]);
    expect(await reads.collection(name(ATS_CONFIG)).countDocuments({ kind: 'node' })).to.equal(40);

    // Stock events alone: the 40 stored node documents are not loaded.
    await receive('n7', 'S2', 60);
    await receive('n1', 'S1', 61);
    const counting = countingReads(reads);
    await project(events, counting.store, 1);
    expect(counting.inTransaction.get(name(ATS_CONFIG)) ?? 0).to.equal(0);
    // …nor scanned: every configuration read of a batch selects by the primary key. The views were
    // looked up with `{ kind: 'view' }` (not indexed), a scan of every node document per batch.
    const configFilters = counting.filters.get(name(ATS_CONFIG)) ?? [];
    expect(configFilters).to.have.length.greaterThan(0);
    for (const filter of configFilters) expect(Object.keys(filter as object), JSON.stringify(filter)).to.deep.equal(['_id']);
    expect((await dump(reads, VISIBILITY)).map((d) => [d._id, d.asOf])).to.deep.equal([['S1', at(61)], ['S2', at(60)]]);
  });

  it('given a view, when one node changes in a batch of its own, then every ATS document still lists every node, and a one-batch rebuild is identical', async () => {
    for (const [i, id] of ['n1', 'n2', 'n3'].entries()) await node(id, i + 1);
    await receive('n1', 'S1', 5);
    await receive('n3', 'S2', 6);
    await project(events, reads, 1);
    // The view arrives after the stock: every known SKU gets it, dated by the view event.
    await putAtsView(deps, 'online', { channels: ['web'] }, { now: at(7), commandId: `cmd-${++seq}` });
    await project(events, reads, 1);
    expect((await dump(reads, VISIBILITY)).map((d) => [d._id, d.asOf])).to.deep.equal([['S1', at(7)], ['S2', at(7)]]);
    // n2 blocks the web channel: a batch holding only n2's event (n1 and n3 come from the store).
    await blockChannel(deps, 'n2', 'web', true, { now: at(8), commandId: `cmd-${++seq}` });
    await project(events, reads, 1);
    const ats = await dump(reads, ATS);
    expect(ats.map((d) => d._id)).to.deep.equal(['online~S1', 'online~S2']);
    for (const doc of ats) {
      const rows = doc.byNode as { node: string; excluded?: string }[];
      expect(rows.map((r) => r.node)).to.deep.equal(['n1', 'n2', 'n3']);
      expect(rows.find((r) => r.node === 'n2')?.excluded).to.be.a('string');
      expect(doc.asOf).to.equal(at(8));
    }
    expect(ats.find((d) => d._id === 'online~S1')?.available).to.equal(5);

    const rebuilt = await openEmbeddedReadStore({ path: ':memory:' });
    try {
      await project(events, rebuilt, 1_000, 10_000);
      for (const logical of [ATS, VISIBILITY, ATS_CONFIG]) expect(await dump(rebuilt, logical)).to.deep.equal(await dump(reads, logical));
    } finally {
      await rebuilt.close();
    }
  });
});
