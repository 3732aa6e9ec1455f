import { dec } from './amounts.js';
import type { ReturnableLine, ReturnableOrderSnapshot, ReturnRequest, ReturnRequestLine } from './snapshot.js';
import {
  DEFAULT_MERCHANT_FAULT_REASONS,
  type Disposition, type ItemCondition, type RefundTiming, type ReturnMethod, type ReturnReason,
} from './vocabulary.js';

/**
 * A return policy is data (per merchant, versioned), so rules change without code. Lookups pick the
 * most specific rule: one naming both category and channel/condition beats one naming either,
 * which beats the default; among equally specific rules the first listed wins.
 */
export type WindowOverride = Readonly<{ category?: string; channel?: string; days: number }>;
export type ConditionRule = Readonly<{
  category?: string;
  condition: ItemCondition;
  /** False: the customer cannot send an item back in this condition (e.g. opened hygiene products). Default true. */
  accepted?: boolean;
  disposition: Disposition;
}>;
/** Fee as a fraction of the refunded line amount, e.g. "0.15". */
export type RestockingFeeRule = Readonly<{ category?: string; condition?: ItemCondition; rate: string }>;

export type ReturnPolicy = Readonly<{
  policyId: string;
  version: number;
  window: Readonly<{ defaultDays: number; startsAt: 'delivery' | 'purchase'; overrides: readonly WindowOverride[] }>;
  nonReturnable: Readonly<{ categories: readonly string[]; skus: readonly string[] }>;
  conditionRules: readonly ConditionRule[];
  restockingFees: readonly RestockingFeeRule[];
  /** Defaults to damaged, wrong_item, defective, missing. */
  merchantFaultReasons?: readonly ReturnReason[];
  /** Refund the original shipping when the whole order comes back / when the merchant is at fault. */
  shippingRefund: Readonly<{ onWholeOrder: boolean; onMerchantFault: boolean }>;
  refundTiming: Readonly<{ default: RefundTiming; byMethod?: Readonly<Partial<Record<ReturnMethod, RefundTiming>>> }>;
  /** Payment methods in the order refunds are paid back to; unlisted methods come last, in the order's tender order. */
  tenderOrder: readonly string[];
  /** Returns that need a person to approve them. */
  review?: Readonly<{ reasons?: readonly ReturnReason[]; aboveAmount?: string }>;
  claims?: Readonly<{ windowDays: number; requireApproval: boolean }>;
}>;

/** Used when no condition rule matches: new and opened go back on the shelf, damaged is written off, defective goes to repair. */
export const DEFAULT_DISPOSITIONS: Readonly<Record<ItemCondition, Disposition>> = {
  new: 'restock', opened: 'restock', damaged: 'dispose', defective: 'refurbish',
};
export const DEFAULT_CLAIM_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

const mostSpecific = <R>(rules: readonly R[], score: (rule: R) => number): R | undefined => {
  let best: R | undefined;
  let bestScore = -1;
  for (const rule of rules) {
    const s = score(rule);
    if (s > bestScore) [best, bestScore] = [rule, s];
  }
  return best;
};

/** Scores a rule: -Infinity when a stated criterion does not match, else 2 per category match + 1 per other match. */
const specificity = (category: string | undefined, other: string | undefined, line: string, value: string): number => {
  if ((category !== undefined && category !== line) || (other !== undefined && other !== value)) return -Infinity;
  return (category !== undefined ? 2 : 0) + (other !== undefined ? 1 : 0);
};

export const windowDaysFor = (policy: ReturnPolicy, category: string, orderChannel: string): number =>
  mostSpecific(policy.window.overrides, (o) => specificity(o.category, o.channel, category, orderChannel))?.days
  ?? policy.window.defaultDays;

export const conditionRuleFor = (rules: readonly ConditionRule[], category: string, condition: ItemCondition): ConditionRule =>
  mostSpecific(rules, (r) => specificity(r.category, r.condition, category, condition))
  ?? { condition, disposition: DEFAULT_DISPOSITIONS[condition] };

export const restockingFeeRateFor = (rules: readonly RestockingFeeRule[], category: string, condition: ItemCondition): string =>
  mostSpecific(rules, (r) => specificity(r.category, r.condition, category, condition))?.rate ?? '0';

export const refundTimingFor = (policy: ReturnPolicy, method: ReturnMethod): RefundTiming =>
  policy.refundTiming.byMethod?.[method] ?? policy.refundTiming.default;

export const merchantFaultReasons = (policy: ReturnPolicy): readonly ReturnReason[] =>
  policy.merchantFaultReasons ?? DEFAULT_MERCHANT_FAULT_REASONS;

export const notReturnableBecause = (policy: ReturnPolicy, line: ReturnableLine): string | undefined => {
  if (!line.returnable) return `line ${line.lineId} was sold as final sale`;
  if (policy.nonReturnable.categories.includes(line.category)) return `category ${line.category} cannot be returned`;
  if (policy.nonReturnable.skus.includes(line.sku)) return `SKU ${line.sku} cannot be returned`;
  return undefined;
};

/** Expected units of a line once everything ordered and not cancelled was delivered. */
const expectedUnits = (l: ReturnableLine): number => (l.quantityOrdered ?? l.quantityDelivered) - (l.quantityCancelled ?? 0);

/** True when, with `extra` units per line coming back now, every unit the order was to deliver is returned. */
export const isWholeOrderReturned = (snapshot: ReturnableOrderSnapshot, extra: ReadonlyMap<string, number>): boolean =>
  snapshot.lines.some((l) => expectedUnits(l) > 0)
  && snapshot.lines.every((l) => l.quantityReturned + (extra.get(l.lineId) ?? 0) >= expectedUnits(l));

export const RETURN_REFUSAL_CODES = [
  'UNKNOWN_LINE', 'DUPLICATE_LINE', 'NOT_DELIVERED', 'NOT_RETURNABLE', 'RETURN_WINDOW_EXPIRED', 'CLAIM_WINDOW_EXPIRED',
  'QUANTITY_EXCEEDS_DELIVERED', 'CONDITION_NOT_ACCEPTED',
] as const;
export type ReturnRefusalCode = (typeof RETURN_REFUSAL_CODES)[number];
export type ReturnRefusal = Readonly<{ code: ReturnRefusalCode; lineId: string; explanation: string; details: Readonly<Record<string, unknown>> }>;

export type EligibleLine = Readonly<{
  lineId: string;
  sku: string;
  category: string;
  quantity: number;
  reason: ReturnReason;
  declaredCondition: ItemCondition;
  merchantFault: boolean;
  unitPricePaid: string;
  taxPerUnit: string;
  /** End of the return (or claim) window for this line. */
  windowEndsAt: string;
  shippedFromNode?: string;
}>;

export type ReturnEvaluation =
  | Readonly<{ eligible: true; lines: readonly EligibleLine[]; wholeOrder: boolean; merchantFault: boolean; reviewReasons: readonly string[] }>
  | Readonly<{ eligible: false; code: ReturnRefusalCode; explanation: string; refusals: readonly ReturnRefusal[] }>;

type Mode = 'return' | 'claim';

const refuse = (code: ReturnRefusalCode, lineId: string, explanation: string, details: Record<string, unknown> = {}): ReturnRefusal =>
  ({ code, lineId, explanation, details: { lineId, ...details } });

/** Checks one requested line; the order of the checks fixes which refusal a customer sees first. */
const checkLine = (
  policy: ReturnPolicy, snapshot: ReturnableOrderSnapshot, req: ReturnRequestLine, nowMs: number, mode: Mode,
): ReturnRefusal | EligibleLine => {
  const line = snapshot.lines.find((l) => l.lineId === req.lineId);
  if (line === undefined) return refuse('UNKNOWN_LINE', req.lineId, `order ${snapshot.orderId} has no line ${req.lineId}`);
  if (line.quantityDelivered <= 0 || line.deliveredAt === undefined) {
    return refuse('NOT_DELIVERED', line.lineId, `line ${line.lineId} has not been delivered yet`);
  }
  if (mode === 'return') {
    const why = notReturnableBecause(policy, line);
    if (why !== undefined) return refuse('NOT_RETURNABLE', line.lineId, why, { sku: line.sku, category: line.category });
  }
  const days = mode === 'claim' ? policy.claims?.windowDays ?? DEFAULT_CLAIM_WINDOW_DAYS : windowDaysFor(policy, line.category, snapshot.channel);
  const startsAt = mode === 'return' && policy.window.startsAt === 'purchase' ? snapshot.purchasedAt : line.deliveredAt;
  const endsMs = Date.parse(startsAt) + days * DAY_MS;
  const windowEndsAt = new Date(endsMs).toISOString();
  if (nowMs > endsMs) {
    const code = mode === 'claim' ? 'CLAIM_WINDOW_EXPIRED' : 'RETURN_WINDOW_EXPIRED';
    return refuse(code, line.lineId, `the ${days}-day ${mode} window for line ${line.lineId} ended at ${windowEndsAt}`, { days, windowEndsAt });
  }
  const open = line.quantityDelivered - line.quantityReturned;
  if (req.quantity > open) {
    return refuse('QUANTITY_EXCEEDS_DELIVERED', line.lineId,
      `line ${line.lineId}: ${req.quantity} requested but only ${open} of ${line.quantityDelivered} delivered units are not yet returned`,
      { requested: req.quantity, delivered: line.quantityDelivered, alreadyReturned: line.quantityReturned });
  }
  const declaredCondition = (req.condition ?? 'new') as ItemCondition;
  if (mode === 'return' && conditionRuleFor(policy.conditionRules, line.category, declaredCondition).accepted === false) {
    return refuse('CONDITION_NOT_ACCEPTED', line.lineId,
      `items of category ${line.category} cannot be returned in condition ${declaredCondition}`, { condition: declaredCondition });
  }
  const reason = req.reason as ReturnReason;
  return {
    lineId: line.lineId, sku: line.sku, category: line.category, quantity: req.quantity, reason, declaredCondition,
    merchantFault: merchantFaultReasons(policy).includes(reason),
    unitPricePaid: line.unitPricePaid, taxPerUnit: line.taxPerUnit, windowEndsAt,
    ...(line.shippedFromNode === undefined ? {} : { shippedFromNode: line.shippedFromNode }),
  };
};

const isRefusal = (r: ReturnRefusal | EligibleLine): r is ReturnRefusal => 'code' in r;

const evaluate = (
  policy: ReturnPolicy, snapshot: ReturnableOrderSnapshot, lines: readonly ReturnRequestLine[], now: string, mode: Mode,
): ReturnEvaluation => {
  const nowMs = Date.parse(now);
  const seen = new Set<string>();
  const results = lines.map((req) => {
    if (seen.has(req.lineId)) return refuse('DUPLICATE_LINE', req.lineId, `line ${req.lineId} appears twice; send one entry per line`);
    seen.add(req.lineId);
    return checkLine(policy, snapshot, req, nowMs, mode);
  });
  const refusals = results.filter(isRefusal);
  if (refusals.length > 0) return { eligible: false, code: refusals[0]!.code, explanation: refusals[0]!.explanation, refusals };
  const eligible = results as EligibleLine[];
  const wholeOrder = isWholeOrderReturned(snapshot, new Map(eligible.map((l) => [l.lineId, l.quantity])));
  const merchantFault = eligible.some((l) => l.merchantFault);
  const reviewReasons: string[] = [];
  const reviewFor = policy.review?.reasons ?? [];
  for (const l of eligible) if (reviewFor.includes(l.reason)) reviewReasons.push(`reason ${l.reason} on line ${l.lineId} needs review`);
  const above = policy.review?.aboveAmount;
  if (above !== undefined) {
    const value = eligible.reduce((acc, l) => acc.plus(dec(l.unitPricePaid).times(l.quantity)), dec('0'));
    if (value.greaterThan(above)) reviewReasons.push(`return value ${value.toFixed()} exceeds the review threshold ${above}`);
  }
  return { eligible: true, lines: eligible, wholeOrder, merchantFault, reviewReasons };
};

/**
 * Decides whether a return request is acceptable under `policy` at instant `now` (ISO-8601). Pure:
 * the same inputs always give the same answer, so the API can preview it and the decider re-check it.
 * All lines must pass; every failing line is listed in `refusals`, the first one gives `code`.
 */
export const evaluateReturn = (policy: ReturnPolicy, snapshot: ReturnableOrderSnapshot, request: ReturnRequest, now: string): ReturnEvaluation =>
  evaluate(policy, snapshot, request.lines, now, 'return');

/** Claims (missing/damaged on arrival) ignore final-sale flags and condition rules and use the claim window. */
export const evaluateClaim = (policy: ReturnPolicy, snapshot: ReturnableOrderSnapshot, lines: readonly ReturnRequestLine[], now: string): ReturnEvaluation =>
  evaluate(policy, snapshot, lines, now, 'claim');
