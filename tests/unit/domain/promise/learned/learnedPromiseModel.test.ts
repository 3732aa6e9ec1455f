import { expect } from 'chai';
import { observe, quote, stageQuantileDays, initialLearnedPromiseState } from '../../../../../domain/promise/learned/index.js';
import { DAY, HANDLING, LANE, T0, at, feed, parcelObservations, parcels } from './learnedFixtures.js';

const transitQ = (s: ReturnType<typeof feed>, q: number, asOf: number, keys = LANE): number => {
  const d = stageQuantileDays(s, 'transit', keys, q, asOf);
  if (d === null) throw new Error('no transit curve');
  return d;
};

describe('learned promise — model', () => {
  // History: 200 parcels over days 0–100 whose transit is spread over 2–6 days.
  const history = parcels(200, (i) => ({ id: `h${i}`, placedDay: i / 2, handlingDays: 1, transitDays: 2 + (i % 5) }));

  it('given parcels still in transit for 9 days, when quoted, then the censored parcels raise the transit quantile above the delivered-only estimate', () => {
    const slow = parcels(40, (i) => ({ id: `s${i}`, placedDay: 100 + i * 0.05, handlingDays: 1 })); // handed over ~day 101, never delivered yet
    const asOf = at(110);
    const withCensored = feed([...history, ...slow].flatMap(parcelObservations), { halfLifeDays: 30 });
    const deliveredOnly = feed(history.flatMap(parcelObservations), { halfLifeDays: 30 });
    const censoredQ = transitQ(withCensored, 0.9, asOf);
    const ignoredQ = transitQ(deliveredOnly, 0.9, asOf);
    expect(ignoredQ).to.be.within(5, 7);
    expect(censoredQ).to.be.greaterThan(ignoredQ + 0.5);
  });

  it('given a recent slow-down, when quoted with a short half-life, then recent slow parcels outweigh the fast history; without decay they do not', () => {
    const fast = parcels(300, (i) => ({ id: `f${i}`, placedDay: i / 5, handlingDays: 1, transitDays: 3 })); // days 0–60
    const slow = parcels(40, (i) => ({ id: `s${i}`, placedDay: 100 + i / 4, handlingDays: 1, transitDays: 8 })); // days 100–110
    const obs = [...fast, ...slow].flatMap(parcelObservations);
    const asOf = at(125);
    const decayed = transitQ(feed(obs, { halfLifeDays: 7, trendHalfLifeDays: 3 }), 0.5, asOf);
    const undecayed = transitQ(feed(obs, { halfLifeDays: Number.POSITIVE_INFINITY, trendHalfLifeDays: Number.POSITIVE_INFINITY }), 0.5, asOf);
    expect(undecayed).to.be.below(4);
    expect(decayed).to.be.above(7);
  });

  it('given a lane with two parcels and a well-known parent, when quoted, then the lane leans on its parent; with plenty of its own parcels it follows them', () => {
    const parent = parcels(300, (i) => ({ id: `p${i}`, placedDay: i / 5, handlingDays: 1, transitDays: 3, transit: ['lane:MG>RJ', 'dest:RJ', '*'] }));
    const few = parcels(2, (i) => ({ id: `l${i}`, placedDay: 50 + i, handlingDays: 1, transitDays: 10 }));
    const many = parcels(300, (i) => ({ id: `m${i}`, placedDay: i / 5, handlingDays: 1, transitDays: 10 }));
    const asOf = at(70);
    const sparse = transitQ(feed([...parent, ...few].flatMap(parcelObservations)), 0.5, asOf);
    const dense = transitQ(feed([...parent, ...many].flatMap(parcelObservations)), 0.5, asOf);
    expect(sparse).to.be.within(2.5, 4.5);
    expect(dense).to.be.within(9, 10.5);
    // The sibling lane the parent learned from is unaffected by this lane's parcels.
    expect(transitQ(feed([...parent, ...many].flatMap(parcelObservations)), 0.5, asOf, ['lane:MG>RJ', 'dest:RJ', '*'])).to.be.below(dense);
  });

  it('given the same observations, when replayed twice, then quotes are identical; observing more never changes a state already held', () => {
    const obs = history.flatMap(parcelObservations);
    const a = feed(obs);
    const b = feed(obs);
    const query = { handlingKeys: HANDLING, transitKeys: LANE };
    const qa = quote(a, query, at(101));
    expect(qa).to.deep.equal(quote(b, query, at(101)));
    const before = JSON.stringify(qa);
    let later = a;
    for (const o of parcels(50, (i) => ({ id: `x${i}`, placedDay: 101, handlingDays: 5, transitDays: 20 })).flatMap(parcelObservations)) later = observe(later, o);
    expect(JSON.stringify(quote(a, query, at(101)))).to.equal(before);
    expect(quote(later, query, at(130))!.totalDays).to.be.greaterThan(qa!.totalDays);
  });

  it('given handling and transit curves, when quoted, then the promise is the local day containing the convolved quantile, not the sum of both quantiles', () => {
    const s = feed(history.flatMap(parcelObservations));
    const q = quote(s, { handlingKeys: HANDLING, transitKeys: LANE, quantile: 0.9, utcOffsetMinutes: -180 }, at(101) + 20 * 3_600_000)!;
    expect(q.totalDays).to.be.below(q.handlingDays + q.transitDays);
    expect(q.totalDays).to.be.above(q.transitDays);
    const local = new Date(q.promisedAt - 3 * 3_600_000).toISOString().slice(0, 10);
    expect(q.promisedDate).to.equal(local);
    expect(q.deadline).to.equal(Date.parse(`${q.promisedDate}T00:00:00-03:00`) + DAY);
  });

  it('given nothing observed, when quoted, then there is no learned promise', () => {
    expect(quote(initialLearnedPromiseState(), { handlingKeys: HANDLING, transitKeys: LANE }, T0)).to.equal(null);
  });
});

describe('learned promise — snapshot', () => {
  it('given a learned state, when written as JSON and read back, then it quotes and keeps learning exactly like the original', async () => {
    const { toSnapshot, fromSnapshot } = await import('../../../../../domain/promise/learned/index.js');
    const history = parcels(120, (i) => ({ id: `h${i}`, placedDay: i / 2, handlingDays: 1 + (i % 3), ...(i % 9 === 0 ? {} : { transitDays: 2 + (i % 5) }) }));
    const s = feed(history.flatMap(parcelObservations), { halfLifeDays: Number.POSITIVE_INFINITY });
    const restored = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(s))));
    const query = { handlingKeys: HANDLING, transitKeys: LANE };
    expect(quote(restored, query, at(70))).to.deep.equal(quote(s, query, at(70)));
    const more = parcels(20, (i) => ({ id: `m${i}`, placedDay: 61 + i / 4, handlingDays: 2, transitDays: 9 })).flatMap(parcelObservations);
    expect(quote(feed(more, {}, restored), query, at(80))).to.deep.equal(quote(feed(more, {}, s), query, at(80)));
    expect(restored.config.halfLifeDays).to.equal(Number.POSITIVE_INFINITY);
  });
});
