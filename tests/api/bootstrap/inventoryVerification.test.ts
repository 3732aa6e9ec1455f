import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createSampledInventoryVerifier, formatVerifyReport, verifyInventory } from '../../../api/bootstrap/inventoryVerification.js';
import { openSampleWorld, SKUS, type SampleWorld } from '../../unit/projections/inventory/support/sampleWorld.js';

describe('createSampledInventoryVerifier (the server\'s scheduled drift check)', function () {
  this.timeout(30_000);
  let world: SampleWorld;
  before(async () => { world = await openSampleWorld(); });
  after(async () => world.close());

  const stores = (metrics?: Registry) => ({ eventStore: world.events, readStore: world.reads, metrics });
  const gauge = async (registry: Registry) => (await registry.getSingleMetric('oms_inventory_drift_documents')!.get()).values[0]?.value;

  it('rotates through every SKU in ceil(skus / N) runs, then starts over', async () => {
    const verifier = createSampledInventoryVerifier(stores(), 3);
    const runs = [];
    for (let i = 0; i < Math.ceil(SKUS.length / 3); i += 1) runs.push(await verifier.run());
    expect(runs.map((r) => r.sample?.skus)).to.deep.equal([['S01', 'S02', 'S03'], ['S04', 'S05', 'S06'], ['S07', 'S08', 'S01']]);
    expect(runs.every((r) => r.drift === 0)).to.equal(true);
    expect(verifier.cursor()).to.equal('S01');
    expect((await verifier.run()).sample?.skus).to.deep.equal(['S02', 'S03', 'S04']);
  });

  it('raises the drift gauge for the sample holding a drifted document and logs it in the report; 0 = the full check', async () => {
    const registry = new Registry();
    const verifier = createSampledInventoryVerifier(stores(registry), 4);
    const ats = world.reads.collection('ats_v1');
    const original = await ats.findOne({ _id: 'online~S06' });
    await ats.updateOne({ _id: 'online~S06' }, { $inc: { available: 5 } });
    try {
      const first = await verifier.run();
      expect([first.sample?.skus, first.drift, await gauge(registry)]).to.deep.equal([['S01', 'S02', 'S03', 'S04'], 0, 0]);
      const second = await verifier.run();
      expect([second.sample?.skus, second.drift, await gauge(registry)]).to.deep.equal([['S05', 'S06', 'S07', 'S08'], 1, 1]);
      expect(formatVerifyReport(second)).to.contain('DRIFT in 1 document(s)').and.contain('sample: 4 SKU(s) S05 … S08').and.contain('online~S06');

      const full = await createSampledInventoryVerifier(stores(registry), 0).run();
      expect(full.sample).to.equal(undefined);
      expect(full.drift).to.equal(1);
      expect(full.collections.find((c) => c.collection === 'ats_v1')!.live).to.equal(SKUS.length * 2);
    } finally {
      await ats.replaceOne({ _id: 'online~S06' }, original!);
    }
  });

  it('leaves `oms verify inventory` (verifyInventory) a full check, and concurrent sampled runs share one run', async () => {
    const full = await verifyInventory(stores());
    expect(full.sample).to.equal(undefined);
    expect(formatVerifyReport(full)).to.not.contain('sample:');
    const verifier = createSampledInventoryVerifier(stores(), 2);
    const [a, b] = await Promise.all([verifier.run(), verifier.run()]);
    expect(a).to.equal(b);
    expect(verifier.cursor()).to.equal('S02');
  });
});
