import { expect } from 'chai';
import { DuplicateKeyError, type Document } from '../../../../infrastructure/readstore/readStore.js';
import { expectRejection, sortedIds, type ContractContext } from './contractContext.js';

export const writeContract = (ctx: ContractContext): void => {
  describe('writes', () => {
    it('round-trips documents with nesting, arrays, null, booleans and unicode', async () => {
      const coll = ctx.fresh('roundtrip');
      const doc = { _id: 'o-1', total: { amount: '19.99', currency: 'EUR' }, lines: [{ sku: 'A', qty: 2 }], note: null, paid: false, city: 'Zürich ✓' };
      await coll.insertOne(doc);
      expect(await coll.findOne({ _id: 'o-1' })).to.deep.equal(doc);
    });

    it('rejects a duplicate _id with DuplicateKeyError', async () => {
      const coll = ctx.fresh('dup');
      await coll.insertOne({ _id: 'x', v: 1 });
      const error = await expectRejection(coll.insertOne({ _id: 'x', v: 2 }));
      expect(error).to.be.instanceOf(DuplicateKeyError);
      expect(error.code).to.equal('DUPLICATE_KEY');
      expect((await coll.findOne({ _id: 'x' }))?.v).to.equal(1);
    });

    it('insertMany is ordered: a duplicate keeps the documents before it and skips those after', async () => {
      const coll = ctx.fresh('insertMany');
      await coll.insertOne({ _id: 'b' });
      const error = await expectRejection(coll.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }]));
      expect(error).to.be.instanceOf(DuplicateKeyError);
      expect(sortedIds(await coll.find({}))).to.deep.equal(['a', 'b']);
    });

    it('updateOne reports matched and modified counts (a no-op modifies nothing)', async () => {
      const coll = ctx.fresh('updateOne');
      await coll.insertMany([{ _id: 'a', n: 1 }, { _id: 'b', n: 1 }]);
      expect(await coll.updateOne({ n: 1 }, { $set: { n: 2 } })).to.deep.equal({ matchedCount: 1, modifiedCount: 1 });
      expect(await coll.updateOne({ _id: 'a' }, { $set: { n: 2 } })).to.deep.equal({ matchedCount: 1, modifiedCount: 0 });
      expect(await coll.updateOne({ _id: 'zz' }, { $set: { n: 2 } })).to.deep.equal({ matchedCount: 0, modifiedCount: 0 });
      expect(await coll.countDocuments({ n: 2 })).to.equal(1);
    });

    it('updateMany updates every match', async () => {
      const coll = ctx.fresh('updateMany');
      await coll.insertMany([{ _id: 'a', s: 'open' }, { _id: 'b', s: 'open' }, { _id: 'c', s: 'done' }, { _id: 'd', s: 'open', x: 1 }]);
      expect(await coll.updateMany({ s: 'open' }, { $set: { x: 1 } })).to.deep.equal({ matchedCount: 3, modifiedCount: 2 });
      expect(sortedIds(await coll.find({ x: 1 }))).to.deep.equal(['a', 'b', 'd']);
    });

    it('replaceOne swaps the whole document but keeps its _id', async () => {
      const coll = ctx.fresh('replace');
      await coll.insertOne({ _id: 'r', a: 1, b: 2 });
      expect(await coll.replaceOne({ a: 1 }, { _id: 'r', c: 3 })).to.deep.equal({ matchedCount: 1, modifiedCount: 1 });
      expect(await coll.findOne({ _id: 'r' })).to.deep.equal({ _id: 'r', c: 3 });
      const error = await expectRejection(coll.replaceOne({ _id: 'r' }, { _id: 'other', c: 4 }));
      expect(error.status).to.equal(400);
      expect(await coll.findOne({ _id: 'r' })).to.deep.equal({ _id: 'r', c: 3 });
    });

    it('replaceOne by _id: no-op, missing without upsert, upsert, and unique indexes (the projections\' write)', async () => {
      const coll = ctx.fresh('replaceById');
      await coll.createIndex({ keys: { email: 1 }, unique: true });
      await coll.insertOne({ _id: 'a', email: 'a@x', n: 1, tags: ['t'] });
      expect(await coll.replaceOne({ _id: 'a' }, { _id: 'a', email: 'a@x', n: 1, tags: ['t'] })).to.deep.equal({ matchedCount: 1, modifiedCount: 0 });
      expect(await coll.replaceOne({ _id: 'a' }, { _id: 'a', email: 'a@x', n: 2 })).to.deep.equal({ matchedCount: 1, modifiedCount: 1 });
      expect(await coll.replaceOne({ _id: 'zz' }, { _id: 'zz', n: 9 })).to.deep.equal({ matchedCount: 0, modifiedCount: 0 });
      expect(await coll.findOne({ _id: 'zz' })).to.equal(null);
      expect(await coll.replaceOne({ _id: 'b' }, { _id: 'b', email: 'b@x', n: 3 }, { upsert: true })).to.deep.equal({ matchedCount: 0, modifiedCount: 0, upsertedId: 'b' });
      expect(await coll.findOne({ _id: 'b' })).to.deep.equal({ _id: 'b', email: 'b@x', n: 3 });
      const clash = await expectRejection(coll.replaceOne({ _id: 'b' }, { _id: 'b', email: 'a@x', n: 4 }));
      expect(clash).to.be.instanceOf(DuplicateKeyError);
      expect(await coll.findOne({ _id: 'b' })).to.deep.equal({ _id: 'b', email: 'b@x', n: 3 });
      expect(await coll.countDocuments({ email: 'a@x' })).to.equal(1);
    });

    it('refuses to change _id through an update', async () => {
      const coll = ctx.fresh('immutable');
      await coll.insertOne({ _id: 'i', a: 1 });
      const error = await expectRejection(coll.updateOne({ _id: 'i' }, { $set: { _id: 'j' } }));
      expect(error.code).to.equal('IMMUTABLE_FIELD');
      expect(error.status).to.equal(400);
    });

    it('rejects an update without operators', async () => {
      const coll = ctx.fresh('noOps');
      await coll.insertOne({ _id: 'i', a: 1 });
      const error = await expectRejection(coll.updateOne({ _id: 'i' }, { a: 2 }));
      expect(error.status).to.equal(400);
      expect(await coll.findOne({ _id: 'i' })).to.deep.equal({ _id: 'i', a: 1 });
    });

    it('findOneAndUpdate returns the document after the update, or null', async () => {
      const coll = ctx.fresh('fau');
      await coll.insertOne({ _id: 'f', n: 1, keep: 'y' });
      expect(await coll.findOneAndUpdate({ _id: 'f' }, { $inc: { n: 5 } })).to.deep.equal({ _id: 'f', n: 6, keep: 'y' });
      expect(await coll.findOneAndUpdate({ _id: 'none' }, { $inc: { n: 5 } })).to.equal(null);
    });

    it('deleteOne and deleteMany report counts', async () => {
      const coll = ctx.fresh('delete');
      await coll.insertMany([{ _id: 'a', k: 1 }, { _id: 'b', k: 1 }, { _id: 'c', k: 1 }, { _id: 'd', k: 2 }]);
      expect(await coll.deleteOne({ k: 1 })).to.deep.equal({ deletedCount: 1 });
      expect(await coll.deleteMany({ k: 1 })).to.deep.equal({ deletedCount: 2 });
      expect(await coll.deleteMany({ k: 9 })).to.deep.equal({ deletedCount: 0 });
      expect(sortedIds(await coll.find({}))).to.deep.equal(['d']);
    });

    it('bulkWrite applies mixed operations in order and sums the results', async () => {
      const coll = ctx.fresh('bulk');
      await coll.insertMany([{ _id: 'a', n: 1 }, { _id: 'b', n: 1 }]);
      const result = await coll.bulkWrite([
        { insertOne: { document: { _id: 'c', n: 1 } } },
        { updateOne: { filter: { _id: 'a' }, update: { $inc: { n: 1 } } } },
        { updateMany: { filter: { n: 1 }, update: { $set: { m: true } } } },
        { replaceOne: { filter: { _id: 'b' }, replacement: { _id: 'b', n: 10 } } },
        { updateOne: { filter: { _id: 'u' }, update: { $set: { n: 0 } }, upsert: true } },
        { deleteOne: { filter: { _id: 'c' } } },
        { deleteMany: { filter: { n: { $gte: 10 } } } },
      ]);
      expect(result).to.deep.equal({ insertedCount: 1, matchedCount: 4, modifiedCount: 4, deletedCount: 2, upsertedCount: 1 });
      expect(await coll.find({}, { sort: { _id: 1 } })).to.deep.equal([{ _id: 'a', n: 2 }, { _id: 'u', n: 0 }]);
    });

    it('bulkWrite stops at the first error and keeps the operations before it (ordered, outside a transaction)', async () => {
      const coll = ctx.fresh('bulkError');
      await coll.createIndex({ keys: { email: 1 }, unique: true });
      await coll.insertOne({ _id: 'a', email: 'a@x' });
      const error = await expectRejection(
        coll.bulkWrite([
          { insertOne: { document: { _id: 'b', email: 'b@x' } } },
          { updateOne: { filter: { _id: 'a' }, update: { $set: { seen: true } } } },
          { insertOne: { document: { _id: 'c', email: 'a@x' } } },
          { insertOne: { document: { _id: 'd', email: 'd@x' } } },
        ]),
      );
      expect(error).to.be.instanceOf(DuplicateKeyError);
      const docs = await coll.find({}, { sort: { _id: 1 } });
      expect(docs).to.deep.equal([
        { _id: 'a', email: 'a@x', seen: true },
        { _id: 'b', email: 'b@x' },
      ] as Document[]);
    });
  });
};
