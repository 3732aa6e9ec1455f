import { orderDecider, orderStreamName, orderTotals, type Order } from '../../domain/order/index.js';
import { deriveCommandId } from '../eventIds.js';
import { orderIdFor, placeOrder } from '../orders/placeOrder.js';
import { openAddress } from '../privacy/addressPrivacy.js';
import { loadAggregate } from '../commandHandler.js';
import { isPlaced } from '../../domain/order/index.js';
import { ConflictError } from '../../domain/shared/errors.js';
import { recordPayment } from './payAtGateway.js';
import type { ReturnCommandMeta } from './returnCommandMeta.js';
import type { ReturnDeps } from './returnDeps.js';

export const EXCHANGE_CREDIT_METHOD = 'exchange_credit';
const KEY_SCOPE = 'returns';

/**
 * Places the linked order of an exchange or a replacement claim through the normal checkout
 * (`placeOrder`: catalog, sourcing, stock reserved at once with an expiring hold the fulfilment
 * process confirms), for the original order's customer, channel and delivery. Its id derives from
 * the return id, so a retried request finds the same order. Returns the placed order's id.
 */
export const placeLinkedOrder = async (
  deps: ReturnDeps, original: Order, returnId: string, lines: readonly Readonly<{ sku: string; quantity: number }>[], meta: ReturnCommandMeta,
): Promise<string> => {
  // The original address, opened (its personal part is sealed): the linked order seals it again.
  const d = await openAddress(deps.addressSealer, original.destination);
  const ship = d?.lat !== undefined && d.lng !== undefined && original.pickupNode === undefined;
  const idempotencyKey = `linked:${returnId}`;
  // Pledged before the order exists: its fulfilment must wait for the exchange credit, not charge a card.
  const linkedOrderId = orderIdFor(KEY_SCOPE, idempotencyKey);
  await recordPayment(deps, linkedOrderId, {
    type: 'ExchangeCreditPledged',
    data: { orderId: linkedOrderId, returnId, operationKey: deriveCommandId(returnId, 'exchange-credit-pledge') },
  }, meta.now);
  const placed = await placeOrder(deps, {
    channel: original.channel,
    customerId: original.customerId,
    currency: original.currency,
    deliveryMethod: ship ? original.deliveryMethod : 'pickup',
    ...(ship ? { destination: { ...d, lat: d!.lat!, lng: d!.lng! } } : {}),
    ...(!ship && original.pickupNode ? { pickupNode: original.pickupNode } : {}),
    lines,
    locale: original.locale,
  }, { idempotencyKey, keyScope: KEY_SCOPE, now: meta.now, actor: meta.actor });
  return placed.order.orderId;
};

/**
 * Pays the linked order with exchange credit: the returned (or missing) goods fund it, so the
 * customer is not charged again. The credit is an authorization at the gateway (so the fulfilment
 * process captures it on shipment like any tender), recorded on the order and, for the finance
 * ledger, as a PaymentAuthorized fact on `process-returnPayments-<orderId>`.
 */
export const creditLinkedOrder = async (deps: ReturnDeps, linkedOrderId: string, returnId: string, meta: ReturnCommandMeta): Promise<void> => {
  const { state } = await loadAggregate(deps.eventStore, orderDecider, orderStreamName(linkedOrderId));
  if (!isPlaced(state)) throw new ConflictError('LINKED_ORDER_MISSING', `linked order ${linkedOrderId} was not placed`, { orderId: linkedOrderId });
  if (state.tenders.some((t) => t.method === EXCHANGE_CREDIT_METHOD)) return;
  const total = orderTotals(state).total;
  if (/^0*(\.0*)?$/.test(total.amount)) return;
  const key = deriveCommandId(returnId, 'exchange-credit');
  const auth = await deps.gateway.authorize({ idempotencyKey: key, orderId: linkedOrderId, customerId: `exchange-credit-${returnId}`, amount: total });
  await recordPayment(deps, linkedOrderId, {
    type: 'PaymentAuthorized',
    data: { orderId: linkedOrderId, channel: state.channel, tenderId: auth.authorizationId, method: EXCHANGE_CREDIT_METHOD, amount: auth.amount, at: meta.now, operationKey: key, reference: auth.authorizationId, returnId },
  }, meta.now);
  await deps.commands.handle(orderDecider, orderStreamName(linkedOrderId), {
    type: 'RecordPaymentAuthorized', data: { tenderId: auth.authorizationId, method: EXCHANGE_CREDIT_METHOD, amount: auth.amount },
    metadata: { now: meta.now, commandId: deriveCommandId(key, 'record'), actor: meta.actor, correlationId: linkedOrderId },
  });
};
