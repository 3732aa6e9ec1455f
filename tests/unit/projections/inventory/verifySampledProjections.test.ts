import { expect } from 'chai';
import fc from 'fast-check';
import { openEmbeddedReadStore } from '../../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { Document, ReadStore } from '../../../../infrastructure/readstore/readStore.js';
import { verifiedInventoryProjections } from '../../../../projections/inventory/inventoryProjections.js';
import { findSampled, sampledCollections } from '../../../../projections/inventory/sampledCollections.js';
import { configStreamNames } from '../../../../projections/inventory/sampleEvents.js';
import { rebuildSample, verifySampledProjections } from '../../../../projections/inventory/verifySampledProjections.js';
import { applyInPages, stableJson, verifyProjections } from '../../../../projections/inventory/verifyProjections.js';
import { readCheckpoint } from '../../../../projections/runtime/checkpoints.js';
import { processorId } from '../../../../projections/runtime/projectionRunner.js';
import { countingReads, EARLY_SKUS, LATE_SKUS, openSampleWorld, SKUS, type SampleWorld } from './support/sampleWorld.js';

const withScratch = async <T>(work: (scratch: ReadStore) => Promise<T>): Promise<T> => {
  const scratch = await openEmbeddedReadStore({ path: ':memory:' });
  try {
    return await work(scratch);
  } finally {
    await scratch.close();
  }
};

describe('verifySampledProjections (the scheduled, bounded inventory drift check)', function () {
  this.timeout(30_000);
  let world: SampleWorld;
  before(async () => { world = await openSampleWorld(); });
  after(async () => world.close());

  const sampled = (skus: readonly string[], live: ReadStore = world.reads) =>
    withScratch((scratch) => verifySampledProjections(world.events, live, scratch, verifiedInventoryProjections(), skus));

  it('finds no drift on a consistent store, for any sample, and reports which SKUs it checked', async () => {
    const full = await withScratch((scratch) => verifyProjections(world.events, world.reads, scratch, verifiedInventoryProjections()));
    expect(full.drift).to.equal(0);
    for (const skus of [['S01', 'S02', 'S03'], ['S04', 'S05', 'S06'], LATE_SKUS, SKUS, [], ['NOPE']]) {
      const report = await sampled(skus);
      expect(report.drift, `${skus.join(',')}: ${JSON.stringify(report.samples.slice(0, 2))}`).to.equal(0);
      expect(report.sample).to.deep.equal({ count: skus.length, skus });
    }
    const all = await sampled(SKUS);
    const live = (name: string) => all.collections.find((c) => c.collection === name)!;
    // Same document counts as the full check when the sample is every SKU (guards against comparing nothing).
    for (const c of full.collections) expect(live(c.collection), c.collection).to.include({ live: c.live, rebuilt: c.rebuilt, drift: 0 });
    expect(live('inventory_positions_v1').live).to.be.greaterThan(10);
    expect(live('ats_v1').live).to.equal(SKUS.length * 2);
  });

  const corruptions: readonly { what: string; collection: string; id: string; sku: string; update: Document | Record<string, unknown> }[] = [
    { what: 'a position', collection: 'inventory_positions_v1', id: 'n1~S01', sku: 'S01', update: { $inc: { onHand: 3 } } },
    { what: 'an ATS document', collection: 'ats_v1', id: 'stores~S03', sku: 'S03', update: { $inc: { available: 1 } } },
    { what: 'a visibility document', collection: 'inventory_visibility_v1', id: 'S07', sku: 'S07', update: { $set: { asOf: '2020-01-01T00:00:00.000Z' } } },
  ];
  for (const c of corruptions) {
    it(`finds ${c.what} edited behind the projection's back when its SKU is sampled, and not otherwise`, async () => {
      const coll = world.reads.collection(c.collection);
      const original = await coll.findOne({ _id: c.id });
      expect(original, c.id).to.not.equal(null);
      await coll.updateOne({ _id: c.id }, c.update);
      try {
        const hit = await sampled([c.sku, 'S08']);
        expect(hit.drift).to.equal(1);
        expect(hit.samples[0]).to.include({ collection: c.collection, id: c.id, kind: 'different' });
        const miss = await sampled(SKUS.filter((s) => s !== c.sku));
        expect(miss.drift).to.equal(0);
      } finally {
        await coll.replaceOne({ _id: c.id }, original!);
      }
      expect((await sampled([c.sku])).drift).to.equal(0);
    });
  }

  it('finds a changed, a deleted and a foreign reservation of a sampled SKU, and none of another SKU', async () => {
    const coll = world.reads.collection('inventory_reservations_v1');
    const [changed, deleted] = await coll.find({ sku: 'S02' });
    expect(deleted, 'S02 has two reservations').to.not.equal(undefined);
    await coll.updateOne({ _id: changed!._id }, { $set: { status: 'confirmed' } });
    await coll.deleteOne({ _id: deleted!._id });
    await coll.insertOne({ ...deleted!, _id: 'n9~S02~ghost', nodeId: 'n9', reservationId: 'ghost' });
    try {
      const hit = await sampled(['S02']);
      expect(hit.samples.map((s) => [s.id, s.kind])).to.have.deep.members([[changed!._id, 'different'], [deleted!._id, 'missing'], ['n9~S02~ghost', 'extra']]);
      expect((await sampled(['S01', 'S03', 'S04'])).drift).to.equal(0);
    } finally {
      await coll.replaceOne({ _id: changed!._id }, changed!);
      await coll.insertOne(deleted!);
      await coll.deleteOne({ _id: 'n9~S02~ghost' });
    }
    expect((await sampled(['S02'])).drift).to.equal(0);
  });

  it('always compares the configuration documents: a node missing from the live copy is drift in any sample', async () => {
    const config = world.reads.collection('ats_config_v1');
    const node = await config.findOne({ _id: 'node~n3' });
    await config.deleteOne({ _id: 'node~n3' });
    try {
      const report = await sampled(['S01']);
      // Found through the independent network_nodes read model (the live copy no longer names n3).
      expect(report.samples.map((s) => [s.collection, s.id, s.kind])).to.deep.include(['ats_config_v1', 'node~n3', 'missing']);
    } finally {
      await config.insertOne(node!);
    }
  });

  it('reads in its live transaction only the sampled SKUs\' documents (a huge unsampled SKU is never loaded)', async () => {
    const reservations = world.reads.collection('inventory_reservations_v1');
    const [template] = await reservations.find({ sku: 'S01' });
    const ghosts = Array.from({ length: 3000 }, (_, i) => ({ ...template!, _id: `n1~ZZZ~g${i}`, sku: 'ZZZ', reservationId: `g${i}` }));
    await reservations.insertMany(ghosts);
    try {
      const { store, inTransaction } = countingReads(world.reads);
      const report = await withScratch((scratch) => verifySampledProjections(world.events, store, scratch, verifiedInventoryProjections(), ['S04', 'S05']));
      expect(report.drift).to.equal(0);
      const expected = async (name: string, filter: Record<string, unknown>) => world.reads.collection(name).countDocuments(filter);
      const inSample = { sku: { $in: ['S04', 'S05'] } };
      expect(inTransaction.get('inventory_reservations_v1')).to.equal(await expected('inventory_reservations_v1', inSample));
      expect(inTransaction.get('inventory_positions_v1')).to.equal(await expected('inventory_positions_v1', inSample));
      expect(inTransaction.get('ats_v1')).to.equal(4);
      expect(inTransaction.get('inventory_visibility_v1')).to.equal(2);
      expect(inTransaction.get('ats_config_v1')).to.equal(await expected('ats_config_v1', {}));
      const total = [...inTransaction.values()].reduce((a, b) => a + b, 0);
      expect(total).to.be.lessThan(40);
      // The same store, checked in full, does load (and flag) them.
      const full = await withScratch((scratch) => verifyProjections(world.events, world.reads, scratch, verifiedInventoryProjections()));
      expect(full.drift).to.equal(3000);
    } finally {
      await reservations.deleteMany({ sku: 'ZZZ' });
    }
  });

  describe('the sampled rebuild yields the full rebuild\'s documents for the sampled SKUs', () => {
    /** Full rebuild of every verified projection up to its live checkpoint, in pages of `pageSize`. */
    const fullRebuild = async (scratch: ReadStore, pageSize: number) => {
      for (const projection of verifiedInventoryProjections()) {
        const until = await readCheckpoint(world.reads, processorId(projection));
        const events = [];
        for await (const e of world.events.readAll({ filter: projection.filter })) if (e.position <= until!) events.push(e);
        await applyInPages(events, scratch, projection, pageSize);
      }
    };
    const targets = async () => Promise.all(verifiedInventoryProjections().map(async (projection) => ({
      projection, checkpoint: await readCheckpoint(world.reads, processorId(projection)),
    })));
    const docsOf = async (store: ReadStore, skus: readonly string[]) => {
      const out: Record<string, string[]> = {};
      for (const projection of verifiedInventoryProjections()) {
        for (const c of sampledCollections(projection)) out[c.physical] = (await findSampled(store.collection(c.physical), c.selector, skus)).map(stableJson).sort();
      }
      return out;
    };

    it('including SKUs known before and unknown at the mid-log node and view changes, whatever the page sizes', async () => {
      const config = await configStreamNames(world.reads, await world.reads.collection('ats_config_v1').find({}));
      expect(config).to.deep.equal(['atsview-online', 'atsview-stores', 'node-n1', 'node-n2', 'node-n3']);
      await fc.assert(fc.asyncProperty(
        fc.subarray(SKUS, { minLength: 1 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }),
        async (skus, fullPage, samplePage) => {
          const [full, sample] = await Promise.all([openEmbeddedReadStore({ path: ':memory:' }), openEmbeddedReadStore({ path: ':memory:' })]);
          try {
            await fullRebuild(full, fullPage);
            await rebuildSample(world.events, sample, await targets(), skus, { configStreams: config }, samplePage);
            const expected = await docsOf(full, skus);
            expect(await docsOf(sample, skus)).to.deep.equal(expected);
            expect(expected['ats_v1']!.length).to.equal(skus.length * 2);
          } finally {
            await full.close();
            await sample.close();
          }
        },
      ), { numRuns: 25, seed: 20250601 });
    });

    it('the mid-log changes really shaped the documents (asOf of known SKUs, the second view for every SKU)', async () => {
      const vis = world.reads.collection('inventory_visibility_v1');
      const early = await vis.findOne({ _id: EARLY_SKUS[3]! });
      const late = await vis.findOne({ _id: LATE_SKUS[0]! });
      // S04's last own event precedes the view changes, yet its asOf is later: the configuration bumped it.
      const positions = await world.reads.collection('inventory_positions_v1').find({ sku: EARLY_SKUS[3]! });
      const lastOwn = positions.map((p) => String(p.lastEventAt)).sort().at(-1)!;
      expect(String(early!.asOf) > lastOwn).to.equal(true);
      expect(late).to.not.equal(null);
      expect(await world.reads.collection('ats_v1').countDocuments({ view: 'stores' })).to.equal(SKUS.length);
    });
  });
});
