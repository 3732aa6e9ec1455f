import { expect } from 'chai';
import fc from 'fast-check';
import { find as mingoFind } from 'mingo';
import { openEmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { Document, Filter } from '../../../infrastructure/readstore/readStore.js';

/**
 * Invariant: pushing conditions and sorts down to SQLite never changes a result. For random
 * documents (numbers, strings, null, booleans, arrays, nested documents, arrays of documents,
 * missing fields), random filters and any choice of indexes, the embedded store returns exactly what
 * mingo returns over the same documents in memory.
 */
const scalar = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('', 'a', 'b', 'ab', 'B'),
  fc.constant(null),
  fc.boolean(),
);
const value = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) });
const nested = fc.oneof(
  fc.record({ c: value }, { requiredKeys: [], noNullPrototype: true }),
  fc.array(fc.record({ c: scalar }, { requiredKeys: [], noNullPrototype: true }), { maxLength: 2 }),
  scalar,
);
const sortable = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', 'ab'), fc.constant(null));

const docs = fc
  .array(fc.record({ a: value, b: nested, s: sortable }, { requiredKeys: [], noNullPrototype: true }), { maxLength: 12 })
  .map((rows) => rows.map((row, i) => ({ _id: `d${String(i).padStart(2, '0')}`, ...row }) as Document));

// `s` never holds arrays, booleans or objects, so an index on it makes SQL alone decide (the exact path).
const path = fc.constantFrom('a', 'b.c', 's', 's', 's', 'b');
const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.tuple(path, scalar).map(([p, v]) => ({ [p]: v })),
  fc.tuple(path, fc.constantFrom('$eq', '$ne', '$gt', '$gte', '$lt', '$lte'), scalar).map(([p, op, v]) => ({ [p]: { [op]: v } })),
  fc.tuple(path, fc.constantFrom('$in', '$nin'), fc.array(scalar, { maxLength: 3 })).map(([p, op, v]) => ({ [p]: { [op]: v } })),
  fc.tuple(path, fc.boolean()).map(([p, v]) => ({ [p]: { $exists: v } })),
  fc.tuple(path, fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })).map(([p, lo, hi]) => ({ [p]: { $gte: lo, $lte: hi } })),
  fc.constantFrom('d00', 'd03', 'zz').map((id) => ({ _id: id })),
  fc.array(fc.constantFrom('d01', 'd02', 'd07', 'x'), { maxLength: 3 }).map((ids) => ({ _id: { $in: ids } })),
  fc.constantFrom('d05', 'd10').map((id) => ({ _id: { $gt: id } })),
);
const filter: fc.Arbitrary<Filter> = fc.oneof(
  { weight: 3, arbitrary: leaf },
  { weight: 1, arbitrary: fc.tuple(leaf, leaf).map(([x, y]) => ({ $and: [x, y] })) },
  { weight: 1, arbitrary: fc.tuple(leaf, leaf).map(([x, y]) => ({ $or: [x, y] })) },
);
const indexes = fc.subarray(['a', 'b.c', 's', 'b'] as const);

const ids = (list: readonly Document[]) => list.map((d) => d._id).sort();

describe('Embedded read store: SQL push-down agrees with mingo (property)', function () {
  this.timeout(60_000);

  it('find and countDocuments match an in-memory evaluation for any filter and any indexes', async () => {
    await fc.assert(
      fc.asyncProperty(docs, filter, indexes, fc.boolean(), async (documents, where, indexed, indexFirst) => {
        const store = await openEmbeddedReadStore({ path: ':memory:' });
        try {
          const coll = store.collection('p');
          const createIndexes = async () => {
            for (const field of indexed) await coll.createIndex({ keys: { [field]: 1 } });
          };
          if (indexFirst) await createIndexes();
          await coll.insertMany(structuredClone(documents));
          if (!indexFirst) await createIndexes();
          const expected = ids(mingoFind(documents, where).all() as Document[]);
          expect(ids(await coll.find(where)), JSON.stringify(where)).to.deep.equal(expected);
          expect(await coll.countDocuments(where)).to.equal(expected.length);
          const deleted = await coll.deleteMany(where);
          expect(deleted.deletedCount).to.equal(expected.length);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 400, seed: 20240611 },
    );
  });

  it('sort, skip and limit match an in-memory evaluation whether or not SQL does the sorting', async () => {
    await fc.assert(
      fc.asyncProperty(docs, filter, fc.constantFrom('s', 'a', 'b.c'), fc.boolean(), fc.constantFrom<1 | -1>(1, -1), fc.nat(4), fc.nat(5), async (documents, where, field, indexed, dir, skip, limit) => {
        const store = await openEmbeddedReadStore({ path: ':memory:' });
        try {
          const coll = store.collection('p');
          if (indexed) await coll.createIndex({ keys: { [field]: 1 } });
          await coll.insertMany(structuredClone(documents));
          const sort = { [field]: dir, _id: 1 } as Record<string, 1 | -1>;
          let cursor = mingoFind(documents, where).sort(sort).skip(skip);
          if (limit > 0) cursor = cursor.limit(limit);
          const expected = (cursor.all() as Document[]).map((d) => d._id);
          const actual = (await coll.find(where, { sort, skip, limit })).map((d) => d._id);
          const unsorted = (await coll.find(where, { skip, limit })).length;
          expect(unsorted).to.equal(expected.length);
          expect(actual).to.deep.equal(expected);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
