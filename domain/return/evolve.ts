import { dec } from './amounts.js';
import type { ReturnEvent } from './events.js';
import { addCount, fullyReceived, type ReturnLineState, type ReturnState } from './state.js';

const fromRequest = (state: ReturnState, data: Extract<ReturnEvent, { type: 'ReturnRequested' | 'ExchangeRequested' | 'ClaimOpened' }>['data']): ReturnState => ({
  ...state,
  status: data.status,
  kind: data.kind,
  returnId: data.returnId,
  orderId: data.orderId,
  channel: data.channel,
  order: data.order,
  terms: data.terms,
  lines: data.lines.map((l): ReturnLineState => ({ ...l, received: {}, refunded: {} })),
  tenders: data.order.tenders.map((t) => ({
    tenderId: t.tenderId, method: t.method, captured: t.captured.amount, refundedBefore: t.refunded.amount, refundedHere: '0',
  })),
});

/** Applies one event; events that cannot have been decided in the current state leave it unchanged (but counted). */
export const evolveReturn = (state: ReturnState, event: ReturnEvent): ReturnState => {
  const next = evolveData(state, event);
  return { ...next, version: state.version + 1 };
};

const evolveData = (state: ReturnState, event: ReturnEvent): ReturnState => {
  switch (event.type) {
    case 'ReturnRequested':
      return { ...fromRequest(state, event.data), method: event.data.method, receivingNodeId: event.data.receivingNodeId, qrTokenHash: event.data.qrTokenHash ?? null };
    case 'ExchangeRequested': {
      const d = event.data;
      return {
        ...fromRequest(state, d), method: d.method, receivingNodeId: d.receivingNodeId, qrTokenHash: d.qrTokenHash ?? null,
        exchange: { orderId: d.replacement.orderId, lines: d.replacement.lines, difference: d.moneyDifference, settled: '0' },
      };
    }
    case 'ClaimOpened':
      return { ...fromRequest(state, event.data), claim: { resolution: event.data.resolution, replacementOrderId: event.data.replacement?.orderId ?? null } };
    case 'ReturnApproved':
      return { ...state, status: 'authorized' };
    case 'ReturnRejected':
      return { ...state, status: 'rejected' };
    case 'ReturnInTransit': {
      const { carrier, trackingNumber, labelId } = event.data;
      return {
        ...state, status: 'in_transit',
        tracking: { ...(carrier === undefined ? {} : { carrier }), ...(trackingNumber === undefined ? {} : { trackingNumber }), ...(labelId === undefined ? {} : { labelId }) },
      };
    }
    case 'ReturnReceived': {
      const lines = state.lines.map((l) => event.data.lines
        .filter((r) => r.lineId === l.lineId)
        .reduce((acc, r) => ({ ...acc, received: addCount(acc.received, r.condition, r.quantity) }), l));
      const received = { ...state, lines, receiptIds: [...state.receiptIds, event.data.receiptId] };
      return { ...received, status: fullyReceived(received) ? 'received' : 'partially_received' };
    }
    case 'RefundIssued': {
      const d = event.data;
      const lines = state.lines.map((l) => d.lines
        .filter((r) => r.lineId === l.lineId)
        .reduce((acc, r) => ({ ...acc, refunded: addCount(acc.refunded, r.condition, r.quantity) }), l));
      const tenders = state.tenders.map((t) => {
        const paid = d.tenders.filter((x) => x.tenderId === t.tenderId).reduce((a, x) => a.plus(x.amount.amount), dec('0'));
        return paid.isZero() ? t : { ...t, refundedHere: dec(t.refundedHere).plus(paid).toFixed() };
      });
      const exchange = state.exchange !== null && d.basis === 'exchange_difference'
        ? { ...state.exchange, settled: dec(state.exchange.settled).plus(d.total.amount).toFixed() }
        : state.exchange;
      return {
        ...state, lines, tenders, exchange, refundIds: [...state.refundIds, d.refundId],
        shippingRefundedHere: dec(state.shippingRefundedHere).plus(d.shipping.amount).toFixed(),
      };
    }
    case 'ExchangeDifferenceCharged':
      return state.exchange === null ? state
        : { ...state, exchange: { ...state.exchange, settled: dec(state.exchange.settled).plus(event.data.amount.amount).toFixed() } };
    case 'ReturnCancelled':
      return { ...state, status: 'cancelled' };
    case 'ReturnClosed':
      return { ...state, status: 'closed' };
    default:
      return state;
  }
};
