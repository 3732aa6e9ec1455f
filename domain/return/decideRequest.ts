import { ConflictError, ValidationError } from '../shared/errors.js';
import { fmt, dec } from './amounts.js';
import type { OpenClaim, ReplacementLineInput, RequestExchange, RequestReturn } from './commands.js';
import type {
  ClaimOpened, ExchangeRequested, OrderMoneyTerms, ReplacementLine, ReturnLineRecord, ReturnRequested, ReturnTerms,
} from './events.js';
import { exchangeDifference } from './exchangeDifference.js';
import { evaluateClaim, evaluateReturn, refundTimingFor, type EligibleLine, type ReturnEvaluation, type ReturnPolicy } from './policy.js';
import type { ReturnableOrderSnapshot, ReturnRequestLine } from './snapshot.js';
import type { ReturnState } from './state.js';
import {
  check, checkReference, isInstant, validateChannel, validatePolicy, validateReplacementLines, validateRequestLines, validateSnapshot,
} from './validateReturnInput.js';
import { CLAIM_REASONS, isOneOf, RETURN_METHODS, type ClaimReason, type RefundTiming, type ReturnMethod } from './vocabulary.js';

const QR_HASH_PATTERN = /^[0-9a-f]{64}$/;

type CommonInput = Readonly<{ returnId: string; orderId: string; channel: unknown; lines: readonly ReturnRequestLine[]; snapshot: ReturnableOrderSnapshot; policy: ReturnPolicy }>;

const validateCommon = (d: CommonInput, now: string, state: ReturnState, reasons?: readonly string[]): void => {
  if (state.status !== 'none') {
    throw new ConflictError('RETURN_ALREADY_EXISTS', `return ${state.returnId} already exists`, { returnId: state.returnId, status: state.status });
  }
  checkReference(d.returnId, 'returnId');
  checkReference(d.orderId, 'orderId');
  validateChannel(d.channel);
  validateRequestLines(d.lines, reasons);
  validateSnapshot(d.snapshot);
  validatePolicy(d.policy);
  check(d.snapshot.orderId === d.orderId, 'snapshot.orderId', `must be the order of the return (${d.orderId})`, d.snapshot.orderId);
  check(isInstant(now), 'metadata.now', 'must be an ISO-8601 instant', now);
};

/** A refusal by the policy writes nothing: the command fails with the policy's stable code (422). */
const requireEligible = (evaluation: ReturnEvaluation): Extract<ReturnEvaluation, { eligible: true }> => {
  if (!evaluation.eligible) {
    throw new ValidationError(evaluation.code, evaluation.explanation, { refusals: evaluation.refusals });
  }
  return evaluation;
};

const lineRecords = (lines: readonly EligibleLine[], requested: readonly ReturnRequestLine[], currency: string): ReturnLineRecord[] =>
  lines.map((l) => {
    const note = requested.find((r) => r.lineId === l.lineId)?.note;
    return {
      lineId: l.lineId, sku: l.sku, category: l.category, quantity: l.quantity, reason: l.reason,
      declaredCondition: l.declaredCondition, merchantFault: l.merchantFault,
      unitPricePaid: { amount: l.unitPricePaid, currency }, taxPerUnit: { amount: l.taxPerUnit, currency },
      ...(note === undefined ? {} : { note }),
    };
  });

const orderTerms = (s: ReturnableOrderSnapshot): OrderMoneyTerms => ({
  orderId: s.orderId, channel: s.channel, currency: s.currency, taxInclusive: s.taxInclusive,
  tenders: s.tenders.map((t) => ({
    tenderId: t.tenderId, method: t.method,
    captured: { amount: fmt(dec(t.captured), s.currency), currency: s.currency },
    refunded: { amount: fmt(dec(t.refunded), s.currency), currency: s.currency },
  })),
  shipping: {
    charged: { amount: fmt(dec(s.shipping.charged), s.currency), currency: s.currency },
    refunded: { amount: fmt(dec(s.shipping.refunded), s.currency), currency: s.currency },
  },
  units: s.lines.map((l) => ({
    lineId: l.lineId, expected: (l.quantityOrdered ?? l.quantityDelivered) - (l.quantityCancelled ?? 0), returnedBefore: l.quantityReturned,
  })),
});

/** Freezes the policy terms that matter for this return (rules for other categories are dropped). */
const freezeTerms = (policy: ReturnPolicy, categories: ReadonlySet<string>, refundTiming: RefundTiming): ReturnTerms => ({
  policyId: policy.policyId,
  policyVersion: policy.version,
  refundTiming,
  tenderOrder: policy.tenderOrder,
  restockingFees: policy.restockingFees.filter((r) => r.category === undefined || categories.has(r.category)),
  conditionRules: policy.conditionRules.filter((r) => r.category === undefined || categories.has(r.category)),
  shippingRefund: policy.shippingRefund,
});

const shipment = (d: RequestReturn['data']) => {
  check(isOneOf(RETURN_METHODS, d.method), 'method', `must be one of ${RETURN_METHODS.join(', ')}`, d.method);
  check(typeof d.routing === 'object' && d.routing !== null && d.routing.method === d.method, 'routing', 'must be the routing decision for this return method');
  if (d.routing.nodeId === null) throw new ConflictError('NO_RETURN_NODE', d.routing.explanation, { candidates: d.routing.candidates });
  if (d.method === 'box_free') check(QR_HASH_PATTERN.test(d.qrTokenHash ?? ''), 'qrTokenHash', 'must be the SHA-256 hex of the QR token for box-free returns');
  else check(d.qrTokenHash === undefined, 'qrTokenHash', 'applies only to box-free returns');
  return {
    method: d.method as ReturnMethod, routing: d.routing, receivingNodeId: d.routing.nodeId,
    ...(d.qrTokenHash === undefined ? {} : { qrTokenHash: d.qrTokenHash }),
  };
};

const requestCommon = (d: CommonInput, evaluation: Extract<ReturnEvaluation, { eligible: true }>, refundTiming: RefundTiming, now: string, review: boolean) => ({
  returnId: d.returnId,
  orderId: d.orderId,
  channel: d.channel as ReturnRequested['data']['channel'],
  status: review ? 'pending_approval' as const : 'authorized' as const,
  reviewReasons: evaluation.reviewReasons,
  lines: lineRecords(evaluation.lines, d.lines, d.snapshot.currency),
  order: orderTerms(d.snapshot),
  terms: freezeTerms(d.policy, new Set(evaluation.lines.map((l) => l.category)), refundTiming),
  at: now,
});

export const decideRequestReturn = ({ data: d, metadata }: RequestReturn, state: ReturnState): ReturnRequested[] => {
  validateCommon(d, metadata.now, state);
  const ship = shipment(d);
  const evaluation = requireEligible(evaluateReturn(d.policy, d.snapshot, { channel: d.channel, lines: d.lines }, metadata.now));
  const common = requestCommon(d, evaluation, refundTimingFor(d.policy, ship.method), metadata.now, evaluation.reviewReasons.length > 0);
  return [{ type: 'ReturnRequested', data: { ...common, ...ship, kind: 'return', wholeOrder: evaluation.wholeOrder } }];
};

const replacementRecords = (lines: readonly ReplacementLineInput[], currency: string): ReplacementLine[] =>
  lines.map((l) => ({
    lineId: l.lineId, sku: l.sku, quantity: l.quantity,
    unitPrice: { amount: l.unitPrice, currency }, taxPerUnit: { amount: l.taxPerUnit, currency },
  }));

export const decideRequestExchange = ({ data: d, metadata }: RequestExchange, state: ReturnState): ExchangeRequested[] => {
  validateCommon(d, metadata.now, state);
  const ship = shipment(d);
  checkReference(d.exchangeOrderId, 'exchangeOrderId');
  check(d.exchangeOrderId !== d.orderId, 'exchangeOrderId', 'must be a new order, not the original one', d.exchangeOrderId);
  validateReplacementLines(d.replacementLines, 'replacementLines');
  const evaluation = requireEligible(evaluateReturn(d.policy, d.snapshot, { channel: d.channel, lines: d.lines }, metadata.now));
  const currency = d.snapshot.currency;
  const { returnedValue, replacementValue, difference } = exchangeDifference(
    evaluation.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPricePaid, taxPerUnit: l.taxPerUnit })),
    d.replacementLines, d.snapshot.taxInclusive, currency,
  );
  const common = requestCommon(d, evaluation, refundTimingFor(d.policy, ship.method), metadata.now, evaluation.reviewReasons.length > 0);
  return [{
    type: 'ExchangeRequested',
    data: {
      ...common, ...ship, kind: 'exchange', wholeOrder: evaluation.wholeOrder,
      replacement: {
        orderId: d.exchangeOrderId, lines: replacementRecords(d.replacementLines, currency), reserveImmediately: true,
        releaseWhen: difference.direction === 'charge' ? 'difference_paid' : 'immediately',
      },
      returnedValue: { amount: fmt(returnedValue, currency), currency },
      replacementValue: { amount: fmt(replacementValue, currency), currency },
      moneyDifference: difference,
    },
  }];
};

export const decideOpenClaim = ({ data: d, metadata }: OpenClaim, state: ReturnState): ClaimOpened[] => {
  validateCommon(d, metadata.now, state, CLAIM_REASONS);
  check(d.resolution === 'refund' || d.resolution === 'replace', 'resolution', 'must be refund or replace', d.resolution);
  if (d.resolution === 'replace') {
    checkReference(d.replacementOrderId, 'replacementOrderId');
    check(d.replacementOrderId !== d.orderId, 'replacementOrderId', 'must be a new order, not the original one');
    validateReplacementLines(d.replacementLines, 'replacementLines');
  } else {
    check(d.replacementOrderId === undefined && d.replacementLines === undefined, 'replacementLines', 'apply only to the replace resolution');
  }
  const evaluation = requireEligible(evaluateClaim(d.policy, d.snapshot, d.lines, metadata.now));
  const review = d.policy.claims?.requireApproval === true || evaluation.reviewReasons.length > 0;
  const common = requestCommon(d, evaluation, 'on_request', metadata.now, review);
  const claimReasons = [...new Set(evaluation.lines.map((l) => l.reason as ClaimReason))];
  return [{
    type: 'ClaimOpened',
    data: {
      ...common, kind: 'claim', claimReasons, resolution: d.resolution,
      ...(d.resolution === 'replace'
        ? { replacement: { orderId: d.replacementOrderId!, lines: replacementRecords(d.replacementLines!, d.snapshot.currency) } }
        : {}),
    },
  }];
};
