import { Decimal } from 'decimal.js';
import {
  add, allocateProportionally, compare, money, roundMoney, subtract, sum, zero, type Money,
} from '../shared/money.js';
import type { AppliedPromotion, Promotion, SkippedPromotion } from './types.js';
import { eligibility, eligibleLineIndexes, resolveCandidates, validatePromotion, type PromoLine } from './promotionRules.js';
import { readMoney, readPercent } from './validate.js';

export type PromotionOutcome = Readonly<{
  lineDiscounts: Money[];
  shippingDiscount: Money;
  applied: AppliedPromotion[];
  skipped: SkippedPromotion[];
}>;

const min = (a: Money, b: Money): Money => (compare(a, b) <= 0 ? a : b);

/** BXGY and line-level promotions first, then order-level ones on what is left, free shipping last. */
const rank = (p: Promotion): number =>
  p.kind === 'free_shipping' ? 3 : p.kind === 'buy_x_get_y' ? 0 : p.skus !== undefined && p.skus.length > 0 ? 1 : 2;
const applyOrder = (a: Promotion, b: Promotion): number =>
  rank(a) - rank(b) || (a.priority ?? 0) - (b.priority ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The discount one promotion grants per line, given what earlier promotions left (never below zero). */
const discountsOf = (p: Promotion, lines: readonly PromoLine[], remaining: readonly Money[], currency: string): Money[] => {
  const out = lines.map(() => zero(currency));
  const idx = eligibleLineIndexes(p, lines);
  const orderLevel = p.skus === undefined || p.skus.length === 0;
  if (p.kind === 'percent_off') {
    const pct = readPercent(p.percent, `promotions.${p.id}.percent`);
    if (orderLevel) {
      // One rounded order discount, split so the line parts add up to it exactly.
      const base = sum(remaining as Money[], currency);
      const total = roundMoney(money(base.amount.times(pct).dividedBy(100), currency));
      allocateProportionally(total, remaining.map((r) => r.amount)).forEach((d, i) => (out[i] = d));
    } else {
      for (const i of idx) out[i] = roundMoney(money(remaining[i]!.amount.times(pct).dividedBy(100), currency));
    }
  } else if (p.kind === 'amount_off') {
    const amount = readMoney(p.amount, currency, `promotions.${p.id}.amount`);
    if (orderLevel) {
      const total = min(amount, sum(remaining as Money[], currency));
      allocateProportionally(total, remaining.map((r) => r.amount)).forEach((d, i) => (out[i] = d));
    } else {
      for (const i of idx) out[i] = min(money(amount.amount.times(lines[i]!.quantity), currency), remaining[i]!);
    }
  } else if (p.kind === 'buy_x_get_y') {
    // Merchant-favouring reading of "cheapest free": of every X+Y eligible units, Y are free, and
    // the free ones are the cheapest units of the whole basket (not of each group).
    const units = idx
      .flatMap((i) => Array.from({ length: lines[i]!.quantity }, () => ({ i, price: lines[i]!.unitPrice })))
      .sort((a, b) => compare(a.price, b.price) || a.i - b.i);
    const group = (p.buyQuantity ?? 1) + (p.getQuantity ?? 1);
    const freeCount = Math.floor(units.length / group) * (p.getQuantity ?? 1);
    const pct = p.percent === undefined ? new Decimal(100) : readPercent(p.percent, `promotions.${p.id}.percent`);
    const freeValue = lines.map(() => zero(currency));
    for (const u of units.slice(0, freeCount)) freeValue[u.i] = add(freeValue[u.i]!, u.price);
    for (const i of idx) out[i] = min(roundMoney(money(freeValue[i]!.amount.times(pct).dividedBy(100), currency)), remaining[i]!);
  }
  return out;
};

const codeOf = (p: Promotion): { code?: string } => (p.code === undefined ? {} : { code: p.code });

/** Applies a set of promotions in a fixed order; `shippingFor` prices shipping for a discounted subtotal. */
const applySet = (
  set: readonly Promotion[],
  lines: readonly PromoLine[],
  currency: string,
  shippingFor: (discountedSubtotal: Money) => Money,
): PromotionOutcome => {
  const discounts = lines.map(() => zero(currency));
  const applied: AppliedPromotion[] = [];
  let shippingDiscount = zero(currency);
  for (const p of [...set].sort(applyOrder)) {
    const remaining = lines.map((l, i) => subtract(l.subtotal, discounts[i]!));
    if (p.kind === 'free_shipping') {
      shippingDiscount = shippingFor(sum(remaining, currency));
      applied.push({ id: p.id, ...codeOf(p), amount: shippingDiscount });
      continue;
    }
    const granted = discountsOf(p, lines, remaining, currency);
    granted.forEach((d, i) => (discounts[i] = add(discounts[i]!, d)));
    applied.push({ id: p.id, ...codeOf(p), amount: sum(granted, currency) });
  }
  return { lineDiscounts: discounts, shippingDiscount, applied, skipped: [] };
};

const totalDiscount = (o: PromotionOutcome, currency: string): Money => add(sum(o.lineDiscounts, currency), o.shippingDiscount);

/**
 * Stacking: all combinable promotions apply together; an exclusive promotion applies alone. Every
 * option is evaluated and the one giving the customer the largest discount wins (ties: the
 * combinable set, then the first exclusive by priority and id), so the result never depends on
 * the order coupons were entered in.
 */
export const applyPromotions = (args: {
  promotions: readonly Promotion[];
  coupons: readonly string[];
  at: string | undefined;
  lines: readonly PromoLine[];
  currency: string;
  shippingFor: (discountedSubtotal: Money) => Money;
}): PromotionOutcome => {
  const { currency, lines } = args;
  args.promotions.forEach((p) => validatePromotion(p, currency));
  const { candidates, skipped } = resolveCandidates(args.promotions, args.coupons, args.at);
  const eligible: Promotion[] = [];
  for (const p of candidates) {
    const reason = eligibility(p, lines, currency);
    if (reason === null) eligible.push(p);
    else skipped.push({ id: p.id, ...codeOf(p), reason });
  }
  const combinable = eligible.filter((p) => p.combinable);
  const exclusive = eligible.filter((p) => !p.combinable).sort(applyOrder);
  const options: Promotion[][] = [...(combinable.length > 0 ? [combinable] : []), ...exclusive.map((p) => [p])];
  let best: { set: Promotion[]; outcome: PromotionOutcome } | null = null;
  for (const set of options) {
    const outcome = applySet(set, lines, currency, args.shippingFor);
    if (best === null || compare(totalDiscount(outcome, currency), totalDiscount(best.outcome, currency)) > 0) best = { set, outcome };
  }
  if (best === null) return { lineDiscounts: lines.map(() => zero(currency)), shippingDiscount: zero(currency), applied: [], skipped };
  const chosen = new Set(best.set.map((p) => p.id));
  for (const p of eligible) if (!chosen.has(p.id)) skipped.push({ id: p.id, ...codeOf(p), reason: 'not_combinable' });
  return { ...best.outcome, skipped };
};
