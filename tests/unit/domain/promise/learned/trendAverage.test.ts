import { expect } from 'chai';
import { fromSnapshot, initialLearnedPromiseState, observe, quote, toSnapshot, type LearnedPromiseState, type Observation } from '../../../../../domain/promise/learned/index.js';
import { instantTrendFactor, trendFactor } from '../../../../../domain/promise/learned/trendFactor.js';
import { pmapGet } from '../../../../../domain/promise/learned/persistentMap.js';
import { HANDLING, LANE, at, feed } from './learnedFixtures.js';

/**
 * A steady network with a weekly delivery cycle: every day 40 orders, handed over after half a
 * day, delivered two days later — except that nothing is delivered on day-of-week 6 ("Sunday"):
 * those parcels arrive the next morning. Nothing is slowing down; only the calendar differs.
 */
const PER_DAY = 40;
const weeklyCycle = (weeks: number): Observation[] => {
  const out: Observation[] = [];
  for (let d = 0; d < weeks * 7; d++) {
    for (let i = 0; i < PER_DAY; i++) {
      const id = `o${d}-${i}`;
      const placed = d + 0.3 + (i * 0.6) / PER_DAY;
      const handedOver = placed + 0.5;
      let delivered = handedOver + 2;
      if (Math.floor(delivered) % 7 === 6) delivered = Math.floor(delivered) + 1 + 0.4;
      out.push({ type: 'placed', orderId: id, at: at(placed), handlingKeys: HANDLING, transitKeys: LANE });
      out.push({ type: 'handedOver', orderId: id, at: at(handedOver) });
      out.push({ type: 'delivered', orderId: id, at: at(delivered) });
    }
  }
  return out;
};

const QUERY = { handlingKeys: HANDLING, transitKeys: LANE, quantile: 0.9 };
const WEEKS = 6;
/** Day 42 is day-of-week 0 ("Monday", the morning after the delivery-free day); day 45 a Thursday. */
const MONDAY = at(WEEKS * 7 + 0.25);
const THURSDAY = at(WEEKS * 7 + 3.25);

const upTo = (config: Parameters<typeof initialLearnedPromiseState>[0], until: number): LearnedPromiseState => {
  const obs = weeklyCycle(WEEKS + 1).filter((o) => o.at <= until);
  return observe(feed(obs, config), { type: 'tick', at: until });
};

describe('learned promise — trend averaged over the weekly cycle', () => {
  const monday = upTo({}, MONDAY);
  const thursday = upTo({}, THURSDAY);

  it('given a steady network that does not deliver one day a week, when quoting on the morning after, then the instantaneous trend reads a slow-down but the averaged one does not', () => {
    const instant = instantTrendFactor(monday, 't', LANE, MONDAY);
    const averaged = trendFactor(monday, 't', LANE, MONDAY);
    expect(instant).to.be.below(0.97); // the artefact the average removes
    expect(Math.abs(averaged - 1)).to.be.below(Math.abs(instant - 1) / 4);
    expect(quote(monday, QUERY, MONDAY)!.trend.transit).to.equal(averaged);
  });

  it('given the same steady network, when quoting on Monday and on Thursday, then the averaged trend is the same on both days while the instantaneous one is not', () => {
    const instantGap = instantTrendFactor(thursday, 't', LANE, THURSDAY) - instantTrendFactor(monday, 't', LANE, MONDAY);
    const averagedGap = Math.abs(trendFactor(thursday, 't', LANE, THURSDAY) - trendFactor(monday, 't', LANE, MONDAY));
    expect(instantGap).to.be.greaterThan(0.03);
    expect(averagedGap).to.be.below(instantGap / 4);
  });

  it('given weeks of observations, when sampled, then each trend table keeps one sample per UTC day, at most trendAverageDays of them, and a snapshot carries them', () => {
    const s = upTo({ trendAverageDays: 5 }, MONDAY);
    const samples = pmapGet(s.trendSamples, `T|${LANE[LANE.length - 1]!}`)!;
    expect(samples).to.have.length(5);
    expect(s.lastTrendSampleDay).to.equal(Math.floor(MONDAY / 86_400_000));
    // A second observation on the same day adds no sample.
    const later = observe(s, { type: 'tick', at: MONDAY + 3_600_000 });
    expect(pmapGet(later.trendSamples, `T|${LANE[LANE.length - 1]!}`)).to.equal(samples);
    const restored = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(s))));
    expect(trendFactor(restored, 't', LANE, MONDAY)).to.equal(trendFactor(s, 't', LANE, MONDAY));
  });

  it('given trendAverageDays = 1, when quoting, then the instantaneous factor is used; and a non-integer setting is refused', () => {
    const s = upTo({ trendAverageDays: 1 }, MONDAY);
    expect(s.trendSamples.size).to.equal(0);
    expect(quote(s, QUERY, MONDAY)!.trend.transit).to.equal(instantTrendFactor(s, 't', LANE, MONDAY));
    expect(() => initialLearnedPromiseState({ trendAverageDays: 2.5 })).to.throw(/trendAverageDays/);
  });
});
