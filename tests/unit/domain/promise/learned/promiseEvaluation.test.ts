import { expect } from 'chai';
import { scorePromises } from '../../../../../domain/promise/learned/index.js';
import type { OlistOrder } from '../../../../../bench/promise/olistData.js';
import { replayOlist } from '../../../../../bench/promise/olistReplay.js';

const utc = (s: string): number => Date.parse(`${s}Z`);

describe('learned promise — evaluation arithmetic', () => {
  it('given four hand-computed promises, when scored, then on-time rate, median lead and mean absolute error match', () => {
    const score = scorePromises([
      // same day, evening → on time; lead 3 d 14 h; error +18 h
      { purchasedAt: utc('2024-03-01T10:00:00'), promisedDate: '2024-03-05', deliveredAt: utc('2024-03-05T18:00:00') },
      // the day after → late; lead 2 d; error +25 h
      { purchasedAt: utc('2024-03-01T00:00:00'), promisedDate: '2024-03-03', deliveredAt: utc('2024-03-04T01:00:00') },
      // far too early → on time; lead 7.5 d; error −5.5 d
      { purchasedAt: utc('2024-03-02T12:00:00'), promisedDate: '2024-03-10', deliveredAt: utc('2024-03-04T12:00:00') },
      // UTC−3: delivered 02:00 UTC on the 5th is 23:00 local on the 4th → on time; lead 1 d 21 h; error +23 h
      { purchasedAt: utc('2024-03-02T06:00:00'), promisedDate: '2024-03-04', deliveredAt: utc('2024-03-05T02:00:00'), utcOffsetMinutes: -180 },
    ]);
    expect(score.delivered).to.equal(4);
    expect(score.onTimeRate).to.equal(0.75);
    expect(score.medianPromisedDays).to.be.closeTo((2 + (3 + 14 / 24)) / 2, 1e-9);
    expect(score.meanAbsErrorDays).to.be.closeTo((18 / 24 + 25 / 24 + 5.5 + 23 / 24) / 4, 1e-9);
    expect(score.errorPercentiles.p50).to.be.closeTo((18 / 24 + 23 / 24) / 2, 1e-9);
  });

  it('given a synthetic history with constant handling (1 d) and transit (3 d), when replayed online, then each scored order is promised the day 4–4.5 days after purchase and the baseline is scored from Olist\'s dates', () => {
    const seller = { sellerId: 'S', place: { zip: '01001', city: 'sao paulo', state: 'SP', region: 'Sudeste' } };
    const customer = { zip: '20000', city: 'rio de janeiro', state: 'RJ', region: 'Sudeste' };
    const order = (id: string, purchase: string, delivered?: string, estimated?: string): OlistOrder => {
      const purchasedAt = utc(purchase);
      return {
        orderId: id,
        status: delivered ? 'delivered' : 'shipped',
        purchasedAt,
        handedOverAt: purchasedAt + 86_400_000,
        ...(delivered ? { deliveredAt: utc(delivered) } : {}),
        ...(estimated ? { estimatedDate: estimated } : {}),
        customer,
        sellers: [seller],
      };
    };
    const history = Array.from({ length: 60 }, (_, i) => {
      const p = utc('2017-05-01T08:00:00') + i * 86_400_000;
      return order(`h${i}`, new Date(p).toISOString().slice(0, 19), new Date(p + 4 * 86_400_000).toISOString().slice(0, 19), '2017-12-31');
    });
    const scoredOrders = [
      order('a', '2017-07-10T10:00:00', '2017-07-14T09:00:00', '2017-07-20'), // ours: Jul 14 (kept); Olist Jul 20 (kept)
      order('b', '2017-07-11T10:00:00', '2017-07-17T12:00:00', '2017-07-16'), // ours: Jul 15 (late); Olist Jul 16 (late)
      order('c', '2017-07-12T10:00:00', '2017-07-16T20:00:00', '2017-08-01'), // ours: Jul 16 (kept); Olist Aug 1 (kept)
      order('d', '2017-07-12T11:00:00'), // never delivered: not scored
      order('e', '2017-06-30T10:00:00', '2017-07-04T10:00:00', '2017-07-10'), // before --from: not scored
    ];
    const r = replayOlist([...history, ...scoredOrders], { fromMs: utc('2017-07-01T00:00:00') });
    expect(r.scored.map((s) => [s.orderId, s.promisedDate])).to.deep.equal([
      ['a', '2017-07-14'],
      ['b', '2017-07-15'],
      ['c', '2017-07-16'],
    ]);
    expect(r.score.delivered).to.equal(3);
    expect(r.score.onTimeRate).to.be.closeTo(2 / 3, 1e-12);
    // Leads 3 d 14 h each (purchase 10:00 → promised day 00:00, four days later).
    expect(r.score.medianPromisedDays).to.be.closeTo(3 + 14 / 24, 1e-9);
    expect(r.baseline.onTimeRate).to.be.closeTo(2 / 3, 1e-12);
    // Olist leads: 9 d 14 h, 4 d 14 h, 19 d 14 h → median 9 d 14 h.
    expect(r.baseline.medianPromisedDays).to.be.closeTo(9 + 14 / 24, 1e-9);
    expect(r.unscored).to.deep.equal({ 'notDelivered:shipped': 1 });
  });
});
