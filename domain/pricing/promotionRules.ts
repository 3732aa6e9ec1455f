import { ValidationError } from '../shared/errors.js';
import { compare, sum, type Money } from '../shared/money.js';
import { PROMOTION_KINDS, type Promotion, type SkippedPromotion } from './types.js';
import { assertPositiveInteger, readMoney, readPercent } from './validate.js';

/** Coupon codes compare case-insensitively and ignore surrounding blanks ("  summer10 " = "SUMMER10"). */
export const normaliseCode = (code: string): string => code.trim().toUpperCase();

export type PromoLine = Readonly<{ sku: string; quantity: number; unitPrice: Money; subtotal: Money }>;

/** Rejects malformed promotion data early, with the promotion id in the error. */
export const validatePromotion = (p: Promotion, currency: string): void => {
  const field = `promotions.${p.id}`;
  if (!(PROMOTION_KINDS as readonly string[]).includes(p.kind)) {
    throw new ValidationError('INVALID_PROMOTION', `${field}.kind must be one of ${PROMOTION_KINDS.join(', ')}`, { promotionId: p.id });
  }
  if (p.kind === 'percent_off') readPercent(p.percent, `${field}.percent`);
  if (p.kind === 'amount_off') readMoney(p.amount, currency, `${field}.amount`);
  if (p.kind === 'buy_x_get_y') {
    assertPositiveInteger(p.buyQuantity, `${field}.buyQuantity`);
    assertPositiveInteger(p.getQuantity, `${field}.getQuantity`);
    if (p.percent !== undefined) readPercent(p.percent, `${field}.percent`);
  }
  if (p.minSubtotal !== undefined) readMoney(p.minSubtotal, currency, `${field}.minSubtotal`);
};

const active = (p: Promotion, at: string | undefined): boolean =>
  at === undefined || ((p.startsAt === undefined || p.startsAt <= at) && (p.endsAt === undefined || at < p.endsAt));

/**
 * Candidates = automatic promotions + those unlocked by an entered coupon. An unknown coupon is an
 * error (the customer typed something we must tell them about); an entered coupon outside its
 * validity window is an error too; an automatic promotion outside its window is simply skipped.
 */
export const resolveCandidates = (
  promotions: readonly Promotion[],
  coupons: readonly string[],
  at: string | undefined,
): { candidates: Promotion[]; skipped: SkippedPromotion[] } => {
  const entered = [...new Set(coupons.map(normaliseCode))].filter((c) => c.length > 0);
  for (const code of entered) {
    const promotion = promotions.find((p) => p.code !== undefined && normaliseCode(p.code) === code);
    if (promotion === undefined) throw new ValidationError('UNKNOWN_COUPON', `coupon ${code} is not known`, { code });
    if (!active(promotion, at)) throw new ValidationError('COUPON_NOT_ACTIVE', `coupon ${code} is not valid at ${at}`, { code, at });
  }
  const skipped: SkippedPromotion[] = [];
  const candidates = promotions.filter((p) => {
    if (p.code !== undefined && !entered.includes(normaliseCode(p.code))) return false;
    if (!active(p, at)) {
      skipped.push({ id: p.id, ...(p.code ? { code: p.code } : {}), reason: 'not_active' });
      return false;
    }
    return true;
  });
  return { candidates, skipped };
};

export const eligibleLineIndexes = (p: Promotion, lines: readonly PromoLine[]): number[] =>
  lines.flatMap((l, i) => (p.skus === undefined || p.skus.length === 0 || p.skus.includes(l.sku) ? [i] : []));

/** Minimum spend and eligible items are judged on catalog amounts, before any discount. */
export const eligibility = (p: Promotion, lines: readonly PromoLine[], currency: string): SkippedPromotion['reason'] | null => {
  const idx = eligibleLineIndexes(p, lines);
  if (idx.length === 0) return 'no_eligible_items';
  if (p.kind === 'buy_x_get_y') {
    const units = idx.reduce((n, i) => n + lines[i]!.quantity, 0);
    if (units < (p.buyQuantity ?? 0) + (p.getQuantity ?? 0)) return 'no_eligible_items';
  }
  if (p.minSubtotal !== undefined) {
    const spent = sum(idx.map((i) => lines[i]!.subtotal), currency);
    if (compare(spent, readMoney(p.minSubtotal, currency, `promotions.${p.id}.minSubtotal`)) < 0) return 'min_subtotal_not_met';
  }
  return null;
};
