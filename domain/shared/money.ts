import { Decimal } from 'decimal.js';

/**
 * Money is never a JS number. Amounts are decimal.js values in memory and decimal strings with
 * an explicit currency on the wire and in events: `{ amount: "19.99", currency: "EUR" }`.
 */
export type Money = Readonly<{ amount: Decimal; currency: string }>;
export type MoneyJson = Readonly<{ amount: string; currency: string }>;

/**
 * ISO 4217 minor units for currencies whose exponent is not 2. Kept as data (not Intl) so the
 * domain stays deterministic across Node/ICU versions.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export const minorUnits = (currency: string): number => MINOR_UNITS[currency] ?? 2;

export const money = (amount: Decimal.Value, currency: string): Money => ({ amount: new Decimal(amount), currency });

export const zero = (currency: string): Money => money(0, currency);

/** Rounds half-even (banker's rounding) to the currency's minor unit, as tax authorities commonly require. */
export const roundMoney = (m: Money): Money =>
  money(m.amount.toDecimalPlaces(minorUnits(m.currency), Decimal.ROUND_HALF_EVEN), m.currency);

const sameCurrency = (a: Money, b: Money): void => {
  if (a.currency !== b.currency) throw new Error(`currency mismatch: ${a.currency} vs ${b.currency}`);
};

export const add = (a: Money, b: Money): Money => (sameCurrency(a, b), money(a.amount.plus(b.amount), a.currency));
export const subtract = (a: Money, b: Money): Money => (sameCurrency(a, b), money(a.amount.minus(b.amount), a.currency));
export const multiply = (a: Money, factor: Decimal.Value): Money => money(a.amount.times(factor), a.currency);
export const sum = (items: Money[], currency: string): Money => items.reduce(add, zero(currency));
export const isNegative = (m: Money): boolean => m.amount.isNegative() && !m.amount.isZero();
export const compare = (a: Money, b: Money): number => (sameCurrency(a, b), a.amount.comparedTo(b.amount));

/** Serialises with exactly the currency's number of decimals, e.g. "19.90", "1000" (JPY), "1.500" (KWD). */
export const toJson = (m: Money): MoneyJson => ({ amount: m.amount.toFixed(minorUnits(m.currency)), currency: m.currency });

export const fromJson = (j: MoneyJson): Money => money(j.amount, j.currency);

/** Splits an amount into parts proportional to weights so that the parts add up exactly (largest remainder). */
export const allocateProportionally = (total: Money, weights: Decimal.Value[]): Money[] => {
  const units = minorUnits(total.currency);
  const scale = new Decimal(10).pow(units);
  const totalMinor = total.amount.times(scale).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
  const ws = weights.map((w) => new Decimal(w));
  const wSum = ws.reduce((a, b) => a.plus(b), new Decimal(0));
  if (wSum.isZero()) return ws.map(() => zero(total.currency));
  const raw = ws.map((w) => totalMinor.times(w).dividedBy(wSum));
  const floors = raw.map((r) => r.floor());
  let remainder = totalMinor.minus(floors.reduce((a, b) => a.plus(b), new Decimal(0))).toNumber();
  const order = raw
    .map((r, i) => ({ i, frac: r.minus(r.floor()) }))
    .sort((a, b) => b.frac.comparedTo(a.frac) || a.i - b.i);
  const result = [...floors];
  for (const { i } of order) {
    if (remainder <= 0) break;
    result[i] = result[i]!.plus(1);
    remainder -= 1;
  }
  return result.map((minor) => money(minor.dividedBy(scale), total.currency));
};
