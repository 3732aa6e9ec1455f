import { expect } from 'chai';
import { financeBalance } from '../../../../domain/finance/financeBalance.js';
import { reconcile } from '../../../../domain/finance/reconcile.js';
import { settlementReport, settlementReports } from '../../../../domain/finance/settlementReport.js';
import { entry } from './fixtures.js';

describe('finance: settlement report', () => {
  const ledger = [
    entry('authorized', '500.00'),
    entry('captured', '100.00', { at: '2025-03-01T08:00:00Z' }),
    entry('captured', '50.00', { at: '2025-03-01T22:30:00Z' }), // 23:30 in Paris: still 1 March there
    entry('captured', '70.00', { at: '2025-03-01T23:30:00Z' }), // 00:30 on 2 March in Paris
    entry('refunded', '20.00', { at: '2025-03-01T12:00:00Z' }),
    entry('charged_difference', '5.00', { at: '2025-03-01T12:00:00Z', method: 'paypal', tenderId: 'T2' }),
    entry('captured', '3000', { currency: 'JPY', at: '2025-03-01T12:00:00Z', orderId: 'O2' }),
    entry('captured', '9.00', { channel: 'store', method: 'cash', at: '2025-03-01T12:00:00Z', orderId: 'O3' }),
  ];

  it('groups money of a local day by currency, channel and payment method, with totals per currency', () => {
    const r = settlementReport(ledger, '2025-03-01', 'Europe/Paris');
    expect(r.rows).to.deep.equal([
      { currency: 'EUR', channel: 'store', method: 'cash', grossCaptured: '9.00', refunds: '0.00', net: '9.00', captures: 1, refundCount: 0 },
      { currency: 'EUR', channel: 'web', method: 'card', grossCaptured: '150.00', refunds: '20.00', net: '130.00', captures: 2, refundCount: 1 },
      { currency: 'EUR', channel: 'web', method: 'paypal', grossCaptured: '5.00', refunds: '0.00', net: '5.00', captures: 1, refundCount: 0 },
      { currency: 'JPY', channel: 'web', method: 'card', grossCaptured: '3000', refunds: '0', net: '3000', captures: 1, refundCount: 0 },
    ]);
    expect(r.totals).to.deep.equal([
      { currency: 'EUR', grossCaptured: '164.00', refunds: '20.00', net: '144.00' },
      { currency: 'JPY', grossCaptured: '3000', refunds: '0', net: '3000' },
    ]);
  });

  it('many days at once give exactly the per-day reports (entries bucketed by local day once)', () => {
    for (const timezone of ['UTC', 'Europe/Paris', 'Pacific/Kiritimati']) {
      const days = ['2025-02-28', '2025-03-01', '2025-03-02', '2025-03-03'];
      const reports = settlementReports(ledger, days, timezone);
      expect([...reports.keys()]).to.deep.equal(days);
      for (const day of days) expect(reports.get(day)).to.deep.equal(settlementReport(ledger, day, timezone));
    }
    expect(settlementReports(ledger, ['2025-03-02'], 'Europe/Paris').get('2025-03-02')!.rows).to.have.length(1);
  });

  it('the day boundary follows the time zone (UTC by default)', () => {
    const utc = settlementReport(ledger, '2025-03-01');
    expect(utc.rows.find((x) => x.channel === 'web' && x.method === 'card' && x.currency === 'EUR')!.grossCaptured).to.equal('220.00');
    expect(settlementReport(ledger, '2025-03-02', 'Europe/Paris').rows).to.deep.equal([
      { currency: 'EUR', channel: 'web', method: 'card', grossCaptured: '70.00', refunds: '0.00', net: '70.00', captures: 1, refundCount: 0 },
    ]);
  });

  it('rejects unknown time zones and malformed dates', () => {
    expect(() => settlementReport(ledger, '2025-03-01', 'Mars/Olympus')).to.throw('unknown IANA time zone');
    expect(() => settlementReport(ledger, '2025-02-30')).to.throw('YYYY-MM-DD');
  });
});

describe('finance: reconcile', () => {
  const ledger = [entry('authorized', '100.00'), entry('captured', '100.00'), entry('refunded', '40.00'), entry('captured', '20.00', { tenderId: 'T2' })];

  it('a balance set reconciles with itself; equal decimals written differently match', () => {
    const b = financeBalance(ledger);
    expect(reconcile(b, b)).to.deep.equal([]);
    const respelled = b.tenders.map((t) => ({ ...t, captured: `${t.captured}0` }));
    expect(reconcile(b, respelled)).to.deep.equal([]);
  });

  it('finds a one-cent difference, naming order, tender, field, expected and actual', () => {
    const expected = financeBalance(ledger);
    const projected = financeBalance([...ledger.slice(0, 2), entry('refunded', '40.01'), ledger[3]!]);
    expect(reconcile(expected, projected)).to.deep.equal([
      { orderId: 'O1', tenderId: 'T1', currency: 'EUR', field: 'refunded', expected: '40.00', actual: '40.01' },
      { orderId: 'O1', tenderId: 'T1', currency: 'EUR', field: 'netPaid', expected: '60.00', actual: '59.99' },
    ]);
  });

  it('a tender missing on one side counts as zeros there', () => {
    const expected = financeBalance(ledger);
    const projected = expected.tenders.filter((t) => t.tenderId === 'T1');
    expect(reconcile(expected, projected)).to.deep.equal([
      { orderId: 'O1', tenderId: 'T2', currency: 'EUR', field: 'captured', expected: '20.00', actual: '0' },
      { orderId: 'O1', tenderId: 'T2', currency: 'EUR', field: 'netPaid', expected: '20.00', actual: '0' },
    ]);
  });
});
