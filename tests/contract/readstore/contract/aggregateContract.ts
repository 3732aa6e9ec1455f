import { expect } from 'chai';
import type { ReadCollection } from '../../../../infrastructure/readstore/readStore.js';
import type { ContractContext } from './contractContext.js';

const LINES = [
  { _id: 'l1', order: 'o1', sku: 'A', qty: 2, price: 10 },
  { _id: 'l2', order: 'o1', sku: 'B', qty: 1, price: 5 },
  { _id: 'l3', order: 'o2', sku: 'A', qty: 5, price: 10 },
  { _id: 'l4', order: 'o3', sku: 'C', qty: 1, price: 7 },
];

export const aggregateContract = (ctx: ContractContext): void => {
  describe('aggregation', () => {
    let lines: ReadCollection;
    let orders: ReadCollection;
    before(async () => {
      lines = ctx.fresh('lines');
      orders = ctx.fresh('orders_agg');
      await lines.insertMany(LINES.map((l) => ({ ...l })));
      await orders.insertMany([{ _id: 'o1', customer: 'ann' }, { _id: 'o2', customer: 'bob' }]);
    });

    it('$match + $group + $sort', async () => {
      const result = await lines.aggregate([
        { $match: { qty: { $gte: 1 } } },
        { $group: { _id: '$sku', units: { $sum: '$qty' }, lines: { $sum: 1 } } },
        { $sort: { units: -1, _id: 1 } },
      ]);
      expect(result).to.deep.equal([
        { _id: 'A', units: 7, lines: 2 },
        { _id: 'B', units: 1, lines: 1 },
        { _id: 'C', units: 1, lines: 1 },
      ]);
    });

    it('$project with expressions, $limit and $count', async () => {
      const projected = await lines.aggregate([{ $sort: { _id: 1 } }, { $project: { _id: 0, sku: 1, value: { $multiply: ['$qty', '$price'] } } }, { $limit: 2 }]);
      expect(projected).to.deep.equal([{ sku: 'A', value: 20 }, { sku: 'B', value: 5 }]);
      expect(await lines.aggregate([{ $match: { sku: 'A' } }, { $count: 'n' }])).to.deep.equal([{ n: 2 }]);
    });

    it('$unwind', async () => {
      const coll = ctx.fresh('unwind');
      await coll.insertOne({ _id: 'x', tags: ['a', 'b'] });
      expect(await coll.aggregate([{ $unwind: '$tags' }, { $project: { _id: 0, tags: 1 } }])).to.deep.equal([{ tags: 'a' }, { tags: 'b' }]);
    });

    it('$lookup joins another collection', async () => {
      const result = await orders.aggregate([
        { $lookup: { from: lines.name, localField: '_id', foreignField: 'order', as: 'lines' } },
        { $project: { customer: 1, count: { $size: '$lines' } } },
        { $sort: { _id: 1 } },
      ]);
      expect(result).to.deep.equal([{ _id: 'o1', customer: 'ann', count: 2 }, { _id: 'o2', customer: 'bob', count: 1 }]);
    });
  });
};
