import { Decimal } from 'decimal.js';
import { ValidationError } from '../shared/errors.js';
import { money, roundMoney, subtract, type Money } from '../shared/money.js';
import type { TaxClass, TaxRule } from './types.js';
import { readPercent } from './validate.js';

/** A region rule (US-CA) wins over a country rule (US); no rule at all is an error, never a silent 0 %. */
export const findTaxRule = (rules: readonly TaxRule[], country: string, region?: string): TaxRule => {
  const regional = region === undefined ? undefined : rules.find((r) => r.country === country && r.region === region);
  const rule = regional ?? rules.find((r) => r.country === country && r.region === undefined);
  if (rule === undefined) {
    throw new ValidationError('NO_TAX_RULE', `no tax rule for destination ${country}${region ? `-${region}` : ''}`, { country, region });
  }
  return rule;
};

/** Zero-rated and exempt goods carry no tax anywhere; other classes must be defined by the rule. */
export const taxRatePercent = (rule: TaxRule, taxClass: TaxClass): Decimal => {
  if (taxClass === 'zero' || taxClass === 'exempt') return new Decimal(0);
  const rate = rule.rates[taxClass];
  if (rate === undefined) {
    throw new ValidationError('NO_TAX_RATE_FOR_CLASS', `tax rule ${rule.country}${rule.region ? `-${rule.region}` : ''} has no rate for class ${taxClass}`, {
      country: rule.country,
      region: rule.region,
      taxClass,
    });
  }
  return readPercent(rate, `taxRules.${rule.country}.rates.${taxClass}`, 1000);
};

export type TaxSplit = Readonly<{ tax: Money; net: Money }>;

/**
 * Tax on one amount, rounded half-even at line level.
 * Inclusive: the amount already contains the tax, which is extracted (amount × r / (100 + r)).
 * Exclusive: the tax is added on top (amount × r / 100).
 */
export const taxOn = (amount: Money, ratePercent: Decimal, inclusive: boolean): TaxSplit => {
  if (ratePercent.isZero()) return { tax: money(0, amount.currency), net: amount };
  if (inclusive) {
    const tax = roundMoney(money(amount.amount.times(ratePercent).dividedBy(ratePercent.plus(100)), amount.currency));
    return { tax, net: subtract(amount, tax) };
  }
  return { tax: roundMoney(money(amount.amount.times(ratePercent).dividedBy(100), amount.currency)), net: amount };
};
