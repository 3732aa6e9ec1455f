import type { ReplacementLineInput } from '../../domain/return/commands.js';
import type { ExchangeRequested } from '../../domain/return/events.js';
import { deriveCommandId } from '../eventIds.js';
import { resolveCatalogLines } from '../orders/cartLines.js';
import { orderIdFor } from '../orders/placeOrder.js';
import { returnDecider, returnStreamName } from '../../domain/return/index.js';
import { loadOrderWithReturns } from './orderReturns.js';
import { creditLinkedOrder, placeLinkedOrder } from './linkedOrder.js';
import { refundIfDue } from './issueRefund.js';
import { recordPayment } from './payAtGateway.js';
import { qrTokenFor, qrTokenHash, resolveLines, shipmentPart, type RequestResult, type RequestReturnInput } from './requestReturn.js';
import { metadataOf, returnIdFor, type ReturnCommandMeta } from './returnCommandMeta.js';
import type { ReturnDeps } from './returnDeps.js';
import { returnSettings } from './returnSettings.js';
import { submitRequest } from './submitRequest.js';
import { returnView } from './returnView.js';

export type RequestExchangeInput = RequestReturnInput & Readonly<{ replacement: readonly Readonly<{ sku: string; quantity: number }>[] }>;

/**
 * An exchange (`POST /orders/:id/exchanges`): the returned units against replacement goods at
 * today's catalog price. The linked new order is placed through the normal checkout right away
 * (stock reserved immediately) and paid with exchange credit. The money difference is settled:
 * a dearer replacement is charged to the customer at once through the gateway; a cheaper one is
 * refunded per the refund timing (on request now, on receipt by the returns process).
 * Prices are taken as tax-inclusive gross amounts when the order is (EU B2C); for tax-exclusive
 * orders the replacement's tax is not known before placement and counts as 0 in the difference.
 */
export const requestExchange = async (deps: ReturnDeps, input: RequestExchangeInput, meta: ReturnCommandMeta): Promise<RequestResult> => {
  const returnId = input.returnId ?? returnIdFor(meta, 'exc');
  const settings = returnSettings(deps);
  const exchangeOrderId = orderIdFor('returns', `linked:${returnId}`);
  const qr = input.method === 'box_free' ? qrTokenFor(returnId, `${meta.keyScope}\n${meta.idempotencyKey}`) : undefined;
  const result = await submitRequest(deps, input.orderId, returnId, meta, async (ctx) => {
    const lines = resolveLines(ctx, input.lines);
    const catalog = await resolveCatalogLines(deps, input.replacement, ctx.order.currency);
    const replacementLines: ReplacementLineInput[] = catalog.map((c, i) => ({
      lineId: `N${i + 1}`, sku: c.sku, quantity: c.quantity, unitPrice: c.unitPrice.amount, taxPerUnit: '0',
    }));
    return {
      type: 'RequestExchange' as const,
      data: {
        returnId, orderId: input.orderId, channel: input.channel, lines, snapshot: ctx.snapshot, policy: settings.policy,
        exchangeOrderId, replacementLines,
        ...(await shipmentPart(deps, ctx, input, lines, qr ? qrTokenHash(qr) : undefined)),
      },
    };
  }, async (_ctx, _events, order) => {
    await placeLinkedOrder(deps, order, returnId, input.replacement, meta);
    await creditLinkedOrder(deps, exchangeOrderId, returnId, meta);
  });
  const state = result.state;
  const ex = state.exchange;
  if (ex?.difference.direction === 'charge' && state.status === 'authorized') await chargeDifference(deps, returnId, state.orderId!, ex.difference, meta);
  if (ex?.difference.direction === 'refund' && state.terms?.refundTiming === 'on_request') await refundIfDue(deps, returnId, meta);
  return { created: !result.replayed, return: await returnView(deps, returnId), ...(qr ? { qrToken: qr } : {}) };
};

/** Charges what a dearer replacement costs more: authorize and capture at the gateway, then record it on the exchange. */
const chargeDifference = async (deps: ReturnDeps, returnId: string, orderId: string, difference: ExchangeRequested['data']['moneyDifference'], meta: ReturnCommandMeta) => {
  const customerId = (await loadOrderWithReturns(deps.eventStore, orderId)).order.customerId;
  const key = deriveCommandId(returnId, 'difference');
  const amount = { amount: difference.amount, currency: difference.currency };
  const auth = await deps.gateway.authorize({ idempotencyKey: key, orderId, customerId, amount });
  if (auth.status !== 'authorized') return; // declined or pending: the difference stays outstanding, the exchange order unreleased
  const captured = await deps.gateway.capture({ idempotencyKey: deriveCommandId(key, 'capture'), authorizationId: auth.authorizationId, amount });
  await recordPayment(deps, orderId, {
    type: 'ReturnGatewayOperation',
    data: { operation: 'charge', orderId, returnId, tenderId: auth.authorizationId, amount, reference: captured.reference, operationKey: key, at: meta.now },
  }, meta.now);
  const stream = returnStreamName(returnId);
  deps.commands.cache.delete(stream);
  await deps.commands.handle(returnDecider, stream, {
    type: 'SettleExchangeDifference', data: { returnId, tenderId: auth.authorizationId, method: auth.method, amount: difference.amount },
    metadata: metadataOf(meta, `settle:${returnId}`, orderId),
  });
};
