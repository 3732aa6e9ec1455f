import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { financeBalance } from '../../../../domain/finance/financeBalance.js';
import { LEDGER_KINDS, type LedgerEntry } from '../../../../domain/finance/ledgerEntry.js';
import { reconcile } from '../../../../domain/finance/reconcile.js';

const entryArb = fc.record({
  orderId: fc.constantFrom('O1', 'O2', 'O3'),
  tenderId: fc.constantFrom('T1', 'T2'),
  kind: fc.constantFrom(...LEDGER_KINDS),
  cents: fc.integer({ min: 0, max: 10_000_000 }),
  currency: fc.constantFrom('EUR', 'USD', 'JPY'),
});

type RawEntry = Readonly<{ orderId: string; tenderId: string; kind: LedgerEntry['kind']; cents: number; currency: string }>;

const toLedger = (raw: readonly RawEntry[]): LedgerEntry[] =>
  raw.map((r, i) => ({
    entryId: `e${i}`, orderId: r.orderId, tenderId: r.tenderId, method: 'card', channel: 'web', kind: r.kind,
    amount: r.currency === 'JPY' ? String(r.cents) : new Decimal(r.cents).dividedBy(100).toFixed(2), currency: r.currency,
    causedBy: { eventType: 'Test', eventId: `ev${i}` }, at: '2025-03-01T10:00:00.000Z',
  }));

describe('property: reconcile', () => {
  it('a ledger reconciles with itself, and a one-unit change to any entry is found on its tender', () => {
    fc.assert(fc.property(fc.array(entryArb, { minLength: 1, maxLength: 60 }), fc.nat(), fc.boolean(), (raw, pick, up) => {
      const ledger = toLedger(raw);
      const balance = financeBalance(ledger);
      expect(reconcile(balance, balance)).to.deep.equal([]);
      expect(reconcile(financeBalance([...ledger].reverse()), balance), 'order of entries does not matter').to.deep.equal([]);

      const i = pick % ledger.length;
      const target = ledger[i]!;
      const unit = target.currency === 'JPY' ? '1' : '0.01';
      const moved = new Decimal(target.amount).plus(up || new Decimal(target.amount).isZero() ? unit : new Decimal(unit).negated());
      const changed = ledger.map((e, j) => (j === i ? { ...e, amount: target.currency === 'JPY' ? moved.toFixed(0) : moved.toFixed(2) } : e));
      const mismatches = reconcile(balance, financeBalance(changed));
      expect(mismatches.length).to.be.greaterThan(0);
      for (const m of mismatches) expect([m.orderId, m.tenderId, m.currency]).to.deep.equal([target.orderId, target.tenderId, target.currency]);
      const diff = mismatches.find((m) => m.field !== 'netPaid')!;
      expect(new Decimal(diff.actual).minus(diff.expected).abs().toFixed()).to.equal(unit === '1' ? '1' : '0.01');
    }), { numRuns: 300, seed: 42 });
  });
});
