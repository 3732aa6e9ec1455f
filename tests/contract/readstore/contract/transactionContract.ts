import { expect } from 'chai';
import { DuplicateKeyError } from '../../../../infrastructure/readstore/readStore.js';
import { expectRejection, sortedIds, type ContractContext } from './contractContext.js';

let seq = 0;
const names = () => {
  seq++;
  return [`tx_orders_${seq}`, `tx_checkpoints_${seq}`] as const;
};

export const transactionContract = (ctx: ContractContext): void => {
  describe('transactions', () => {
    it('commits writes to several collections together and returns the callback value', async () => {
      const [orders, checkpoints] = names();
      const store = ctx.store();
      await store.collection(orders).insertOne({ _id: 'o0', n: 0 });
      const value = await store.withTransaction(async (tx) => {
        await tx.collection(orders).insertOne({ _id: 'o1', n: 1 });
        await tx.collection(orders).updateOne({ _id: 'o0' }, { $inc: { n: 5 } });
        await tx.collection(checkpoints).updateOne({ _id: 'p' }, { $set: { position: '42' } }, { upsert: true });
        return 'done';
      });
      expect(value).to.equal('done');
      expect(await store.collection(orders).find({}, { sort: { _id: 1 } })).to.deep.equal([{ _id: 'o0', n: 5 }, { _id: 'o1', n: 1 }]);
      expect(await store.collection(checkpoints).findOne({ _id: 'p' })).to.deep.equal({ _id: 'p', position: '42' });
    });

    it('sees its own writes inside the transaction', async () => {
      const [orders] = names();
      const seen = await ctx.store().withTransaction(async (tx) => {
        await tx.collection(orders).insertOne({ _id: 'a', v: 1 });
        await tx.collection(orders).updateOne({ _id: 'a' }, { $inc: { v: 1 } });
        return tx.collection(orders).findOne({ _id: 'a' });
      });
      expect(seen).to.deep.equal({ _id: 'a', v: 2 });
    });

    it('rolls everything back when the callback throws, and rethrows its error', async () => {
      const [orders, checkpoints] = names();
      const store = ctx.store();
      await store.collection(orders).insertOne({ _id: 'keep', n: 1 });
      const boom = new Error('projection failed');
      const error = await expectRejection(
        store.withTransaction(async (tx) => {
          await tx.collection(orders).insertOne({ _id: 'gone' });
          await tx.collection(orders).updateOne({ _id: 'keep' }, { $set: { n: 99 } });
          await tx.collection(orders).deleteOne({ _id: 'keep-not' });
          await tx.collection(checkpoints).insertOne({ _id: 'p', position: '7' });
          throw boom;
        }),
      );
      expect(error).to.equal(boom);
      expect(await store.collection(orders).find({})).to.deep.equal([{ _id: 'keep', n: 1 }]);
      expect(await store.collection(checkpoints).countDocuments({})).to.equal(0);
    });

    it('a duplicate key inside a transaction aborts all of it (unlike an ordered bulk write outside one)', async () => {
      const [orders] = names();
      const store = ctx.store();
      await store.collection(orders).insertOne({ _id: 'taken' });
      const error = await expectRejection(
        store.withTransaction(async (tx) => {
          await tx.collection(orders).bulkWrite([{ insertOne: { document: { _id: 'new-1' } } }, { insertOne: { document: { _id: 'taken' } } }]);
        }),
      );
      expect(error).to.be.instanceOf(DuplicateKeyError);
      expect(sortedIds(await store.collection(orders).find({}))).to.deep.equal(['taken']);
    });

    it('runs transactions one after another without interference', async () => {
      const [orders] = names();
      const store = ctx.store();
      // Created beforehand: on a real server, concurrent transactions that all create the same
      // collection conflict (and the driver retries them), which is not what this test is about.
      await store.collection(orders).insertOne({ _id: 'seed' });
      await Promise.all(
        [1, 2, 3].map((i) =>
          store.withTransaction(async (tx) => {
            await tx.collection(orders).insertOne({ _id: `c${i}` });
            await tx.collection(orders).updateOne({ _id: `total${i}` }, { $inc: { n: i } }, { upsert: true });
          }),
        ),
      );
      expect(await store.collection(orders).countDocuments({})).to.equal(7);
      expect(await store.collection(orders).findOne({ _id: 'total3' })).to.deep.equal({ _id: 'total3', n: 3 });
    });

    it('rejects store-level calls made from inside the callback (they would escape the transaction)', async () => {
      const [orders] = names();
      const store = ctx.store();
      const error = await expectRejection(
        store.withTransaction(async (tx) => {
          await tx.collection(orders).insertOne({ _id: 'in' });
          await store.collection(orders).insertOne({ _id: 'out' });
        }),
      );
      expect(error.code).to.equal('TRANSACTION_SCOPE');
      expect(await store.collection(orders).countDocuments({})).to.equal(0);
    });
  });
};
