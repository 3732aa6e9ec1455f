import { issueRefund } from '../../../application/returns/issueRefund.js';
import { openClaim } from '../../../application/returns/openClaim.js';
import { receiveReturn } from '../../../application/returns/receiveReturn.js';
import { requestExchange } from '../../../application/returns/requestExchange.js';
import { requestReturn, type RequestResult } from '../../../application/returns/requestReturn.js';
import type { ReturnCommandMeta } from '../../../application/returns/returnCommandMeta.js';
import { returnView } from '../../../application/returns/returnView.js';
import type { Actor } from '../../../domain/shared/decider.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { returnDepsOf } from '../../bootstrap/returnServices.js';
import { defineRoute, type HandlerResult, type Route, type RouteContext } from '../../http/route.js';
import { OrderIdParams } from '../orders/commandDtos.js';
import { plain } from '../orders/orderRouteSupport.js';
import { PROBLEM } from '../orders/orderSchemas.js';
import { mayReadReturn, mayStartReturn, returnActor } from './returnAccess.js';
import { ClaimRequestDto, ExchangeRequestDto, ReceiptDto, RefundDto, ReturnIdParams, ReturnRequestDto } from './returnDtos.js';

const RETURN_SCHEMA = { type: 'object', description: 'the return: kind, status, lines, routing (receiving node and why), receipts, refunds' };
const REFUSALS = {
  400: { description: 'VALIDATION_FAILED: the body is malformed', schema: PROBLEM },
  404: { description: 'ORDER_NOT_FOUND / RETURN_NOT_FOUND (also for an order or return the credential does not open)', schema: PROBLEM },
  409: { description: 'INVALID_RETURN_TRANSITION, REFUND_NOT_YET_DUE, NOTHING_TO_REFUND, OUT_OF_STOCK, ...', schema: PROBLEM },
  422: { description: 'policy refusal: UNKNOWN_LINE, QUANTITY_EXCEEDS_DELIVERED, RETURN_WINDOW_EXPIRED, NOT_DELIVERED, NOT_RETURNABLE, ...', schema: PROBLEM },
} as const;

const metaOf = (ctx: RouteContext<object, object, object>, actor: Actor): ReturnCommandMeta => ({
  idempotencyKey: ctx.idempotencyKey!, keyScope: ctx.principal?.principalId ?? `${actor.kind}:${actor.id}`, now: ctx.now, actor,
});

const created = (r: RequestResult): HandlerResult => ({
  status: r.created ? 201 : 200,
  body: { ...r.return, ...(r.qrToken ? { qrToken: r.qrToken } : {}) },
  headers: { Location: `/returns/${r.return.returnId}` },
});

/** The returns API (issue 6): returns from any channel, receipts, refunds, claims and exchanges. */
export const returnRoutes = (oms: OmsContext): Route[] => {
  const deps = () => returnDepsOf(oms);
  return [
    defineRoute<ReturnRequestDto, never, never>({
      method: 'post', path: '/returns', operationId: 'requestReturn', tags: ['returns'],
      summary: 'Request a return of delivered units (customer with the order\'s tracking token, store counter, call center), for an order of any channel',
      role: 'public', scopedBy: 'handler', idempotent: true, body: ReturnRequestDto,
      responses: { 201: { description: 'return created (authorized or awaiting approval); box-free returns carry the QR token', schema: RETURN_SCHEMA }, 200: { description: 'replayed', schema: RETURN_SCHEMA }, ...REFUSALS },
      handler: async (ctx) => {
        const c = ctx as unknown as RouteContext<object, object, object>;
        const b = plain(ctx.body);
        mayStartReturn(ctx.principal, b.orderId, b.storeNodeId);
        return created(await requestReturn(deps(), b, metaOf(c, returnActor(ctx.principal, b.orderId))));
      },
    }),
    defineRoute<never, never, ReturnIdParams>({
      method: 'get', path: '/returns/:id', operationId: 'getReturn', tags: ['returns'],
      summary: 'One return: status, lines with received and refunded units per condition, routing decision with reasons, receipts, refunds',
      role: 'public', scopedBy: 'handler', params: ReturnIdParams,
      responses: { 200: { description: 'the return', schema: RETURN_SCHEMA }, 404: REFUSALS[404] },
      handler: async (ctx) => {
        const view = await returnView(deps(), ctx.params.id);
        mayReadReturn(ctx.principal, view);
        return { status: 200, body: view };
      },
    }),
    defineRoute<ReceiptDto, never, ReturnIdParams>({
      method: 'post', path: '/returns/:id/receipts', operationId: 'receiveReturn', tags: ['returns'],
      summary: 'Goods received and inspected at a node: condition decides restock (available at once), refurbish or dispose; refund on receipt follows',
      role: 'store', scopedBy: 'handler', idempotent: true, params: ReturnIdParams, body: ReceiptDto,
      responses: { 200: { description: 'the return after the receipt', schema: RETURN_SCHEMA }, ...REFUSALS },
      handler: async (ctx) => {
        const c = ctx as unknown as RouteContext<object, object, object>;
        const actor = ctx.principal?.actor ?? { kind: 'store' as const, id: ctx.body.nodeId };
        return { status: 200, body: await receiveReturn(deps(), ctx.params.id, plain(ctx.body), metaOf(c, actor)) };
      },
    }),
    defineRoute<RefundDto, never, ReturnIdParams>({
      method: 'post', path: '/returns/:id/refunds', operationId: 'refundReturn', tags: ['returns'],
      summary: 'Issue the refund due now (computed from the frozen policy terms, to the original tenders in the policy order)',
      role: 'agent', idempotent: true, params: ReturnIdParams, body: RefundDto,
      responses: { 200: { description: 'the refund issued (null when replayed) and the return', schema: RETURN_SCHEMA }, ...REFUSALS },
      handler: async (ctx) => {
        const c = ctx as unknown as RouteContext<object, object, object>;
        const result = await issueRefund(deps(), ctx.params.id, plain(ctx.body ?? {}), metaOf(c, ctx.principal?.actor ?? { kind: 'agent', id: 'unknown' }));
        return { status: 200, body: { refund: result.refund, replayed: result.replayed, return: await returnView(deps(), ctx.params.id) } };
      },
    }),
    defineRoute<ClaimRequestDto, never, OrderIdParams>({
      method: 'post', path: '/orders/:id/claims', operationId: 'openClaim', tags: ['returns'],
      summary: 'A missing or damaged delivery: refund or a replacement order (stock reserved at once), nothing sent back',
      role: 'agent', idempotent: true, params: OrderIdParams, body: ClaimRequestDto,
      responses: { 201: { description: 'claim opened (and refunded, for the refund resolution)', schema: RETURN_SCHEMA }, 200: { description: 'replayed', schema: RETURN_SCHEMA }, ...REFUSALS },
      handler: async (ctx) => {
        const c = ctx as unknown as RouteContext<object, object, object>;
        const b = plain(ctx.body);
        return created(await openClaim(deps(), { orderId: ctx.params.id, lines: b.lines, resolution: b.resolution, channel: b.channel ?? 'call_center' }, metaOf(c, returnActor(ctx.principal, ctx.params.id))));
      },
    }),
    defineRoute<ExchangeRequestDto, never, OrderIdParams>({
      method: 'post', path: '/orders/:id/exchanges', operationId: 'requestExchange', tags: ['returns'],
      summary: 'Exchange delivered units: a linked new order (stock reserved at once) paid with the returned goods; an uneven exchange settles the difference',
      role: 'public', scopedBy: 'handler', idempotent: true, params: OrderIdParams, body: ExchangeRequestDto,
      responses: { 201: { description: 'exchange created with its linked order', schema: RETURN_SCHEMA }, 200: { description: 'replayed', schema: RETURN_SCHEMA }, ...REFUSALS },
      handler: async (ctx) => {
        const c = ctx as unknown as RouteContext<object, object, object>;
        const b = plain(ctx.body);
        mayStartReturn(ctx.principal, ctx.params.id, b.storeNodeId);
        return created(await requestExchange(deps(), { ...b, orderId: ctx.params.id }, metaOf(c, returnActor(ctx.principal, ctx.params.id))));
      },
    }),
  ];
};
