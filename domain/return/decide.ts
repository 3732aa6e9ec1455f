import { ConflictError, ValidationError } from '../shared/errors.js';
import { dec } from './amounts.js';
import type { ApproveReturn, CancelReturn, CloseReturn, RecordInTransit, RejectReturn, ReturnCommand } from './commands.js';
import { decideReceiveReturn } from './decideReceipt.js';
import { decideIssueRefund, decideSettleExchangeDifference } from './decideRefund.js';
import { decideOpenClaim, decideRequestExchange, decideRequestReturn } from './decideRequest.js';
import type { ReturnEvent } from './events.js';
import { existing, requireKind, requireStatus } from './guards.js';
import { computeLineRefund } from './refundCalculation.js';
import { countOf, type ReturnState } from './state.js';
import { check, checkOptionalLabel } from './validateReturnInput.js';

const requireReason = (reason: unknown): string => {
  check(typeof reason === 'string' && reason.trim().length > 0 && reason.length <= 500, 'reason', 'must be non-empty text of at most 500 characters', reason);
  return reason as string;
};

const approve = ({ data: d, metadata }: ApproveReturn, s: ReturnState): ReturnEvent[] => {
  const state = existing(s, d.returnId);
  if (['authorized', 'in_transit', 'partially_received', 'received'].includes(state.status)) return [];
  requireStatus(state, ['pending_approval'], 'approve');
  checkOptionalLabel(d.note, 'note');
  return [{ type: 'ReturnApproved', data: { returnId: d.returnId, ...(d.note === undefined ? {} : { note: d.note }), at: metadata.now } }];
};

const released = (state: ReturnState) => state.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity }));

const reject = ({ data: d, metadata }: RejectReturn, s: ReturnState): ReturnEvent[] => {
  const state = existing(s, d.returnId);
  if (state.status === 'rejected') return [];
  if (state.status !== 'pending_approval') {
    throw new ConflictError('INVALID_RETURN_TRANSITION', `only returns awaiting approval can be rejected; ${d.returnId} is ${state.status}`, { returnId: d.returnId, status: state.status });
  }
  return [{ type: 'ReturnRejected', data: { returnId: d.returnId, orderId: state.orderId!, reason: requireReason(d.reason), lines: released(state), at: metadata.now } }];
};

/** Box-free returns are handed over with a QR code: the scanned token's hash must be the one issued. */
const inTransit = ({ data: d, metadata }: RecordInTransit, s: ReturnState): ReturnEvent[] => {
  const state = existing(s, d.returnId);
  requireKind(state, ['return', 'exchange'], 'ship goods back');
  if (state.method === 'in_store') throw new ConflictError('INVALID_RETURN_TRANSITION', 'in-store returns are not shipped', { returnId: d.returnId });
  requireStatus(state, ['authorized', 'in_transit'], 'record a shipment');
  for (const f of ['carrier', 'trackingNumber', 'labelId'] as const) checkOptionalLabel(d[f], f, 128);
  if (state.method === 'box_free') {
    check(d.qrTokenHash !== undefined, 'qrTokenHash', 'is required for box-free returns');
    if (d.qrTokenHash !== state.qrTokenHash) throw new ValidationError('QR_TOKEN_MISMATCH', 'the scanned QR token does not belong to this return', { returnId: d.returnId });
  } else {
    check(d.qrTokenHash === undefined, 'qrTokenHash', 'applies only to box-free returns');
  }
  const tracking = {
    ...(d.carrier === undefined ? {} : { carrier: d.carrier }),
    ...(d.trackingNumber === undefined ? {} : { trackingNumber: d.trackingNumber }),
    ...(d.labelId === undefined ? {} : { labelId: d.labelId }),
  };
  if (state.status === 'in_transit' && JSON.stringify(tracking) === JSON.stringify(state.tracking)) return [];
  return [{ type: 'ReturnInTransit', data: { returnId: d.returnId, ...tracking, qrTokenVerified: state.method === 'box_free', at: metadata.now } }];
};

/** Cancelling is possible until goods arrive or money moves; afterwards the return must be closed. */
const cancel = ({ data: d, metadata }: CancelReturn, s: ReturnState): ReturnEvent[] => {
  const state = existing(s, d.returnId);
  if (state.status === 'cancelled') return [];
  requireStatus(state, ['pending_approval', 'authorized', 'in_transit'], 'cancel');
  const moneyMoved = state.refundIds.length > 0 || (state.exchange !== null && !dec(state.exchange.settled).isZero());
  if (state.receiptIds.length > 0 || moneyMoved) {
    throw new ConflictError('RETURN_NOT_CANCELLABLE', `return ${d.returnId} already has receipts or money movements; close it instead`, { returnId: d.returnId });
  }
  return [{ type: 'ReturnCancelled', data: { returnId: d.returnId, orderId: state.orderId!, reason: requireReason(d.reason), lines: released(state), at: metadata.now } }];
};

/**
 * Closing settles the return: nothing may still be refundable or chargeable. Units never received
 * are listed so the order can release them (a return closed half-received does not keep them).
 */
const close = ({ data: d, metadata }: CloseReturn, s: ReturnState): ReturnEvent[] => {
  const state = existing(s, d.returnId);
  if (state.status === 'closed') return [];
  requireStatus(state, ['authorized', 'in_transit', 'partially_received', 'received'], 'close');
  checkOptionalLabel(d.note, 'note');
  const nothingReceived = state.lines.every((l) => countOf(l.received) === 0);
  const refundedOnRequest = state.terms!.refundTiming === 'on_request' && state.refundIds.length > 0;
  if (state.kind !== 'claim' && nothingReceived && !refundedOnRequest) {
    throw new ConflictError('RETURN_NOT_RECEIVED', `nothing of return ${d.returnId} was received; cancel it instead`, { returnId: d.returnId });
  }
  const owesLines = state.kind !== 'exchange' && !(state.kind === 'claim' && state.claim?.resolution === 'replace')
    && computeLineRefund(state).lines.length > 0;
  if (owesLines) throw new ConflictError('RETURN_HAS_PENDING_REFUND', `return ${d.returnId} still has a refund due; issue it first`, { returnId: d.returnId });
  const ex = state.exchange;
  if (ex !== null && ex.difference.direction !== 'none' && !dec(ex.settled).equals(ex.difference.amount)) {
    throw new ConflictError('EXCHANGE_DIFFERENCE_OUTSTANDING', `the exchange difference of ${d.returnId} is not settled`, { returnId: d.returnId, difference: ex.difference, settled: ex.settled });
  }
  const unreceived = state.kind === 'claim' ? [] : state.lines
    .map((l) => ({ lineId: l.lineId, quantity: l.quantity - countOf(l.received) }))
    .filter((l) => l.quantity > 0);
  return [{ type: 'ReturnClosed', data: { returnId: d.returnId, orderId: state.orderId!, unreceived, ...(d.note === undefined ? {} : { note: d.note }), at: metadata.now } }];
};

export const decideReturn = (command: ReturnCommand, state: ReturnState): ReturnEvent[] => {
  switch (command.type) {
    case 'RequestReturn': return decideRequestReturn(command, state);
    case 'RequestExchange': return decideRequestExchange(command, state);
    case 'OpenClaim': return decideOpenClaim(command, state);
    case 'ApproveReturn': return approve(command, state);
    case 'RejectReturn': return reject(command, state);
    case 'RecordInTransit': return inTransit(command, state);
    case 'ReceiveReturn': return decideReceiveReturn(command, state);
    case 'IssueRefund': return decideIssueRefund(command, state);
    case 'SettleExchangeDifference': return decideSettleExchangeDifference(command, state);
    case 'CancelReturn': return cancel(command, state);
    case 'CloseReturn': return close(command, state);
    default: {
      const unknown: never = command;
      throw new ValidationError('UNKNOWN_COMMAND', `unknown return command ${(unknown as { type: string }).type}`);
    }
  }
};
