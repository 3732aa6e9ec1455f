import { expect } from 'chai';
import type { Document, Filter, Update } from '../../../../infrastructure/readstore/readStore.js';
import { expectRejection, type ContractContext } from './contractContext.js';

/** [title, starting document, update, document after]. */
const OPERATOR_CASES: [string, Document, Update, Document][] = [
  ['$set creates nested fields', { _id: 'x', a: 1 }, { $set: { 'b.c': 2, a: 3 } }, { _id: 'x', a: 3, b: { c: 2 } }],
  ['$unset removes fields', { _id: 'x', a: 1, b: { c: 2, d: 3 } }, { $unset: { a: '', 'b.c': '' } }, { _id: 'x', b: { d: 3 } }],
  ['$inc adds to existing and missing fields', { _id: 'x', n: 1 }, { $inc: { n: 2, m: -1 } }, { _id: 'x', n: 3, m: -1 }],
  ['$push appends one value', { _id: 'x', h: [1] }, { $push: { h: 2 } }, { _id: 'x', h: [1, 2] }],
  ['$push $each appends several and creates the array', { _id: 'x' }, { $push: { h: { $each: [1, 2] } } }, { _id: 'x', h: [1, 2] }],
  ['$addToSet ignores values already present', { _id: 'x', s: ['a'] }, { $addToSet: { s: 'a' } }, { _id: 'x', s: ['a'] }],
  ['$addToSet $each adds only missing values', { _id: 'x', s: ['a'] }, { $addToSet: { s: { $each: ['a', 'b'] } } }, { _id: 'x', s: ['a', 'b'] }],
  ['$pull removes matching values', { _id: 'x', s: ['a', 'b', 'a'] }, { $pull: { s: 'a' } }, { _id: 'x', s: ['b'] }],
  ['$pull with a condition', { _id: 'x', s: [1, 5, 9] }, { $pull: { s: { $gte: 5 } } }, { _id: 'x', s: [1] }],
  ['$pull documents by field', { _id: 'x', l: [{ k: 1 }, { k: 2 }] }, { $pull: { l: { k: 1 } } }, { _id: 'x', l: [{ k: 2 }] }],
  ['$max only raises', { _id: 'x', hi: 5, lo: 5 }, { $max: { hi: 9, lo: 1 } }, { _id: 'x', hi: 9, lo: 5 }],
  ['$min only lowers', { _id: 'x', hi: 5, lo: 5 }, { $min: { hi: 9, lo: 1 } }, { _id: 'x', hi: 5, lo: 1 }],
  ['$setOnInsert is ignored when a document matched', { _id: 'x', a: 1 }, { $setOnInsert: { b: 2 }, $set: { a: 2 } }, { _id: 'x', a: 2 }],
];

export const updateContract = (ctx: ContractContext): void => {
  describe('update operators', () => {
    for (const [title, before, update, after] of OPERATOR_CASES) {
      it(title, async () => {
        const coll = ctx.fresh('ops');
        await coll.insertOne(before);
        await coll.updateOne({ _id: 'x' }, update);
        expect(await coll.findOne({ _id: 'x' })).to.deep.equal(after);
      });
    }

    it('rejects $inc on a non-numeric value and leaves the document alone', async () => {
      const coll = ctx.fresh('opsTypes');
      await coll.insertOne({ _id: 'x', n: 'five' });
      const error = await expectRejection(coll.updateOne({ _id: 'x' }, { $inc: { n: 1 } }));
      expect(error.status).to.equal(400);
      expect(await coll.findOne({ _id: 'x' })).to.deep.equal({ _id: 'x', n: 'five' });
    });

    it('a filter of _id plus string fields (a fenced write) matches by MongoDB rules: equal strings, array elements; not other types or missing fields', async () => {
      const coll = ctx.fresh('fenced');
      await coll.insertMany([
        { _id: 's', position: '41', n: 0 },
        { _id: 'arr', position: ['40', '41'], n: 0 },
        { _id: 'num', position: 41, n: 0 },
        { _id: 'none', n: 0 },
      ]);
      const fenced = async (id: string, position: string) => (await coll.updateOne({ _id: id, position }, { $inc: { n: 1 } })).matchedCount;
      expect(await fenced('s', '41')).to.equal(1);
      expect(await fenced('s', '40')).to.equal(0);
      expect(await fenced('arr', '41')).to.equal(1);
      expect(await fenced('arr', '42')).to.equal(0);
      expect(await fenced('num', '41')).to.equal(0);
      expect(await fenced('none', '41')).to.equal(0);
      expect(await fenced('missing', '41')).to.equal(0);
      // Two fields: both must hold.
      expect((await coll.updateOne({ _id: 's', position: '41', other: 'x' }, { $inc: { n: 1 } })).matchedCount).to.equal(0);
      expect((await coll.find({}, { sort: { _id: 1 } })).map((d) => [d._id, d.n])).to.deep.equal([['arr', 1], ['none', 0], ['num', 0], ['s', 1]]);
    });

    it('rejects two operators on the same path', async () => {
      const coll = ctx.fresh('opsConflict');
      await coll.insertOne({ _id: 'x', n: 1 });
      const error = await expectRejection(coll.updateOne({ _id: 'x' }, { $set: { n: 1 }, $inc: { n: 1 } }));
      expect(error.status).to.equal(400);
    });
  });

  describe('upserts', () => {
    it('seeds the new document from the equality fields of the filter (incl. $eq and dotted paths)', async () => {
      const coll = ctx.fresh('upsertSeed');
      const filter: Filter = { _id: 'inv-1', sku: 'A', 'loc.node': 'N1', qty: { $gt: 0 }, kind: { $eq: 'stock' } };
      const result = await coll.updateOne(filter, { $inc: { reserved: 2 } }, { upsert: true });
      expect(result).to.deep.equal({ matchedCount: 0, modifiedCount: 0, upsertedId: 'inv-1' });
      expect(await coll.findOne({ _id: 'inv-1' })).to.deep.equal({ _id: 'inv-1', sku: 'A', loc: { node: 'N1' }, kind: 'stock', reserved: 2 });
    });

    it('applies $setOnInsert only when inserting', async () => {
      const coll = ctx.fresh('upsertSetOnInsert');
      const update = { $setOnInsert: { createdAt: 't1' }, $set: { updatedAt: 't1' } };
      await coll.updateOne({ _id: 'k' }, update, { upsert: true });
      await coll.updateOne({ _id: 'k' }, { $setOnInsert: { createdAt: 't2' }, $set: { updatedAt: 't2' } }, { upsert: true });
      expect(await coll.findOne({ _id: 'k' })).to.deep.equal({ _id: 'k', createdAt: 't1', updatedAt: 't2' });
    });

    it('an upsert that matches updates instead of inserting', async () => {
      const coll = ctx.fresh('upsertMatch');
      await coll.insertOne({ _id: 'm', sku: 'A', n: 1 });
      expect(await coll.updateOne({ sku: 'A' }, { $inc: { n: 1 } }, { upsert: true })).to.deep.equal({ matchedCount: 1, modifiedCount: 1 });
      expect(await coll.countDocuments({})).to.equal(1);
    });

    it('generates a string _id when the filter has none, and the document can be found by it', async () => {
      const coll = ctx.fresh('upsertId');
      const result = await coll.updateOne({ sku: 'B' }, { $set: { n: 1 } }, { upsert: true });
      expect(result.upsertedId).to.be.a('string');
      expect(await coll.findOne({ _id: result.upsertedId as string })).to.deep.equal({ _id: result.upsertedId, sku: 'B', n: 1 });
    });

    it('findOneAndUpdate with upsert returns the inserted document', async () => {
      const coll = ctx.fresh('upsertFau');
      const doc = await coll.findOneAndUpdate({ _id: 'c-1', counter: 'orders' }, { $inc: { value: 1 } }, { upsert: true });
      expect(doc).to.deep.equal({ _id: 'c-1', counter: 'orders', value: 1 });
      expect(await coll.findOneAndUpdate({ _id: 'c-1' }, { $inc: { value: 1 } }, { upsert: true })).to.deep.equal({ _id: 'c-1', counter: 'orders', value: 2 });
    });

    it('replaceOne with upsert takes only _id from the filter', async () => {
      const coll = ctx.fresh('upsertReplace');
      const result = await coll.replaceOne({ _id: 'r-1', other: 'ignored' }, { _id: 'r-1', v: 1 }, { upsert: true });
      expect(result).to.deep.equal({ matchedCount: 0, modifiedCount: 0, upsertedId: 'r-1' });
      expect(await coll.findOne({ _id: 'r-1' })).to.deep.equal({ _id: 'r-1', v: 1 });
    });

    it('updateMany with upsert inserts one document when nothing matches', async () => {
      const coll = ctx.fresh('upsertMany');
      const result = await coll.updateMany({ _id: 'only', group: 'g' }, { $set: { on: true } }, { upsert: true });
      expect(result).to.deep.equal({ matchedCount: 0, modifiedCount: 0, upsertedId: 'only' });
      expect(await coll.find({})).to.deep.equal([{ _id: 'only', group: 'g', on: true }]);
    });
  });
};
