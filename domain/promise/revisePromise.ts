import { ValidationError } from '../shared/errors.js';
import { dayFromIsoDate } from './calendarDays.js';
import type { PromiseOption, PromiseQuote } from './types.js';

/**
 * A promise revision: the old commitment, why it no longer holds, and the new one picked from a
 * fresh quote. Recorded as an event (PromiseRevised) so promise accuracy and the number of
 * revisions per order/node/carrier can be measured later.
 */
export const REVISION_REASONS = ['REJECTION', 'LATE_SUPPLY', 'MISSED_HANDOVER', 'CAPACITY', 'CUSTOMER_CHANGE'] as const;
export type RevisionReasonCode = (typeof REVISION_REASONS)[number];

export type RevisionReason = Readonly<{ code: RevisionReasonCode; detail?: string; nodeId?: string }>;

export type PromiseRevision = Readonly<{
  revisedAt: string;
  reason: RevisionReason;
  previous: PromiseOption;
  /** null when the fresh quote has nothing for this order any more (e.g. all stock gone). */
  revised: PromiseOption | null;
  /** The customer-facing date before and after: deliverBy for delivery, readyBy's date for pickups. */
  previousDate: string;
  revisedDate: string | null;
  /** Positive = later than promised. */
  slipDays: number | null;
  direction: 'later' | 'earlier' | 'same' | 'withdrawn';
  explanation: readonly string[];
}>;

export const customerDate = (o: PromiseOption): string => (o.method === 'delivery' ? o.deliverBy : o.readyBy.slice(0, 10));

const sameKind = (a: PromiseOption, b: PromiseOption): boolean => {
  if (a.method !== b.method) return false;
  if (a.method === 'delivery' && b.method === 'delivery') return a.service === b.service;
  if (a.method === 'pickup' && b.method === 'pickup') return a.node === b.node;
  if (a.method === 'shipToStore' && b.method === 'shipToStore') return a.pickupNode === b.pickupNode;
  return false;
};

const usesNode = (o: PromiseOption, nodeId: string): boolean =>
  o.method === 'delivery' ? o.nodes.some((n) => n.nodeId === nodeId) : o.method === 'pickup' ? o.node === nodeId : o.shipFrom === nodeId;

/**
 * Keeps what the customer chose (same method and service / store) and moves only the date; a
 * rejecting node is never offered again. Falls back to the earliest option of the same method.
 */
export const revisePromise = (previous: PromiseOption, reason: RevisionReason, newQuote: PromiseQuote): PromiseRevision => {
  if (!REVISION_REASONS.includes(reason.code)) {
    throw new ValidationError('INVALID_REVISION_REASON', `unknown revision reason: ${reason.code}`, { code: reason.code });
  }
  const usable = newQuote.options.filter((o) => !(reason.code === 'REJECTION' && reason.nodeId && usesNode(o, reason.nodeId)));
  const revised = usable.find((o) => sameKind(o, previous)) ?? usable.find((o) => o.method === previous.method) ?? null;
  const previousDate = customerDate(previous);
  const explanation = [`${reason.code}${reason.nodeId ? ` at ${reason.nodeId}` : ''}${reason.detail ? `: ${reason.detail}` : ''}`];
  if (!revised) {
    explanation.push(`no ${previous.method} option left in the quote of ${newQuote.quotedAt} → promise withdrawn`);
    return { revisedAt: newQuote.quotedAt, reason, previous, revised: null, previousDate, revisedDate: null, slipDays: null, direction: 'withdrawn', explanation };
  }
  const revisedDate = customerDate(revised);
  const slipDays = dayFromIsoDate(revisedDate) - dayFromIsoDate(previousDate);
  explanation.push(`promised ${previousDate} → now ${revisedDate} (${slipDays >= 0 ? '+' : ''}${slipDays} day(s))`, ...revised.explanation);
  return {
    revisedAt: newQuote.quotedAt,
    reason,
    previous,
    revised,
    previousDate,
    revisedDate,
    slipDays,
    direction: slipDays > 0 ? 'later' : slipDays < 0 ? 'earlier' : 'same',
    explanation,
  };
};
