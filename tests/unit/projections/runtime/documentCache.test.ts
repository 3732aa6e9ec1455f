import { expect } from 'chai';
import fc from 'fast-check';
import { openEmbeddedReadStore } from '../../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { Document, Filter, ReadStore } from '../../../../infrastructure/readstore/readStore.js';
import { createDocumentCache, jsonExact } from '../../../../projections/runtime/documentCache.js';

/** Same keys in the same order, same prototypes, Object.is on primitives. */
const same = (a: unknown, b: unknown): boolean => {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
};

describe('projections/runtime/documentCache', () => {
  let store: ReadStore;
  let finds: Filter[];
  beforeEach(async () => {
    store = await openEmbeddedReadStore({ path: ':memory:' });
    finds = [];
  });
  afterEach(() => store.close());

  /** A transaction whose collections record the filters that reach the store. */
  const inTx = <R>(cache: ReturnType<typeof createDocumentCache>, work: (c: ReturnType<ReturnType<ReturnType<typeof createDocumentCache>['wrap']>['collection']>) => Promise<R>) =>
    store.withTransaction((tx) =>
      work(
        cache.wrap({
          collection: <T extends Document>(name: string) => {
            const inner = tx.collection<T>(name);
            return { ...inner, name: inner.name, find: (f: Filter, o?: object) => (finds.push(f), inner.find(f, o)) };
          },
        }).collection('docs'),
      ),
    );

  it('answers find({_id: {$in}}) from the documents written earlier and asks the store only for the rest', async () => {
    const cache = createDocumentCache();
    await inTx(cache, (c) => c.bulkWrite([{ replaceOne: { filter: { _id: 'a' }, replacement: { _id: 'a', n: 1 }, upsert: true } }]));
    await store.collection('docs').insertOne({ _id: 'b', n: 2 });
    const found = await inTx(cache, (c) => c.find({ _id: { $in: ['a', 'b', 'c'] } }));
    expect(found.map((d) => [d._id, d.n]).sort()).to.deep.equal([['a', 1], ['b', 2]]);
    expect(finds).to.deep.equal([{ _id: { $in: ['b', 'c'] } }]);
    expect(cache.stats()).to.include({ hits: 1, misses: 2 });
  });

  it('keeps only documents that read back identically from JSON, upserted, with _id first', async () => {
    const cache = createDocumentCache();
    const docs: Document[] = [
      { _id: 'undef', x: undefined },
      { _id: 'date', at: new Date(0) },
      { _id: 'negzero', n: -0 },
      { n: 1, _id: 'idLast' } as Document,
      { _id: 'nan', n: Number.NaN },
    ];
    await inTx(cache, async (c) => {
      await c.bulkWrite(docs.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })));
      await c.bulkWrite([{ replaceOne: { filter: { _id: 'noUpsert' }, replacement: { _id: 'noUpsert' } } }]);
    });
    expect(cache.stats().size).to.equal(0);
    await inTx(cache, (c) => c.find({ _id: { $in: ['undef'] } }));
    expect(finds).to.have.length(1);
  });

  it('forgets a collection after any write that is not a by-id replace or delete, and after a failed write', async () => {
    const cache = createDocumentCache();
    const seed = (c: Parameters<Parameters<typeof inTx>[1]>[0]) =>
      c.bulkWrite([{ replaceOne: { filter: { _id: 'a' }, replacement: { _id: 'a', n: 1 }, upsert: true } }]);
    await inTx(cache, async (c) => {
      await seed(c);
      await c.updateOne({ _id: 'a' }, { $set: { n: 5 } });
    });
    expect(cache.stats().size).to.equal(0);
    const after = await inTx(cache, (c) => c.find({ _id: { $in: ['a'] } }));
    expect(after[0]!.n).to.equal(5);
    await inTx(cache, seed);
    expect(cache.stats().size).to.equal(1);
    await inTx(cache, async (c) => {
      await c.deleteOne({ _id: 'a' });
    });
    expect(cache.stats().size).to.equal(0);
    await inTx(cache, seed);
    await store
      .withTransaction((tx) => cache.wrap(tx).collection('docs').bulkWrite([{ insertOne: { document: { _id: 'a' } } }]))
      .catch(() => undefined);
    expect(cache.stats().size).to.equal(0);
  });

  it('holds at most maxPerCollection documents, dropping the least recently written', async () => {
    const cache = createDocumentCache({ maxPerCollection: 2 });
    await inTx(cache, (c) =>
      c.bulkWrite(['a', 'b', 'c', 'a'].map((id, n) => ({ replaceOne: { filter: { _id: id }, replacement: { _id: id, n }, upsert: true } }))),
    );
    await inTx(cache, (c) => c.find({ _id: { $in: ['a', 'b', 'c'] } }));
    expect(finds).to.deep.equal([{ _id: { $in: ['b'] } }]);
  });

  it('jsonExact holds exactly when a JSON round trip gives back the same value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything({ withDate: true, withNullPrototype: true, withSparseArray: true, withBigInt: false })), (value) => {
        const text = JSON.stringify(value);
        const back: unknown = text === undefined ? undefined : JSON.parse(text);
        if (jsonExact(value)) expect(same(back, value)).to.equal(true);
      }),
      { numRuns: 2000 },
    );
    expect(jsonExact({ a: [1, 'x', null, { b: true }] })).to.equal(true);
    expect(jsonExact({ a: undefined })).to.equal(false);
    expect(jsonExact([1, , 2])).to.equal(false);
  });
});
