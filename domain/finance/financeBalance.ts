import { Decimal } from 'decimal.js';
import { minorUnits } from '../shared/money.js';
import type { LedgerEntry, LedgerKind } from './ledgerEntry.js';

/** Balance fields, in the order reports and reconciliation list them. */
export const BALANCE_FIELDS = ['authorized', 'captured', 'chargedDifference', 'refunded', 'voided', 'writtenOff', 'netPaid'] as const;
export type BalanceField = (typeof BALANCE_FIELDS)[number];

type Amounts = Readonly<Record<BalanceField, string>>;

/**
 * One tender of one order in one currency. `netPaid` = captured + charged differences − refunded:
 * what the customer has paid and not been given back.
 */
export type TenderBalance = Amounts & Readonly<{ orderId: string; tenderId: string; method: string; channel: string; currency: string }>;
export type OrderBalance = Amounts & Readonly<{ orderId: string; currency: string }>;
export type FinanceBalance = Readonly<{ tenders: readonly TenderBalance[]; orders: readonly OrderBalance[] }>;

const FIELD_OF_KIND: Readonly<Record<LedgerKind, Exclude<BalanceField, 'netPaid'>>> = {
  authorized: 'authorized', captured: 'captured', charged_difference: 'chargedDifference',
  refunded: 'refunded', voided: 'voided', written_off: 'writtenOff',
};

/** Exact decimal text with at least the currency's minor units ("10.00", "10.005", "1000" for JPY). */
export const formatExact = (value: Decimal, currency: string): string =>
  value.toFixed(Math.max(minorUnits(currency), value.decimalPlaces()));

type Acc = Record<Exclude<BalanceField, 'netPaid'>, Decimal>;
const emptyAcc = (): Acc => ({
  authorized: new Decimal(0), captured: new Decimal(0), chargedDifference: new Decimal(0),
  refunded: new Decimal(0), voided: new Decimal(0), writtenOff: new Decimal(0),
});

const finish = (acc: Acc, currency: string): Amounts => ({
  authorized: formatExact(acc.authorized, currency),
  captured: formatExact(acc.captured, currency),
  chargedDifference: formatExact(acc.chargedDifference, currency),
  refunded: formatExact(acc.refunded, currency),
  voided: formatExact(acc.voided, currency),
  writtenOff: formatExact(acc.writtenOff, currency),
  netPaid: formatExact(acc.captured.plus(acc.chargedDifference).minus(acc.refunded), currency),
});

/** Code-unit order (not locale order), so the output is the same on every ICU build. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const byKey = (a: { orderId: string; tenderId?: string; currency: string }, b: { orderId: string; tenderId?: string; currency: string }): number =>
  compareText(a.orderId, b.orderId) || compareText(a.tenderId ?? '', b.tenderId ?? '') || compareText(a.currency, b.currency);

/**
 * Folds ledger entries into balances per order × tender × currency and per order × currency.
 * Sums are exact (decimal.js, no rounding), so a sub-cent drift shows up instead of vanishing.
 * Duplicate entry ids count once: re-delivered events must not double money.
 */
export const financeBalance = (entries: Iterable<LedgerEntry>): FinanceBalance => {
  const tenders = new Map<string, { orderId: string; tenderId: string; method: string; channel: string; currency: string; acc: Acc }>();
  const orders = new Map<string, { orderId: string; currency: string; acc: Acc }>();
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.entryId)) continue;
    seen.add(e.entryId);
    const field = FIELD_OF_KIND[e.kind];
    const amount = new Decimal(e.amount);
    const tKey = JSON.stringify([e.orderId, e.tenderId, e.currency]);
    let t = tenders.get(tKey);
    if (t === undefined) {
      t = { orderId: e.orderId, tenderId: e.tenderId, method: e.method, channel: e.channel, currency: e.currency, acc: emptyAcc() };
      tenders.set(tKey, t);
    }
    t.acc[field] = t.acc[field].plus(amount);
    const oKey = JSON.stringify([e.orderId, e.currency]);
    let o = orders.get(oKey);
    if (o === undefined) {
      o = { orderId: e.orderId, currency: e.currency, acc: emptyAcc() };
      orders.set(oKey, o);
    }
    o.acc[field] = o.acc[field].plus(amount);
  }
  return {
    tenders: [...tenders.values()]
      .map(({ acc, ...k }) => ({ ...k, ...finish(acc, k.currency) }))
      .sort(byKey),
    orders: [...orders.values()].map(({ acc, ...k }) => ({ ...k, ...finish(acc, k.currency) })).sort(byKey),
  };
};
