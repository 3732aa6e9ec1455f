import { expect } from 'chai';
import fc from 'fast-check';
import { dropSubjects } from '../../../../../domain/promise/learned/dropSubjects.js';
import { initialLearnedPromiseState, observe, type LearnedPromiseState, type Observation } from '../../../../../domain/promise/learned/index.js';
import { emptyPMap, pmapDelete, pmapEntries, pmapGet, pmapSet, pmapUpdateMany, type PMap } from '../../../../../domain/promise/learned/persistentMap.js';
import { emptyTable, tableDrop, tableDropMany, tableOpen } from '../../../../../domain/promise/learned/survivalTable.js';
import { DAY, HANDLING, LANE, T0 } from './learnedFixtures.js';

/**
 * Housekeeping abandons subjects in bulk (`dropSubjects`, `tableDropMany`, `pmapUpdateMany`)
 * instead of one by one: the bulk forms must give exactly the state the one-by-one drops gave
 * (same entries, same iteration order, same floats), or promises would change with the speed-up.
 */
const entriesOf = <V>(m: PMap<V>): [string, V][] => [...pmapEntries(m)];

/** The one-by-one drop the learner used before, kept here as the reference. */
const dropOneByOne = (s: LearnedPromiseState, keys: readonly string[]): LearnedPromiseState => {
  let next = s;
  for (const key of keys) {
    const subject = pmapGet(next.subjects, key)!;
    const stage = key.slice(0, 1);
    let tables = next.tables;
    const apply = (ctx: typeof s.ctx, id: string): void => {
      tables = pmapSet(tables, id, tableDrop(ctx, pmapGet(tables, id) ?? emptyTable(ctx, next.now), subject.start));
    };
    for (const k of new Set(subject.keys)) apply(next.ctx, `${stage}|${k}`);
    const root = subject.keys[subject.keys.length - 1];
    if (root !== undefined) apply(next.trendCtx, `${stage.toUpperCase()}|${root}`);
    const remaining = (pmapGet(next.orderSubjects, subject.orderId) ?? []).filter((k) => k !== key);
    next = {
      ...next,
      tables,
      subjects: pmapDelete(next.subjects, key),
      orderSubjects: remaining.length > 0 ? pmapSet(next.orderSubjects, subject.orderId, remaining) : pmapDelete(next.orderSubjects, subject.orderId),
    };
  }
  return next;
};

const LANES = [LANE, ['lane:SP>MG', 'dest:MG', '*'], ['lane:PR>MG', 'dest:MG', '*'], ['*']];
const SELLERS = [HANDLING, ['seller:S2', 'sellerState:SP', '*'], ['seller:S3', 'sellerState:PR', '*']];

const orderArb = fc.record({
  placedHours: fc.integer({ min: 0, max: 24 * 40 }),
  handlingHours: fc.option(fc.integer({ min: 0, max: 24 * 10 }), { nil: undefined }),
  lane: fc.integer({ min: 0, max: LANES.length - 1 }),
  seller: fc.integer({ min: 0, max: SELLERS.length - 1 }),
  legs: fc.integer({ min: 1, max: 2 }),
});

const stateArb = fc.array(orderArb, { minLength: 20, maxLength: 80 }).map((orders) => {
  const stream: Observation[] = [];
  orders.forEach((o, i) => {
    const placed = T0 + o.placedHours * 3_600_000;
    for (let leg = 0; leg < o.legs; leg++) {
      const legId = `n${leg}`;
      stream.push({ type: 'placed', orderId: `o${i}`, legId, at: placed, handlingKeys: SELLERS[(o.seller + leg) % SELLERS.length]!, transitKeys: LANES[o.lane]! });
      if (o.handlingHours !== undefined) stream.push({ type: 'handedOver', orderId: `o${i}`, legId, parcelId: `p${leg}`, at: placed + o.handlingHours * 3_600_000 });
    }
  });
  let s = initialLearnedPromiseState({ abandonAfterDays: 1_000 });
  for (const o of stream.sort((a, b) => a.at - b.at)) s = observe(s, o);
  return s;
});

describe('learned promise — bulk drops equal one-by-one drops', () => {
  it('pmapUpdateMany gives the map the same sets and deletes give one at a time (entries, order, size)', () => {
    const op = fc.tuple(fc.integer({ min: 0, max: 400 }).map((k) => `k${k}`), fc.option(fc.integer(), { nil: undefined }));
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), fc.array(op, { maxLength: 300 }), (initial, updates) => {
      let base: PMap<number> = emptyPMap();
      for (const [k, v] of initial) base = v === undefined ? pmapDelete(base, k) : pmapSet(base, k, v);
      let expected = base;
      for (const [k, v] of updates) expected = v === undefined ? pmapDelete(expected, k) : pmapSet(expected, k, v);
      const before = entriesOf(base);
      const actual = pmapUpdateMany(base, updates);
      expect(entriesOf(actual)).to.deep.equal(entriesOf(expected));
      expect(actual.size).to.equal(expected.size);
      expect(actual.buckets.filter((b) => b !== undefined && b.size === 0)).to.have.length(0);
      expect(entriesOf(base)).to.deep.equal(before); // persistent: the old map is untouched
    }), { numRuns: 200, seed: 42 });
  });

  it('tableDropMany gives the table the same drops give one at a time, whatever the order and overlap', () => {
    const s = initialLearnedPromiseState();
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 24 * 20 }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.integer({ min: 0, max: 24 * 22 }), { minLength: 1, maxLength: 60 }),
      (openHours, dropHours) => {
        let t = emptyTable(s.ctx, T0);
        for (const h of openHours) t = tableOpen(s.ctx, t, T0 + h * 3_600_000);
        const starts = dropHours.map((h) => T0 + h * 3_600_000);
        let expected = t;
        for (const start of starts) expected = tableDrop(s.ctx, expected, start);
        const actual = tableDropMany(s.ctx, t, starts);
        expect([...actual.openSlots]).to.deep.equal([...expected.openSlots]);
        expect([...actual.openCounts]).to.deep.equal([...expected.openCounts]);
        expect([...actual.openWeights]).to.deep.equal([...expected.openWeights]);
        expect({ ...actual, openSlots: 0, openCounts: 0, openWeights: 0 }).to.deep.equal({ ...expected, openSlots: 0, openCounts: 0, openWeights: 0 });
      },
    ), { numRuns: 200, seed: 7 });
  });

  it('dropSubjects gives the learner the state one-by-one drops give (tables, open subjects, orders)', () => {
    let dropped = 0;
    fc.assert(fc.property(stateArb, fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }), (s, pick) => {
      const chosen = [...pmapEntries(s.subjects)].filter((_, i) => pick[i % pick.length]);
      dropped += chosen.length;
      const expected = dropOneByOne(s, chosen.map(([k]) => k));
      const actual = dropSubjects(s, chosen);
      expect(entriesOf(actual.subjects)).to.deep.equal(entriesOf(expected.subjects));
      expect(entriesOf(actual.orderSubjects)).to.deep.equal(entriesOf(expected.orderSubjects));
      const tables = (x: LearnedPromiseState) => entriesOf(x.tables).map(([id, t]) => [id, t.epoch, t.lastAt, [...t.events], [...t.exposure], [...t.openSlots], [...t.openCounts], [...t.openWeights]]);
      expect(tables(actual)).to.deep.equal(tables(expected));
      expect(actual.subjects.size).to.equal(expected.subjects.size);
      expect(actual.orderSubjects.size).to.equal(expected.orderSubjects.size);
    }), { numRuns: 150, seed: 11 });
    expect(dropped).to.be.greaterThan(500); // exercised on real drops, not on empty picks
  });

  it('housekeeping abandons every subject open past abandonAfterDays, in one step', () => {
    let s = initialLearnedPromiseState({ abandonAfterDays: 10 });
    for (let i = 0; i < 300; i++) s = observe(s, { type: 'placed', orderId: `o${i}`, at: T0 + i * 60_000, handlingKeys: HANDLING, transitKeys: LANE });
    expect(s.subjects.size).to.equal(300);
    const later = observe(s, { type: 'tick', at: T0 + 11 * DAY });
    expect(later.subjects.size).to.equal(0);
    expect(later.orderSubjects.size).to.equal(0);
    expect(later.stats.abandonedSubjects).to.equal(300);
    expect(pmapGet(later.tables, 'h|seller:S1')!.openSlots.length).to.equal(0);
    expect(s.subjects.size).to.equal(300); // the state before is still valid
  });
});
