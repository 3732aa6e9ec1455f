import { add, compare, money, roundMoney, sum, zero, type Money } from '../shared/money.js';
import type { DutyRule } from './types.js';
import { readMoney, readPercent } from './validate.js';

export type DutyLine = Readonly<{ net: Money; originCountry?: string }>;
export type LineDuty = Readonly<{ duty: Money; merchantDuty: Money }>;

/**
 * Duties and import taxes on the cross-border part of an order. A line is dutiable when it ships
 * from a country other than the destination and outside the rule's exempt origins. The whole
 * consignment's customs value (net of tax, after discounts) is compared with the de-minimis
 * threshold: at or below it nothing is due. Each line's duty is rounded at line level; import tax
 * is levied on value + duty. A destination without a duty rule levies nothing in this configuration.
 */
export const dutiesFor = (
  lines: readonly DutyLine[],
  args: { currency: string; destinationCountry: string; rules: readonly DutyRule[] },
): LineDuty[] => {
  const none = (): LineDuty => ({ duty: zero(args.currency), merchantDuty: zero(args.currency) });
  const rule = args.rules.find((r) => r.country === args.destinationCountry);
  if (rule === undefined) return lines.map(none);
  const dutiable = lines.map(
    (l) => l.originCountry !== undefined && l.originCountry !== args.destinationCountry && !(rule.exemptOrigins ?? []).includes(l.originCountry),
  );
  const customsValue = sum(lines.filter((_, i) => dutiable[i]).map((l) => l.net), args.currency);
  const threshold = readMoney(rule.deMinimis, args.currency, `dutyRules.${rule.country}.deMinimis`);
  if (compare(customsValue, threshold) <= 0) return lines.map(none);
  const dutyRate = readPercent(rule.dutyRate, `dutyRules.${rule.country}.dutyRate`);
  const importRate = rule.importTaxRate === undefined ? null : readPercent(rule.importTaxRate, `dutyRules.${rule.country}.importTaxRate`);
  return lines.map((l, i) => {
    if (!dutiable[i]) return none();
    const duty = roundMoney(money(l.net.amount.times(dutyRate).dividedBy(100), args.currency));
    const importTax = importRate === null ? zero(args.currency) : roundMoney(money(add(l.net, duty).amount.times(importRate).dividedBy(100), args.currency));
    const levy = add(duty, importTax);
    return rule.paidBy === 'customer' ? { duty: levy, merchantDuty: zero(args.currency) } : { duty: zero(args.currency), merchantDuty: levy };
  });
};
