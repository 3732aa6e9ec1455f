import { expect } from 'chai';
import { dayFromIsoDate } from '../../../../domain/promise/calendarDays.js';
import { prepareNodeCalendar } from '../../../../domain/promise/nodeCalendar.js';
import { processAtNode } from '../../../../domain/promise/nodeSchedule.js';
import { quotePromise } from '../../../../domain/promise/quotePromise.js';
import { staticTransitModel } from '../../../../domain/promise/staticTransitModel.js';
import type { DeliveryOption } from '../../../../domain/promise/types.js';
import { zoneClock } from '../../../../domain/promise/zoneClock.js';
import { LOS_ANGELES, NEW_YORK, node, promiseInput } from './promiseFixtures.js';

describe('quotePromise — time zones and DST', () => {
  // A Los Angeles DC shipping to New York: 4 standard / 2 express carrier days on this lane.
  const laDc = node('LAX-DC', { location: LOS_ANGELES });
  const transitModel = staticTransitModel({
    lanes: [
      { from: 'US-CA', to: 'US-NY', service: 'standard', days: 4 },
      { from: 'US-CA', to: 'US-NY', service: 'express', days: 2 },
    ],
  });
  const quote = (now: string) =>
    quotePromise(promiseInput({ nodes: [laDc], now, destination: NEW_YORK, transitModel }));
  const standard = (now: string) => quote(now).options.find((o): o is DeliveryOption => o.method === 'delivery' && o.service === 'standard')!;

  it('given 23:30 UTC on a Friday in winter (15:30 in LA, 18:30 in NY), when quoted, then the LA cut-off (16:00 local) still holds', () => {
    const o = standard('2026-03-06T23:30:00Z');
    expect(o.shipDate).to.equal('2026-03-06');
    expect(o.shipBy).to.equal('2026-03-06T18:00:00-08:00');
    // Sat 7, (Sun 8), Mon 9, Tue 10, Wed 11.
    expect(o.deliverBy).to.equal('2026-03-11');
    expect(o.explanation.join('\n')).to.contain('received 2026-03-06 15:30 America/Los_Angeles, before cut-off 16:00');
  });

  it('given the same 23:30 UTC after the DST switch (16:30 PDT), when quoted, then the cut-off has passed', () => {
    const o = standard('2026-03-09T23:30:00Z');
    expect(o.shipDate).to.equal('2026-03-10');
    expect(o.shipBy).to.equal('2026-03-10T18:00:00-07:00');
    expect(o.deliverBy).to.equal('2026-03-14');
    expect(o.explanation.join('\n')).to.contain('cut-off 16:00 America/Los_Angeles passed (received 2026-03-09 16:30)');
  });

  it('given a 7-day 24 h DC, when 24 working hours span the spring-forward night, then they end 25 wall-clock hours later', () => {
    const allWeek = node('LAX-DC', { location: LOS_ANGELES, processingHours: 24, calendar: { workingDays: [1, 2, 3, 4, 5, 6, 7] } });
    const release = Date.parse('2026-03-07T10:00:00-08:00');
    const done = processAtNode(prepareNodeCalendar(allWeek), release, dayFromIsoDate('2026-04-01'), undefined)!;
    expect(new Date(done.completeMs).toISOString()).to.equal('2026-03-08T18:00:00.000Z');
    expect(zoneClock('America/Los_Angeles').formatIso(done.completeMs)).to.equal('2026-03-08T11:00:00-07:00');
  });

  it('given a store opening at 09:00 on the fall-back day, when converting wall times, then 09:00 has the new offset', () => {
    const clock = zoneClock('Europe/Paris');
    expect(clock.formatIso(clock.at(dayFromIsoDate('2026-10-24'), 9 * 60))).to.equal('2026-10-24T09:00:00+02:00');
    expect(clock.formatIso(clock.at(dayFromIsoDate('2026-10-25'), 9 * 60))).to.equal('2026-10-25T09:00:00+01:00');
    // 02:30 on spring-forward day does not exist: it moves forward to 03:30 CEST.
    expect(clock.formatIso(clock.at(dayFromIsoDate('2026-03-29'), 150))).to.equal('2026-03-29T03:30:00+02:00');
  });

  it('given an unknown time zone, when a node uses it, then quoting fails with INVALID_TIMEZONE', () => {
    const bad = node('BAD', { location: { ...LOS_ANGELES, timezone: 'Mars/Olympus' } });
    expect(() => quotePromise(promiseInput({ nodes: [bad], destination: NEW_YORK }))).to.throw().with.property('code', 'INVALID_TIMEZONE');
  });

  it('given a now without an offset, when quoted, then it is rejected as ambiguous', () => {
    expect(() => quote('2026-03-06T15:30:00')).to.throw().with.property('code', 'INVALID_INSTANT');
  });
});
