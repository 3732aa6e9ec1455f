import { expect } from 'chai';
import { currentQuantile, observe, type LearnedPromiseState, type Observation } from '../../../../../domain/promise/learned/index.js';
import { pmapEntries } from '../../../../../domain/promise/learned/persistentMap.js';
import { DAY, at, feed, parcelObservations, parcels } from './learnedFixtures.js';

const promiseAndDeliver = (id: string, day: number, deadlineDay: number, deliveredDay: number | null): Observation[] => {
  const out: Observation[] = [{ type: 'promised', orderId: id, at: at(day), deadline: at(deadlineDay) }];
  if (deliveredDay !== null) out.push({ type: 'delivered', orderId: id, at: at(deliveredDay), final: true });
  return out;
};

const calibration = { targetOnTimeRate: 0.9, gain: 0.5, maxStep: 0.01, minQuantile: 0.5, maxQuantile: 0.995 };

describe('learned promise — calibration and memory', () => {
  it('given promises whose day passes undelivered, when time moves on, then each counts as a miss at once and the quantile rises', () => {
    const base = feed([], { calibration });
    expect(currentQuantile(base)).to.equal(0.9);
    const missed = parcels(10, (i) => i).flatMap((i) => promiseAndDeliver(`m${i}`, 0, 3, null));
    let s = feed(missed, { calibration });
    expect(s.calibration.missed).to.equal(0); // nothing is late yet
    s = observe(s, { type: 'tick', at: at(3) + 2 * 3_600_000 });
    expect(s.calibration.missed).to.equal(10);
    expect(currentQuantile(s)).to.be.greaterThan(0.9);
    // The late parcel arriving afterwards does not count a second time.
    const after = observe(s, { type: 'delivered', orderId: 'm0', at: at(5), final: true });
    expect(after.calibration).to.deep.equal(s.calibration);
  });

  it('given a run of deliveries well before the promised day, when resolved, then the quantile falls (the promises were too cautious)', () => {
    const early = parcels(40, (i) => i).flatMap((i) => promiseAndDeliver(`e${i}`, i * 0.1, 20, i * 0.1 + 2));
    const s = feed(early, { calibration });
    expect(s.calibration.kept).to.equal(40);
    expect(currentQuantile(s)).to.be.below(0.9);
    expect(currentQuantile(s)).to.be.at.least(calibration.minQuantile);
  });

  it('given misses at exactly the target rate, when resolved over many generations, then the quantile stays at the target', () => {
    const obs = parcels(400, (i) => i).flatMap((i) => promiseAndDeliver(`t${i}`, i * 0.05, i * 0.05 + 5, i % 10 === 0 ? i * 0.05 + 7 : i * 0.05 + 3));
    const s = feed(obs, { calibration });
    expect(s.calibration.missed).to.equal(40);
    expect(currentQuantile(s)).to.be.closeTo(0.9, 0.02);
  });

  it('given a long stream on one lane, when observed, then memory stays bounded: fixed-size tables, open slots within the horizon, completed orders forgotten', () => {
    // 9,000 parcels over 300 days, 5 % of them never delivered (lost), 3 % never handed over.
    const stream = parcels(9_000, (i) => ({
      id: `o${i}`,
      placedDay: i / 30,
      handlingDays: 1 + (i % 3),
      ...(i % 20 === 7 ? {} : { transitDays: 2 + (i % 7) }),
    })).flatMap((p, i) => (i % 33 === 5 ? parcelObservations(p).slice(0, 1) : parcelObservations(p)));
    const s: LearnedPromiseState = feed(stream);
    const tables = [...pmapEntries(s.tables)].map(([, t]) => t);
    const maxSlots = (s.config.abandonAfterDays * DAY) / (s.config.openResolutionMinutes * 60_000) + 2;
    for (const t of tables) {
      expect(t.events.length).to.equal(s.ctx.bins.count);
      expect(t.exposure.length).to.equal(s.ctx.bins.count);
      expect(t.openSlots.length).to.be.at.most(maxSlots);
    }
    expect(tables.length).to.equal(8); // 3 handling + 3 transit levels + 2 trend tables
    // Open subjects: only what the last `abandonAfterDays` could still complete (30 orders a day).
    expect(s.subjects.size).to.be.below(30 * (s.config.abandonAfterDays + 2));
    expect(s.stats.abandonedSubjects).to.be.greaterThan(500);
    expect(s.promises.size).to.equal(0);
  });
});
