import type { FulfilmentNode } from '../../../../domain/network/node.js';
import type {
  ApproveReturn, CancelReturn, CloseReturn, IssueRefund, OpenClaim, ReceiveReturn, RecordInTransit, RejectReturn,
  RequestExchange, RequestReturn, SettleExchangeDifference,
} from '../../../../domain/return/commands.js';
import type { ReturnEvent } from '../../../../domain/return/events.js';
import { returnDecider } from '../../../../domain/return/index.js';
import type { ReturnPolicy } from '../../../../domain/return/policy.js';
import { routeReturn, type ReturnRoutingDecision } from '../../../../domain/return/routeReturn.js';
import type { ReturnableLine, ReturnableOrderSnapshot } from '../../../../domain/return/snapshot.js';
import type { ReturnMethod } from '../../../../domain/return/vocabulary.js';
import { commandOf, DEFAULT_NOW, specFor } from '../support/givenWhenThen.js';

export { DEFAULT_NOW };
export const given = specFor(returnDecider);

/** Policy used across the tests: 30 days, electronics 14 (7 on marketplace), hygiene not accepted opened. */
export const policy = (over: Partial<ReturnPolicy> = {}): ReturnPolicy => ({
  policyId: 'default',
  version: 3,
  window: { defaultDays: 30, startsAt: 'delivery', overrides: [{ category: 'electronics', days: 14 }, { category: 'electronics', channel: 'marketplace', days: 7 }] },
  nonReturnable: { categories: ['gift_cards'], skus: ['SKU-FINAL'] },
  conditionRules: [{ category: 'hygiene', condition: 'opened', accepted: false, disposition: 'dispose' }],
  restockingFees: [{ category: 'electronics', condition: 'opened', rate: '0.15' }, { condition: 'damaged', rate: '0.50' }],
  shippingRefund: { onWholeOrder: true, onMerchantFault: true },
  refundTiming: { default: 'on_receipt' },
  tenderOrder: ['store_credit', 'card', 'paypal', 'gift_card'],
  ...over,
});

export const line = (over: Partial<ReturnableLine> & Pick<ReturnableLine, 'lineId'>): ReturnableLine => ({
  sku: `SKU-${over.lineId}`, category: 'apparel', quantityDelivered: 1, quantityReturned: 0,
  unitPricePaid: '10.00', taxPerUnit: '1.67', deliveredAt: '2025-02-10T12:00:00.000Z', shippedFromNode: 'dc-paris', returnable: true,
  ...over,
});

/**
 * Web order O1 in EUR, tax inclusive: 2 shirts at 40, a phone at 300, 3 soaps at 5, shipping 4.90
 * (total 399.90), paid 100 by gift card and 299.90 by card.
 */
export const snapshot = (over: Partial<ReturnableOrderSnapshot> = {}): ReturnableOrderSnapshot => ({
  orderId: 'O1', channel: 'web', currency: 'EUR', taxInclusive: true, purchasedAt: '2025-02-01T09:00:00.000Z',
  lines: [
    line({ lineId: 'L1', sku: 'SHIRT-1', category: 'apparel', quantityDelivered: 2, unitPricePaid: '40.00', taxPerUnit: '6.67' }),
    line({ lineId: 'L2', sku: 'PHONE-1', category: 'electronics', unitPricePaid: '300.00', taxPerUnit: '50.00', deliveredAt: '2025-02-20T12:00:00.000Z' }),
    line({ lineId: 'L3', sku: 'SOAP-1', category: 'hygiene', quantityDelivered: 3, unitPricePaid: '5.00', taxPerUnit: '0.83' }),
  ],
  tenders: [
    { tenderId: 'T-gc', method: 'gift_card', captured: '100.00', refunded: '0.00' },
    { tenderId: 'T-card', method: 'card', captured: '299.90', refunded: '0.00' },
  ],
  shipping: { charged: '4.90', refunded: '0.00' },
  ...over,
});

export const node = (id: string, over: Partial<FulfilmentNode> = {}): FulfilmentNode => ({
  id, type: 'dc', name: id, location: { lat: 48.8566, lng: 2.3522, country: 'FR', timezone: 'Europe/Paris' },
  capabilities: ['ship', 'returns'], processingHours: 24, cutoffLocal: '14:00',
  calendar: { workingDays: [1, 2, 3, 4, 5], holidays: [] }, dailyCapacity: 1000, status: 'open', blockedChannels: [], version: 1,
  ...over,
});

export const PARIS = { lat: 48.8566, lng: 2.3522 };
export const LYON = { lat: 45.764, lng: 4.8357 };
export const LILLE = { lat: 50.6292, lng: 3.0573 };

export const nodes: FulfilmentNode[] = [
  node('dc-paris'),
  node('store-lyon', { type: 'store', location: { ...LYON, country: 'FR', timezone: 'Europe/Paris' }, capabilities: ['pickup', 'returns'] }),
  node('dc-lille', { location: { ...LILLE, country: 'FR', timezone: 'Europe/Paris' } }),
];

/** A routing decision straight to `nodeId` (only that node is offered). */
export const routedTo = (nodeId: string, method: ReturnMethod = 'carrier_label'): ReturnRoutingDecision =>
  routeReturn({
    lines: [{ sku: 'X', quantity: 1 }], nodes: nodes.filter((n) => n.id === nodeId), stockNeed: [], method,
    ...(method === 'in_store' ? { dropOffNodeId: nodeId } : {}),
  });

export const QR_HASH = 'a3f1c2'.padEnd(64, '0');

type ReqData = RequestReturn['data'];
export const requestReturn = (over: Partial<ReqData> = {}, now = DEFAULT_NOW): RequestReturn =>
  commandOf<RequestReturn>('RequestReturn', {
    returnId: 'R1', orderId: 'O1', channel: 'web', method: 'carrier_label',
    lines: [{ lineId: 'L1', quantity: 1, reason: 'wrong_size' }],
    snapshot: snapshot(), policy: policy(), routing: routedTo('dc-paris'),
    ...over,
  }, { now });

export const requestExchange = (over: Partial<RequestExchange['data']> = {}, now = DEFAULT_NOW): RequestExchange =>
  commandOf<RequestExchange>('RequestExchange', {
    returnId: 'X1', orderId: 'O1', channel: 'web', method: 'carrier_label',
    lines: [{ lineId: 'L1', quantity: 1, reason: 'wrong_size' }],
    snapshot: snapshot(), policy: policy(), routing: routedTo('dc-paris'),
    exchangeOrderId: 'O1-X1', replacementLines: [{ lineId: 'N1', sku: 'SHIRT-1-L', quantity: 1, unitPrice: '40.00', taxPerUnit: '6.67' }],
    ...over,
  }, { now });

export const openClaim = (over: Partial<OpenClaim['data']> = {}, now = DEFAULT_NOW): OpenClaim =>
  commandOf<OpenClaim>('OpenClaim', {
    returnId: 'C1', orderId: 'O1', channel: 'call_center', lines: [{ lineId: 'L1', quantity: 1, reason: 'missing' }],
    snapshot: snapshot(), policy: policy(), resolution: 'refund',
    ...over,
  }, { now });

export const approve = (returnId = 'R1') => commandOf<ApproveReturn>('ApproveReturn', { returnId });
export const reject = (returnId = 'R1', reason = 'photos show wear') => commandOf<RejectReturn>('RejectReturn', { returnId, reason });
export const inTransit = (data: Partial<RecordInTransit['data']> = {}) =>
  commandOf<RecordInTransit>('RecordInTransit', { returnId: 'R1', carrier: 'colissimo', trackingNumber: '6A123', ...data });
export const receive = (lines: ReceiveReturn['data']['lines'], over: Partial<ReceiveReturn['data']> = {}) =>
  commandOf<ReceiveReturn>('ReceiveReturn', { returnId: 'R1', receiptId: 'RC1', nodeId: 'dc-paris', lines, ...over });
export const refund = (refundId = 'RF1', returnId = 'R1') => commandOf<IssueRefund>('IssueRefund', { returnId, refundId });
export const settle = (amount: string, returnId = 'X1') =>
  commandOf<SettleExchangeDifference>('SettleExchangeDifference', { returnId, tenderId: 'T-new', method: 'card', amount });
export const cancel = (returnId = 'R1') => commandOf<CancelReturn>('CancelReturn', { returnId, reason: 'customer kept it' });
export const close = (returnId = 'R1') => commandOf<CloseReturn>('CloseReturn', { returnId });

/** Runs commands in order from an empty stream and returns every event decided. */
export const run = (...commands: Parameters<typeof returnDecider.decide>[0][]): ReturnEvent[] => {
  const events: ReturnEvent[] = [];
  let state = returnDecider.initialState();
  for (const c of commands) {
    const decided = returnDecider.decide(c, state);
    for (const e of decided) state = returnDecider.evolve(state, e);
    events.push(...decided);
  }
  return events;
};
