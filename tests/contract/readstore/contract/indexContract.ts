import { expect } from 'chai';
import { DuplicateKeyError, type IndexSpec } from '../../../../infrastructure/readstore/readStore.js';
import { expectRejection, sortedIds, type ContractContext } from './contractContext.js';

const byName = (specs: IndexSpec[]) => [...specs].sort((a, b) => String(a.name).localeCompare(String(b.name)));

export const indexContract = (ctx: ContractContext): void => {
  describe('indexes and collections', () => {
    it('creates indexes with MongoDB default names and lists them with the implicit _id_ index', async () => {
      const coll = ctx.fresh('ix');
      expect(await coll.createIndex({ keys: { sku: 1 } })).to.equal('sku_1');
      expect(await coll.createIndex({ keys: { node: 1, at: -1 } })).to.equal('node_1_at_-1');
      expect(await coll.createIndex({ keys: { email: 1 }, unique: true, name: 'by_email' })).to.equal('by_email');
      expect(byName(await coll.listIndexes())).to.deep.equal(
        byName([
          { keys: { _id: 1 }, name: '_id_', unique: true },
          { keys: { sku: 1 }, name: 'sku_1', unique: false },
          { keys: { node: 1, at: -1 }, name: 'node_1_at_-1', unique: false },
          { keys: { email: 1 }, name: 'by_email', unique: true },
        ]),
      );
    });

    it('creating the same index twice is a no-op', async () => {
      const coll = ctx.fresh('ixTwice');
      await coll.createIndex({ keys: { a: 1 }, unique: true });
      expect(await coll.createIndex({ keys: { a: 1 }, unique: true })).to.equal('a_1');
      expect((await coll.listIndexes()).length).to.equal(2);
    });

    it('listIndexes of a missing collection is empty', async () => {
      expect(await ctx.fresh('ixNone').listIndexes()).to.deep.equal([]);
    });

    it('a unique index rejects duplicates on insert, update and upsert', async () => {
      const coll = ctx.fresh('unique');
      await coll.createIndex({ keys: { email: 1 }, unique: true });
      await coll.insertMany([{ _id: 'a', email: 'a@x' }, { _id: 'b', email: 'b@x' }]);
      expect(await expectRejection(coll.insertOne({ _id: 'c', email: 'a@x' }))).to.be.instanceOf(DuplicateKeyError);
      expect(await expectRejection(coll.updateOne({ _id: 'b' }, { $set: { email: 'a@x' } }))).to.be.instanceOf(DuplicateKeyError);
      expect(await expectRejection(coll.updateOne({ _id: 'z' }, { $set: { email: 'b@x' } }, { upsert: true }))).to.be.instanceOf(DuplicateKeyError);
      expect(await coll.find({}, { sort: { _id: 1 } })).to.deep.equal([{ _id: 'a', email: 'a@x' }, { _id: 'b', email: 'b@x' }]);
    });

    it('a unique index treats a missing field as null (two documents without it collide)', async () => {
      const coll = ctx.fresh('uniqueMissing');
      await coll.createIndex({ keys: { code: 1 }, unique: true });
      await coll.insertOne({ _id: 'a' });
      expect(await expectRejection(coll.insertOne({ _id: 'b', code: null }))).to.be.instanceOf(DuplicateKeyError);
    });

    it('a compound unique index only rejects the full key', async () => {
      const coll = ctx.fresh('uniqueCompound');
      await coll.createIndex({ keys: { sku: 1, node: 1 }, unique: true });
      await coll.insertMany([{ _id: '1', sku: 'A', node: 'N1' }, { _id: '2', sku: 'A', node: 'N2' }, { _id: '3', sku: 'B', node: 'N1' }]);
      expect(await expectRejection(coll.insertOne({ _id: '4', sku: 'A', node: 'N2' }))).to.be.instanceOf(DuplicateKeyError);
    });

    it('building a unique index over existing duplicates fails with DuplicateKeyError', async () => {
      const coll = ctx.fresh('uniqueLate');
      await coll.insertMany([{ _id: 'a', k: 1 }, { _id: 'b', k: 1 }]);
      expect(await expectRejection(coll.createIndex({ keys: { k: 1 }, unique: true }))).to.be.instanceOf(DuplicateKeyError);
      await coll.insertOne({ _id: 'c', k: 1 });
    });

    it('queries through an index still see array values and later writes', async () => {
      const coll = ctx.fresh('ixArrays');
      await coll.createIndex({ keys: { tag: 1 } });
      await coll.insertMany([{ _id: 'a', tag: 'x' }, { _id: 'b', tag: ['x', 'y'] }, { _id: 'c', tag: 'y' }]);
      expect(sortedIds(await coll.find({ tag: 'x' }))).to.deep.equal(['a', 'b']);
      expect(await coll.countDocuments({ tag: { $in: ['y'] } })).to.equal(2);
    });

    it('drop removes the documents, the indexes and the collection', async () => {
      const store = await ctx.isolated();
      const coll = store.collection('doomed');
      await coll.createIndex({ keys: { a: 1 } });
      await coll.insertOne({ _id: 'x', a: 1 });
      await store.collection('kept').insertOne({ _id: 'y' });
      expect(await store.listCollections()).to.deep.equal(['doomed', 'kept']);
      await coll.drop();
      expect(await store.listCollections()).to.deep.equal(['kept']);
      expect(await coll.find({})).to.deep.equal([]);
      expect(await coll.listIndexes()).to.deep.equal([]);
      await coll.drop();
      await coll.insertOne({ _id: 'x', a: 1 });
      expect(await coll.countDocuments({ a: 1 })).to.equal(1);
    });
  });
};
