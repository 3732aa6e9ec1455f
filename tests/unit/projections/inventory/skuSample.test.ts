import { expect } from 'chai';
import fc from 'fast-check';
import { openEmbeddedReadStore, type EmbeddedReadStore } from '../../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { nextSkuSample } from '../../../../projections/inventory/skuSample.js';

describe('nextSkuSample (which SKUs the scheduled drift check verifies next)', () => {
  let store: EmbeddedReadStore;
  beforeEach(async () => {
    store = await openEmbeddedReadStore({ path: ':memory:' });
    await store.collection('inventory_positions_v1').createIndex({ keys: { sku: 1 } });
  });
  afterEach(async () => store.close());

  /** Positions at `nodes` nodes per SKU, and visibility documents for the SKUs in `visible`. */
  const seed = async (skus: readonly string[], nodes: number, visible: readonly string[] = skus) => {
    const positions = skus.flatMap((sku) => Array.from({ length: nodes }, (_, n) => ({ _id: `n${n}~${sku}`, nodeId: `n${n}`, sku })));
    if (positions.length > 0) await store.collection('inventory_positions_v1').insertMany(positions);
    if (visible.length > 0) await store.collection('inventory_visibility_v1').insertMany(visible.map((sku) => ({ _id: sku, sku })));
  };

  const rotate = async (runs: number, size: number) => {
    const samples: string[][] = [];
    let after: string | undefined;
    for (let i = 0; i < runs; i += 1) {
      const skus = await nextSkuSample(store, after, size);
      samples.push(skus);
      after = skus.at(-1) ?? after;
    }
    return samples;
  };

  it('takes the next SKUs in order after the cursor and wraps around to the smallest ones', async () => {
    await seed(['A', 'B', 'C', 'D', 'E', 'F', 'G'], 3);
    expect(await rotate(4, 3)).to.deep.equal([['A', 'B', 'C'], ['D', 'E', 'F'], ['G', 'A', 'B'], ['C', 'D', 'E']]);
  });

  it('pages on the SKU when one SKU has more positions than the sample size', async () => {
    await seed(['A', 'B', 'C'], 5);
    expect(await rotate(4, 1)).to.deep.equal([['A'], ['B'], ['C'], ['A']]);
    expect(await nextSkuSample(store, undefined, 2)).to.deep.equal(['A', 'B']);
  });

  it('samples every SKU on every run when there are no more SKUs than the sample size', async () => {
    await seed(['P-1', 'P-2'], 1);
    expect(await rotate(3, 200)).to.deep.equal([['P-1', 'P-2'], ['P-1', 'P-2'], ['P-1', 'P-2']]);
  });

  it('includes SKUs found only in the visibility documents or only in the positions', async () => {
    await seed(['A', 'C'], 2, ['B', 'C']);
    expect(await nextSkuSample(store, undefined, 10)).to.deep.equal(['A', 'B', 'C']);
    expect(await nextSkuSample(store, 'A', 2)).to.deep.equal(['B', 'C']);
  });

  it('returns nothing on an empty store or for a sample size of 0', async () => {
    expect(await nextSkuSample(store, undefined, 5)).to.deep.equal([]);
    expect(await nextSkuSample(store, 'X', 5)).to.deep.equal([]);
    await seed(['A'], 1);
    expect(await nextSkuSample(store, undefined, 0)).to.deep.equal([]);
  });

  it('covers every SKU within ceil(skus / size) runs, each run without duplicates (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.uniqueArray(fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,5}$/), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 }),
      async (skus, size, nodes) => {
        await store.close();
        store = await openEmbeddedReadStore({ path: ':memory:' });
        await seed(skus, nodes);
        const samples = await rotate(Math.ceil(skus.length / size), size);
        for (const s of samples) {
          expect(new Set(s).size).to.equal(s.length);
          expect(s.length).to.equal(Math.min(size, skus.length));
        }
        expect(new Set(samples.flat())).to.deep.equal(new Set(skus));
      },
    ), { numRuns: 40, seed: 42 });
  });
});
