import { CURRENCY_PATTERN } from '../shared/money.js';
import { ValidationError } from '../shared/errors.js';
import { isLabel, isReference } from '../network/identifier.js';
import { dec, isAmount } from './amounts.js';
import type { ReplacementLineInput } from './commands.js';
import type { ReturnPolicy } from './policy.js';
import type { ReturnableOrderSnapshot, ReturnRequestLine } from './snapshot.js';
import {
  DISPOSITIONS, ITEM_CONDITIONS, isOneOf, REFUND_TIMINGS, RETURN_CHANNELS, RETURN_METHODS, RETURN_REASONS,
} from './vocabulary.js';

/**
 * Shape checks for data that arrives from JSON. Business refusals (window, quantities) are the
 * policy's job (`evaluateReturn`); these reject input that cannot be read as a request at all.
 */
export const MAX_RETURN_LINES = 500;
const MAX_QUANTITY = 1_000_000;

const invalid = (field: string, reason: string, value?: unknown): ValidationError =>
  new ValidationError('INVALID_RETURN_REQUEST', `${field} ${reason}`, value === undefined ? { field, reason } : { field, reason, value });

export const check = (ok: boolean, field: string, reason: string, value?: unknown): void => {
  if (!ok) throw invalid(field, reason, value);
};

export const isInstant = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v));

export const isQuantity = (v: unknown, min = 1): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= MAX_QUANTITY;

const isRate = (v: unknown): boolean => isAmount(v) && dec(v).lessThanOrEqualTo(1);

export const checkReference = (value: unknown, field: string): void => check(isReference(value), field, 'must be 1–128 printable ASCII characters without spaces', value);

export const checkOptionalLabel = (value: unknown, field: string, max = 500): void => {
  if (value !== undefined) check(isLabel(value, max), field, `must be trimmed non-empty text of at most ${max} characters`, value);
};

export const validateRequestLines = (lines: readonly ReturnRequestLine[] | undefined, reasons: readonly string[] = RETURN_REASONS): void => {
  check(Array.isArray(lines) && lines.length > 0 && lines.length <= MAX_RETURN_LINES, 'lines', `must list 1–${MAX_RETURN_LINES} lines`);
  lines!.forEach((l, i) => {
    checkReference(l.lineId, `lines[${i}].lineId`);
    check(isQuantity(l.quantity), `lines[${i}].quantity`, `must be a whole number 1–${MAX_QUANTITY}`, l.quantity);
    check(isOneOf(reasons, l.reason), `lines[${i}].reason`, `must be one of ${reasons.join(', ')}`, l.reason);
    if (l.condition !== undefined) check(isOneOf(ITEM_CONDITIONS, l.condition), `lines[${i}].condition`, `must be one of ${ITEM_CONDITIONS.join(', ')}`, l.condition);
    checkOptionalLabel(l.note, `lines[${i}].note`);
  });
};

export const validateSnapshot = (s: ReturnableOrderSnapshot | undefined): void => {
  check(typeof s === 'object' && s !== null, 'snapshot', 'is required');
  const snap = s!;
  checkReference(snap.orderId, 'snapshot.orderId');
  check(typeof snap.channel === 'string' && snap.channel.length > 0, 'snapshot.channel', 'is required');
  check(CURRENCY_PATTERN.test(snap.currency ?? ''), 'snapshot.currency', 'must be an ISO 4217 code', snap.currency);
  check(typeof snap.taxInclusive === 'boolean', 'snapshot.taxInclusive', 'must be true or false');
  check(isInstant(snap.purchasedAt), 'snapshot.purchasedAt', 'must be an ISO-8601 instant', snap.purchasedAt);
  check(Array.isArray(snap.lines), 'snapshot.lines', 'must be a list');
  snap.lines.forEach((l, i) => {
    const f = `snapshot.lines[${i}]`;
    checkReference(l.lineId, `${f}.lineId`);
    for (const q of ['quantityDelivered', 'quantityReturned', 'quantityOrdered', 'quantityCancelled'] as const) {
      if (l[q] !== undefined || q === 'quantityDelivered' || q === 'quantityReturned') check(isQuantity(l[q], 0), `${f}.${q}`, 'must be a whole number ≥ 0', l[q]);
    }
    check(l.quantityReturned <= l.quantityDelivered, `${f}.quantityReturned`, 'cannot exceed quantityDelivered', l.quantityReturned);
    check(isAmount(l.unitPricePaid), `${f}.unitPricePaid`, 'must be a non-negative decimal string', l.unitPricePaid);
    check(isAmount(l.taxPerUnit), `${f}.taxPerUnit`, 'must be a non-negative decimal string', l.taxPerUnit);
    if (l.deliveredAt !== undefined) check(isInstant(l.deliveredAt), `${f}.deliveredAt`, 'must be an ISO-8601 instant', l.deliveredAt);
    check(typeof l.returnable === 'boolean', `${f}.returnable`, 'must be true or false');
  });
  check(new Set(snap.lines.map((l) => l.lineId)).size === snap.lines.length, 'snapshot.lines', 'must not repeat a lineId');
  check(Array.isArray(snap.tenders), 'snapshot.tenders', 'must be a list');
  snap.tenders.forEach((t, i) => {
    checkReference(t.tenderId, `snapshot.tenders[${i}].tenderId`);
    check(typeof t.method === 'string' && t.method.length > 0, `snapshot.tenders[${i}].method`, 'is required');
    check(isAmount(t.captured) && isAmount(t.refunded), `snapshot.tenders[${i}]`, 'captured and refunded must be non-negative decimal strings');
    check(dec(t.refunded).lessThanOrEqualTo(t.captured), `snapshot.tenders[${i}].refunded`, 'cannot exceed captured', t.refunded);
  });
  check(isAmount(snap.shipping?.charged) && isAmount(snap.shipping?.refunded), 'snapshot.shipping', 'charged and refunded must be non-negative decimal strings');
};

export const validatePolicy = (p: ReturnPolicy | undefined): void => {
  check(typeof p === 'object' && p !== null, 'policy', 'is required');
  const policy = p!;
  checkReference(policy.policyId, 'policy.policyId');
  check(isQuantity(policy.version, 0), 'policy.version', 'must be a whole number ≥ 0', policy.version);
  check(isQuantity(policy.window?.defaultDays, 0), 'policy.window.defaultDays', 'must be a whole number of days', policy.window?.defaultDays);
  check(policy.window.startsAt === 'delivery' || policy.window.startsAt === 'purchase', 'policy.window.startsAt', 'must be delivery or purchase');
  policy.window.overrides.forEach((o, i) => check(isQuantity(o.days, 0), `policy.window.overrides[${i}].days`, 'must be a whole number of days', o.days));
  policy.conditionRules.forEach((r, i) => {
    check(isOneOf(ITEM_CONDITIONS, r.condition), `policy.conditionRules[${i}].condition`, 'is not a known condition', r.condition);
    check(isOneOf(DISPOSITIONS, r.disposition), `policy.conditionRules[${i}].disposition`, 'is not a known disposition', r.disposition);
  });
  policy.restockingFees.forEach((r, i) => check(isRate(r.rate), `policy.restockingFees[${i}].rate`, 'must be a decimal fraction between 0 and 1', r.rate));
  check(isOneOf(REFUND_TIMINGS, policy.refundTiming?.default), 'policy.refundTiming.default', `must be one of ${REFUND_TIMINGS.join(', ')}`);
  for (const [m, t] of Object.entries(policy.refundTiming.byMethod ?? {})) {
    check(isOneOf(RETURN_METHODS, m) && isOneOf(REFUND_TIMINGS, t), `policy.refundTiming.byMethod.${m}`, 'must map a return method to a refund timing');
  }
  check(Array.isArray(policy.tenderOrder), 'policy.tenderOrder', 'must be a list of payment methods');
  if (policy.review?.aboveAmount !== undefined) check(isAmount(policy.review.aboveAmount), 'policy.review.aboveAmount', 'must be a decimal string');
};

export const validateReplacementLines = (lines: readonly ReplacementLineInput[] | undefined, field: string): void => {
  check(Array.isArray(lines) && lines.length > 0 && lines.length <= MAX_RETURN_LINES, field, `must list 1–${MAX_RETURN_LINES} lines`);
  lines!.forEach((l, i) => {
    checkReference(l.lineId, `${field}[${i}].lineId`);
    check(typeof l.sku === 'string' && l.sku.length > 0, `${field}[${i}].sku`, 'is required');
    check(isQuantity(l.quantity), `${field}[${i}].quantity`, `must be a whole number 1–${MAX_QUANTITY}`, l.quantity);
    check(isAmount(l.unitPrice) && isAmount(l.taxPerUnit), `${field}[${i}]`, 'unitPrice and taxPerUnit must be non-negative decimal strings');
  });
  check(new Set(lines!.map((l) => l.lineId)).size === lines!.length, field, 'must not repeat a lineId');
};

export const validateChannel = (channel: unknown): void =>
  check(isOneOf(RETURN_CHANNELS, channel), 'channel', `must be one of ${RETURN_CHANNELS.join(', ')}`, channel);
