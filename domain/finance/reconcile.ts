import { Decimal } from 'decimal.js';
import { BALANCE_FIELDS, compareText, type BalanceField, type FinanceBalance, type TenderBalance } from './financeBalance.js';

export type Mismatch = Readonly<{
  orderId: string;
  tenderId: string;
  currency: string;
  field: BalanceField;
  expected: string;
  actual: string;
}>;

type Balances = FinanceBalance | readonly TenderBalance[];
const tendersOf = (b: Balances): readonly TenderBalance[] => ('tenders' in b ? b.tenders : b);
const keyOf = (b: TenderBalance): string => JSON.stringify([b.orderId, b.tenderId, b.currency]);

/**
 * Compares balances recomputed from events (`expected`) with what a read model holds (`projected`),
 * field by field, with exact decimal comparison ("10.0" equals "10.00"; a cent — or less — apart
 * does not). A tender missing on one side counts as all zeros there, so only money that differs
 * is reported. Returns the mismatches sorted by order, tender, currency, field (empty = reconciled).
 */
export const reconcile = (expected: Balances, projected: Balances): Mismatch[] => {
  const exp = new Map(tendersOf(expected).map((b) => [keyOf(b), b]));
  const act = new Map(tendersOf(projected).map((b) => [keyOf(b), b]));
  const keys = [...new Set([...exp.keys(), ...act.keys()])].sort(compareText);
  const out: Mismatch[] = [];
  for (const key of keys) {
    const e = exp.get(key);
    const a = act.get(key);
    const id = (e ?? a)!;
    for (const field of BALANCE_FIELDS) {
      const ev = e?.[field] ?? '0';
      const av = a?.[field] ?? '0';
      if (!new Decimal(ev).equals(av)) {
        out.push({ orderId: id.orderId, tenderId: id.tenderId, currency: id.currency, field, expected: ev, actual: av });
      }
    }
  }
  return out;
};
