import { ConflictError } from '../../shared/errors.js';
import { fromJson, toJson, zero } from '../../shared/money.js';
import { orderTotals } from '../amounts.js';
import type { ApproveReview, PlaceOnFraudHold, RecordPaymentAuthorized, RecordPaymentDeclined, RecordPaymentPending, RejectReview } from '../commands.js';
import type { OrderEvent } from '../events.js';
import { covers } from '../payments.js';
import type { Order, Tender } from '../state.js';
import { actorOf } from './common.js';
import { cancelEverything } from './changes.js';

export const placeOnFraudHold = (c: PlaceOnFraudHold): OrderEvent[] => [
  { type: 'OrderFraudHoldPlaced', data: { reasons: [...c.data.reasons], at: c.metadata.now } },
];

export const approveReview = (c: ApproveReview): OrderEvent[] => [
  { type: 'OrderFraudReviewApproved', data: { actor: actorOf(c.metadata), ...(c.data.note ? { note: c.data.note } : {}), at: c.metadata.now } },
];

/** A rejected review cancels the whole order: reservations released, authorizations voided. */
export const rejectReview = (c: RejectReview, order: Order): OrderEvent[] => {
  const actor = actorOf(c.metadata);
  return [
    { type: 'OrderFraudReviewRejected', data: { actor, reasons: [...c.data.reasons], at: c.metadata.now } },
    cancelEverything(order, actor, `fraud review rejected: ${c.data.reasons.join('; ')}`),
  ];
};

const tenderOf = (order: Order, tenderId: string): Tender | undefined => order.tenders.find((t) => t.tenderId === tenderId);

/** Payment webhooks are retried: the same fact twice is a no-op, a contradicting one a conflict. */
const conflict = (tender: Tender, what: string) =>
  new ConflictError('TENDER_CONFLICT', `tender ${tender.tenderId} is ${tender.status} for ${tender.authorized.amount || tender.requested.amount}; cannot record ${what}`, {
    tenderId: tender.tenderId,
    status: tender.status,
  });

export const recordPaymentAuthorized = (c: RecordPaymentAuthorized, order: Order): OrderEvent[] => {
  const amount = toJson(fromJson(c.data.amount));
  const existing = tenderOf(order, c.data.tenderId);
  if (existing?.status === 'authorized') {
    if (existing.authorized.amount === amount.amount) return [];
    throw conflict(existing, `an authorization of ${amount.amount}`);
  }
  const capturedAtAuthorization = c.data.captured === true ? amount : toJson(zero(order.currency));
  const tender: Tender = {
    tenderId: c.data.tenderId,
    method: c.data.method,
    status: 'authorized',
    requested: amount,
    authorized: amount,
    captured: capturedAtAuthorization,
    refunded: toJson(zero(order.currency)),
    voided: toJson(zero(order.currency)),
  };
  const tenders = [...order.tenders.filter((t) => t.tenderId !== tender.tenderId), tender];
  const coversOrder = covers(tenders, fromJson(orderTotals(order).total));
  return [{ type: 'OrderPaymentAuthorized', data: { tenderId: c.data.tenderId, method: c.data.method, amount, capturedAtAuthorization, coversOrder } }];
};

export const recordPaymentPending = (c: RecordPaymentPending, order: Order): OrderEvent[] => {
  const amount = toJson(fromJson(c.data.amount));
  const existing = tenderOf(order, c.data.tenderId);
  if (existing?.status === 'pending' && existing.requested.amount === amount.amount) return [];
  if (existing?.status === 'authorized') throw conflict(existing, 'a pending payment');
  return [{ type: 'OrderPaymentMarkedPending', data: { tenderId: c.data.tenderId, method: c.data.method, amount } }];
};

export const recordPaymentDeclined = (c: RecordPaymentDeclined, order: Order): OrderEvent[] => {
  const amount = toJson(fromJson(c.data.amount));
  const existing = tenderOf(order, c.data.tenderId);
  if (existing?.status === 'declined') return [];
  if (existing?.status === 'authorized') throw conflict(existing, 'a decline');
  return [{ type: 'OrderPaymentDeclined', data: { tenderId: c.data.tenderId, method: c.data.method, amount, reason: c.data.reason } }];
};
