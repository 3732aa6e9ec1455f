import { ConflictError, ValidationError } from '../shared/errors.js';
import { dec, fmt, isAmount, maxDec, ZERO } from './amounts.js';
import { allocateRefund, type RefundableTender } from './allocateRefund.js';
import type { IssueRefund, SettleExchangeDifference } from './commands.js';
import type { ExchangeDifferenceCharged, RefundIssued } from './events.js';
import { existing, requireKind, requireStatus } from './guards.js';
import { computeLineRefund } from './refundCalculation.js';
import { fullyReceived, type ReturnState } from './state.js';
import { check, checkReference } from './validateReturnInput.js';

/** What each tender can still take back: the frozen balances, tightened by current ones when supplied. */
const refundableTenders = (state: ReturnState, current: IssueRefund['data']['tenders']): RefundableTender[] => {
  if (current !== undefined) {
    check(Array.isArray(current), 'tenders', 'must be a list of tender balances');
    current.forEach((t, i) => check(isAmount(t.captured) && isAmount(t.refunded), `tenders[${i}]`, 'captured and refunded must be non-negative decimal strings'));
  }
  return state.tenders.map((t) => {
    const known = dec(t.refundedBefore).plus(t.refundedHere);
    const now = current?.find((c) => c.tenderId === t.tenderId);
    return {
      tenderId: t.tenderId, method: t.method,
      captured: now?.captured ?? t.captured,
      refunded: (now === undefined ? known : maxDec(known, dec(now.refunded))).toFixed(),
    };
  });
};

const REFUNDABLE_STATUSES = ['authorized', 'in_transit', 'partially_received', 'received'] as const;

const notDue = (state: ReturnState, why: string): ConflictError =>
  new ConflictError('REFUND_NOT_YET_DUE', why, { returnId: state.returnId, status: state.status, timing: state.terms?.refundTiming });

const nothing = (state: ReturnState, why: string): ConflictError =>
  new ConflictError('NOTHING_TO_REFUND', why, { returnId: state.returnId, status: state.status });

/**
 * Refunds what is due now under the frozen terms: lines (tax included, minus restocking fees, plus
 * shipping when the rule says) for returns and claims, the difference for an exchange whose
 * returned goods are worth more. The amount is computed, never supplied, and split over the
 * order's tenders without exceeding what each can take back. A refund id already used is a no-op.
 */
export const decideIssueRefund = ({ data: d, metadata }: IssueRefund, s: ReturnState): RefundIssued[] => {
  const state = existing(s, d.returnId);
  checkReference(d.refundId, 'refundId');
  if (state.refundIds.includes(d.refundId)) return [];
  requireStatus(state, REFUNDABLE_STATUSES, 'refund');
  const order = state.order!;
  const terms = state.terms!;
  const currency = order.currency;
  const money = (v: typeof ZERO) => ({ amount: fmt(v, currency), currency });
  let basis: RefundIssued['data']['basis'] = 'lines';
  let computation = { lines: [] as RefundIssued['data']['lines'], shipping: ZERO, fees: ZERO, total: ZERO };

  if (state.kind === 'exchange') {
    const ex = state.exchange!;
    if (ex.difference.direction !== 'refund') throw nothing(state, `exchange ${state.returnId} owes the customer nothing (${ex.difference.direction})`);
    const outstanding = dec(ex.difference.amount).minus(ex.settled);
    if (outstanding.lessThanOrEqualTo(0)) throw nothing(state, `the exchange difference of ${state.returnId} is already refunded`);
    if (terms.refundTiming === 'on_receipt' && !fullyReceived(state)) throw notDue(state, 'the exchange difference is refunded once the returned goods are received');
    basis = 'exchange_difference';
    computation = { ...computation, total: outstanding };
  } else {
    if (state.kind === 'claim' && state.claim?.resolution === 'replace') throw nothing(state, `claim ${state.returnId} is resolved by a replacement, not a refund`);
    computation = { ...computeLineRefund(state) };
    if (computation.lines.length === 0) {
      if (terms.refundTiming === 'on_receipt' && state.kind === 'return' && !fullyReceived(state)) {
        throw notDue(state, `return ${state.returnId} is refunded on receipt and no unrefunded goods have been received`);
      }
      throw nothing(state, `everything refundable on return ${state.returnId} has been refunded`);
    }
  }
  const tenders = allocateRefund(computation.total, currency, refundableTenders(state, d.tenders), terms.tenderOrder);
  return [{
    type: 'RefundIssued',
    data: {
      returnId: state.returnId!, refundId: d.refundId, orderId: state.orderId!, orderChannel: order.channel, kind: state.kind!,
      basis, timing: state.kind === 'claim' ? 'on_request' : terms.refundTiming, lines: computation.lines,
      shipping: money(computation.shipping), restockingFees: money(computation.fees), total: money(computation.total),
      tenders, at: metadata.now,
    },
  }];
};

/** The customer pays what an exchange for dearer goods costs more; the replacement is released after. */
export const decideSettleExchangeDifference = ({ data: d, metadata }: SettleExchangeDifference, s: ReturnState): ExchangeDifferenceCharged[] => {
  const state = existing(s, d.returnId);
  requireKind(state, ['exchange'], 'charge an exchange difference');
  requireStatus(state, REFUNDABLE_STATUSES, 'charge the exchange difference');
  const ex = state.exchange!;
  if (ex.difference.direction !== 'charge') {
    throw new ConflictError('NOTHING_TO_CHARGE', `exchange ${state.returnId} does not cost the customer more (${ex.difference.direction})`, { returnId: state.returnId });
  }
  checkReference(d.tenderId, 'tenderId');
  check(typeof d.method === 'string' && d.method.length > 0, 'method', 'is required');
  check(isAmount(d.amount), 'amount', 'must be a non-negative decimal string', d.amount);
  const outstanding = dec(ex.difference.amount).minus(ex.settled);
  if (outstanding.lessThanOrEqualTo(0)) throw new ConflictError('NOTHING_TO_CHARGE', `the difference of exchange ${state.returnId} is already paid`, { returnId: state.returnId });
  if (!dec(d.amount).equals(outstanding)) {
    throw new ValidationError('EXCHANGE_DIFFERENCE_MISMATCH', `the exchange difference due is ${fmt(outstanding, ex.difference.currency)} ${ex.difference.currency}, not ${d.amount}`, {
      expected: fmt(outstanding, ex.difference.currency), actual: d.amount,
    });
  }
  return [{
    type: 'ExchangeDifferenceCharged',
    data: {
      returnId: state.returnId!, orderId: state.orderId!, orderChannel: state.order!.channel, tenderId: d.tenderId, method: d.method,
      amount: { amount: fmt(outstanding, ex.difference.currency), currency: ex.difference.currency }, at: metadata.now,
    },
  }];
};
