import { Decimal } from 'decimal.js';
import { dec, fmt, round, sumOf } from './amounts.js';
import type { MoneyDifference } from './events.js';

type Priced = Readonly<{ quantity: number; unitPrice: string; taxPerUnit: string }>;

/** Value of lines as the customer pays for them: tax included (added on top when prices exclude it). */
export const valueOf = (lines: readonly Priced[], taxInclusive: boolean, currency: string): Decimal =>
  sumOf(lines.map((l) => round((taxInclusive ? dec(l.unitPrice) : dec(l.unitPrice).plus(l.taxPerUnit)).times(l.quantity), currency)));

/**
 * Money conservation of an exchange: returned value − replacement value = the difference settled.
 * Positive → refunded to the customer, negative → charged, zero → an even exchange.
 */
export const exchangeDifference = (
  returned: readonly Priced[], replacement: readonly Priced[], taxInclusive: boolean, currency: string,
): Readonly<{ returnedValue: Decimal; replacementValue: Decimal; difference: MoneyDifference }> => {
  const returnedValue = valueOf(returned, taxInclusive, currency);
  const replacementValue = valueOf(replacement, taxInclusive, currency);
  const diff = returnedValue.minus(replacementValue);
  const direction = diff.isZero() ? 'none' : diff.isPositive() ? 'refund' : 'charge';
  return { returnedValue, replacementValue, difference: { amount: fmt(diff.abs(), currency), currency, direction } };
};

/** The signed difference (refund positive, charge negative): what property tests check conservation against. */
export const signedDifference = (d: MoneyDifference): Decimal =>
  d.direction === 'charge' ? dec(d.amount).negated() : dec(d.amount);
