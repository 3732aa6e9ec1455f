import { Decimal } from 'decimal.js';
import { money, roundMoney, toJson, type Money } from '../shared/money.js';
import { NANO, formatNano, microToNano, perThousandNano, roundNano } from './fixedPoint.js';
import type { Candidate } from './screening.js';
import type { CostBreakdown } from './types.js';

/**
 * Cost of one shipment from a candidate: base + perKg × kg + perKm × km + handling (+ late
 * penalty per day late when the promise policy penalises). Each component is rounded half-even to
 * the currency's minor unit and the total is the sum of the rounded components, so a breakdown
 * always adds up on screen.
 *
 * Two implementations of the same arithmetic: `shipmentCostDecimal` (decimal.js, used for the
 * decision's shipments and totals, the money of record) and `shipmentCostFast` (integer
 * nano-units, used for hundreds of candidate breakdowns). Both are exact; tests compare them.
 */
export type ShipmentCost = Readonly<{ breakdown: CostBreakdown; total: Money }>;

const MICRO = new Decimal(1_000_000);

export const shipmentCostDecimal = (
  c: Candidate,
  grams: number,
  latePenaltyPerDayMicro: number,
  currency: string,
): ShipmentCost => {
  const dec = (micro: number): Decimal => new Decimal(micro).dividedBy(MICRO);
  const r = (d: Decimal.Value): Money => roundMoney(money(d, currency));
  const base = r(c.shipping ? dec(c.baseMicro) : 0);
  const weight = r(c.shipping ? dec(c.perKgMicro).times(grams).dividedBy(1000) : 0);
  const distance = r(c.shipping ? dec(c.perKmMicro).times(c.metres).dividedBy(1000) : 0);
  const handling = r(new Decimal(c.handlingNano).dividedBy(NANO));
  const late = r(dec(latePenaltyPerDayMicro).times(c.daysLate));
  const total = money(base.amount.plus(weight.amount).plus(distance.amount).plus(handling.amount).plus(late.amount), currency);
  const s = (m: Money): string => toJson(m).amount;
  return {
    breakdown: { base: s(base), weight: s(weight), distance: s(distance), handling: s(handling), latePenalty: s(late), total: s(total), currency },
    total,
  };
};

/**
 * `formatNano` for one currency, remembering the last four amounts it formatted: across hundreds
 * of candidate breakdowns the base, handling and late-penalty components repeat the same few
 * amounts (weights, distances and totals rarely repeat, so they are not passed through it).
 */
export const memoFormat = (currency: string): ((nano: number) => string) => {
  const keys = [NaN, NaN, NaN, NaN];
  const values = ['', '', '', ''];
  let next = 0;
  return (nano) => {
    for (let i = 0; i < 4; i++) if (keys[i] === nano) return values[i]!;
    const s = formatNano(nano, currency);
    keys[next] = nano;
    values[next] = s;
    next = (next + 1) & 3;
    return s;
  };
};

export const shipmentCostFast = (
  c: Candidate,
  grams: number,
  latePenaltyPerDayMicro: number,
  currency: string,
  repeating: (nano: number) => string = (n) => formatNano(n, currency),
): CostBreakdown => {
  const base = roundNano(c.shipping ? microToNano(c.baseMicro) : 0, currency);
  const weight = roundNano(c.shipping ? perThousandNano(c.perKgMicro, grams) : 0, currency);
  const distance = roundNano(c.shipping ? perThousandNano(c.perKmMicro, c.metres) : 0, currency);
  const handling = roundNano(c.handlingNano, currency);
  const late = roundNano(microToNano(latePenaltyPerDayMicro) * c.daysLate, currency);
  const f = (n: number): string => formatNano(n, currency);
  return { base: repeating(base), weight: f(weight), distance: f(distance), handling: repeating(handling), latePenalty: repeating(late), total: f(base + weight + distance + handling + late), currency };
};

/** The linear model the optimiser searches: fixed part (nano) and nano per gram. */
export const linearCost = (c: Candidate, latePenaltyPerDayMicro: number): { fixed: number; perGram: number } => ({
  fixed:
    (c.shipping ? microToNano(c.baseMicro) + perThousandNano(c.perKmMicro, c.metres) : 0) +
    c.handlingNano +
    microToNano(latePenaltyPerDayMicro) * c.daysLate,
  perGram: c.shipping ? c.perKgMicro : 0,
});
