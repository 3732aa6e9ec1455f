import { expect } from 'chai';
import type { Document, Filter, ReadCollection } from '../../../../infrastructure/readstore/readStore.js';
import { sortedIds, type ContractContext } from './contractContext.js';

/** A small data set that exercises MongoDB's matching rules: arrays, nesting, null vs missing, mixed types. */
export const PEOPLE: Document[] = [
  { _id: 'p1', name: 'Ada', age: 36, city: 'London', tags: ['math', 'code'], address: { zip: 'N1', floor: 2 }, active: true },
  { _id: 'p2', name: 'Grace', age: 85, city: 'New York', tags: ['navy', 'code'], address: { zip: '10001', floor: 7 }, active: false },
  { _id: 'p3', name: 'Alan', age: 41, city: 'London', tags: [], address: { zip: 'N1', floor: null }, active: true },
  { _id: 'p4', name: 'Edsger', age: 72, city: null, tags: ['graphs'], active: true },
  { _id: 'p5', name: 'Barbara', city: 'Boston', tags: ['code'], scores: [{ k: 'a', v: 3 }, { k: 'b', v: 9 }] },
  { _id: 'p6', name: 'Émile', age: '40', city: 'Paris', scores: [{ k: 'a', v: 8 }] },
];

/** [title, filter, expected ids]. Every row is also run with indexes on the queried fields. */
export const FILTER_CASES: [string, Filter, string[]][] = [
  ['equality', { city: 'London' }, ['p1', 'p3']],
  ['equality on a dotted path', { 'address.zip': 'N1' }, ['p1', 'p3']],
  ['equality with null matches null and missing', { city: null }, ['p4']],
  ['null on a nested path', { 'address.floor': null }, ['p3', 'p4', 'p5', 'p6']],
  ['$eq', { age: { $eq: 41 } }, ['p3']],
  ['$ne also matches documents without the field', { age: { $ne: 36 } }, ['p2', 'p3', 'p4', 'p5', 'p6']],
  ['$gt is type-bracketed (the string "40" is not a number)', { age: { $gt: 39 } }, ['p2', 'p3', 'p4']],
  ['$gte/$lt range', { age: { $gte: 41, $lt: 80 } }, ['p3', 'p4']],
  ['$lte', { age: { $lte: 41 } }, ['p1', 'p3']],
  ['string range', { name: { $gte: 'B', $lt: 'F' } }, ['p4', 'p5']],
  ['$in', { city: { $in: ['Paris', 'Boston'] } }, ['p5', 'p6']],
  ['$in with null', { city: { $in: [null, 'Paris'] } }, ['p4', 'p6']],
  ['$nin', { city: { $nin: ['London', null] } }, ['p2', 'p5', 'p6']],
  ['$exists true', { age: { $exists: true } }, ['p1', 'p2', 'p3', 'p4', 'p6']],
  ['$exists false', { address: { $exists: false } }, ['p4', 'p5', 'p6']],
  ['array contains value', { tags: 'code' }, ['p1', 'p2', 'p5']],
  ['$in against array elements', { tags: { $in: ['navy', 'graphs'] } }, ['p2', 'p4']],
  ['dotted path into an array of documents', { 'scores.k': 'b' }, ['p5']],
  ['$elemMatch', { scores: { $elemMatch: { k: 'a', v: { $gt: 5 } } } }, ['p6']],
  ['$and', { $and: [{ city: 'London' }, { age: { $gt: 40 } }] }, ['p3']],
  ['$or', { $or: [{ city: 'Paris' }, { age: { $gte: 80 } }] }, ['p2', 'p6']],
  ['$not', { age: { $not: { $gt: 40 } } }, ['p1', 'p5', 'p6']],
  ['$regex', { name: { $regex: '^A' } }, ['p1', 'p3']],
  ['$regex with options', { name: { $regex: '^a', $options: 'i' } }, ['p1', 'p3']],
  ['boolean equality', { active: true }, ['p1', 'p3', 'p4']],
  ['_id equality', { _id: 'p2' }, ['p2']],
  ['_id $in', { _id: { $in: ['p1', 'p6', 'nope'] } }, ['p1', 'p6']],
  ['_id range', { _id: { $gt: 'p4' } }, ['p5', 'p6']],
  ['empty filter', {}, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']],
];

const seed = async (coll: ReadCollection, indexed: boolean) => {
  if (indexed) {
    for (const field of ['city', 'age', 'name', 'address.zip', 'address.floor', 'tags', 'scores.k', 'active']) {
      await coll.createIndex({ keys: { [field]: 1 } });
    }
  }
  await coll.insertMany(PEOPLE.map((p) => structuredClone(p)));
};

export const queryContract = (ctx: ContractContext): void => {
  for (const indexed of [false, true]) {
    describe(`filters (${indexed ? 'with' : 'without'} indexes on the queried fields)`, () => {
      let people: ReadCollection;
      before(async () => {
        people = ctx.fresh(indexed ? 'people_ix' : 'people');
        await seed(people, indexed);
      });
      for (const [title, filter, expected] of FILTER_CASES) {
        it(title, async () => {
          expect(sortedIds(await people.find(filter))).to.deep.equal(expected);
          expect(await people.countDocuments(filter)).to.equal(expected.length);
        });
      }
    });
  }

  describe('find options', () => {
    let people: ReadCollection;
    before(async () => {
      people = ctx.fresh('people_opts');
      await seed(people, false);
    });

    it('findOne returns the whole document, or null', async () => {
      expect(await people.findOne({ _id: 'p5' })).to.deep.equal(PEOPLE[4]);
      expect(await people.findOne({ city: 'Atlantis' })).to.equal(null);
    });

    it('sorts ascending and descending, null and missing first', async () => {
      const asc = await people.find({ age: { $type: 'number' } }, { sort: { age: 1 } });
      expect(asc.map((p) => p.age)).to.deep.equal([36, 41, 72, 85]);
      const desc = await people.find({}, { sort: { name: -1 } });
      expect(desc.map((p) => p.name)).to.deep.equal(['Émile', 'Grace', 'Edsger', 'Barbara', 'Alan', 'Ada']);
      const byCity = await people.find({}, { sort: { city: 1, _id: 1 } });
      expect(byCity.map((p) => p._id)).to.deep.equal(['p4', 'p5', 'p1', 'p3', 'p2', 'p6']);
    });

    it('applies sort, then skip, then limit', async () => {
      const page = await people.find({}, { sort: { _id: -1 }, skip: 1, limit: 2 });
      expect(page.map((p) => p._id)).to.deep.equal(['p5', 'p4']);
      expect((await people.find({}, { sort: { _id: 1 }, limit: 1 })).map((p) => p._id)).to.deep.equal(['p1']);
      expect(await people.find({}, { sort: { _id: 1 }, skip: 10 })).to.deep.equal([]);
    });

    it('findOne honours sort and skip', async () => {
      expect((await people.findOne({ city: 'London' }, { sort: { age: -1 } }))?._id).to.equal('p3');
      expect((await people.findOne({}, { sort: { _id: 1 }, skip: 2 }))?._id).to.equal('p3');
    });

    it('projects included fields (with _id) and excluded fields', async () => {
      expect(await people.findOne({ _id: 'p1' }, { projection: { name: 1, 'address.zip': 1 } })).to.deep.equal({
        _id: 'p1',
        name: 'Ada',
        address: { zip: 'N1' },
      });
      expect(await people.find({ _id: 'p2' }, { projection: { _id: 0, name: 1 } })).to.deep.equal([{ name: 'Grace' }]);
      const { tags: _tags, address: _address, ...rest } = PEOPLE[0] as Document;
      expect(await people.findOne({ _id: 'p1' }, { projection: { tags: 0, address: 0 } })).to.deep.equal(rest);
    });

    it('countDocuments without a filter counts everything', async () => {
      expect(await people.countDocuments()).to.equal(PEOPLE.length);
    });

    it('reads from a collection that does not exist are empty, not errors', async () => {
      const ghost = ctx.fresh('ghost');
      expect(await ghost.find({ a: 1 })).to.deep.equal([]);
      expect(await ghost.findOne({})).to.equal(null);
      expect(await ghost.countDocuments({})).to.equal(0);
      expect(await ghost.aggregate([{ $count: 'n' }])).to.deep.equal([]);
    });
  });
};
