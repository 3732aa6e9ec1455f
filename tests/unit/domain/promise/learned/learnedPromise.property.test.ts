import { expect } from 'chai';
import fc from 'fast-check';
import { initialLearnedPromiseState, observe, quote, stageQuantileDays, type Observation } from '../../../../../domain/promise/learned/index.js';
import { DAY, HANDLING, LANE, T0 } from './learnedFixtures.js';

const LANES = [LANE, ['lane:SP>MG', 'dest:MG', '*'], ['*']];

/** Order lifecycles with anomalies: hand-over before purchase, never delivered, cancelled, duplicated events. */
const lifecycleArb = fc.record({
  placedDay: fc.double({ min: 0, max: 150, noNaN: true }),
  handlingDays: fc.double({ min: -1, max: 20, noNaN: true }),
  transitDays: fc.option(fc.double({ min: -1, max: 45, noNaN: true }), { nil: undefined }),
  promiseDays: fc.double({ min: -1, max: 30, noNaN: true }),
  lane: fc.integer({ min: 0, max: 2 }),
  cancelled: fc.boolean(),
  duplicate: fc.boolean(),
});

const streamArb = fc.array(lifecycleArb, { minLength: 1, maxLength: 60 }).map((orders) => {
  const out: Observation[] = [];
  orders.forEach((o, i) => {
    const orderId = `o${i % 40}`; // ids collide now and then
    const placed = T0 + o.placedDay * DAY;
    const handedOver = placed + o.handlingDays * DAY;
    out.push({ type: 'placed', orderId, at: placed, handlingKeys: HANDLING, transitKeys: LANES[o.lane]! });
    out.push({ type: 'promised', orderId, at: placed, deadline: placed + o.promiseDays * DAY });
    if (o.cancelled) out.push({ type: 'cancelled', orderId, at: placed + DAY });
    out.push({ type: 'handedOver', orderId, at: handedOver });
    if (o.transitDays !== undefined) out.push({ type: 'delivered', orderId, at: handedOver + o.transitDays * DAY });
    if (o.duplicate) out.push({ type: 'handedOver', orderId, at: handedOver + 1 });
  });
  return out.sort((a, b) => a.at - b.at);
});

describe('learned promise — properties', () => {
  it('for any event stream, observing never throws, quantiles rise with q and stay within the modelled horizon, and the calibrated quantile stays in bounds', () => {
    let quoted = 0;
    fc.assert(
      fc.property(streamArb, fc.double({ min: 0.05, max: 0.9, noNaN: true }), (stream, q) => {
        let s = initialLearnedPromiseState({ calibration: { targetOnTimeRate: 0.9, gain: 0.5, maxStep: 0.05, minQuantile: 0.6, maxQuantile: 0.99 } });
        for (const o of stream) s = observe(s, o);
        const asOf = T0 + 200 * DAY;
        const lo = stageQuantileDays(s, 'transit', LANE, q, asOf);
        const hi = stageQuantileDays(s, 'transit', LANE, Math.min(0.99, q + 0.09), asOf);
        if (lo !== null && hi !== null) {
          expect(hi).to.be.at.least(lo - 1e-9);
          expect(lo).to.be.within(0, 120);
        }
        const promise = quote(s, { handlingKeys: HANDLING, transitKeys: LANE }, asOf);
        if (promise) {
          quoted++;
          expect(promise.quantile).to.be.within(0.6, 0.99);
          expect(promise.deadline).to.be.greaterThan(asOf);
          expect(promise.totalDays).to.be.within(0, 240);
        }
        expect(s.stats.observations).to.equal(stream.length);
      }),
      { numRuns: 120, seed: 20_240_101 },
    );
    expect(quoted).to.be.greaterThan(60); // the property was exercised on real curves, not only on empty states
  });
});
