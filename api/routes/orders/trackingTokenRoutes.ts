import { reissueTrackingToken, revokeTrackingToken } from '../../../application/orders/trackingTokenCommands.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { IsBoundedString } from '../../http/validation.js';
import { defineRoute, type Route } from '../../http/route.js';
import { OrderIdParams } from './commandDtos.js';
import { authorizeOrder } from './orderAccess.js';
import { commandMeta } from './orderRouteSupport.js';
import { PROBLEM } from './orderSchemas.js';
import { placementDepsOf } from '../../bootstrap/placementDeps.js';

export class TrackingTokenReasonDto {
  @IsBoundedString({ max: 500 }) reason!: string;
}

const RESULT = {
  type: 'object',
  properties: {
    orderId: { type: 'string' }, status: { type: 'string' }, revision: { type: 'string' }, events: { type: 'array', items: { type: 'string' } },
    generation: { type: 'integer' }, trackingToken: { type: 'string' },
  },
} as const;

const refusals = {
  404: { description: 'ORDER_NOT_FOUND', schema: PROBLEM },
  409: { description: 'TRACKING_TOKEN_ALREADY_REVOKED, TRACKING_TOKEN_GENERATION_CONFLICT (a concurrent re-issue won)', schema: PROBLEM },
};

/**
 * Customer-service control over an order's tracking token (issue 7): revoke the current one (a
 * leaked link stops working) or issue a new generation (the previous one is superseded). Staff
 * only; both recorded on the order stream with actor and reason (`GET /orders/:id/history`).
 */
export const trackingTokenRoutes = (oms: OmsContext): Route[] => [
  defineRoute({
    method: 'post',
    path: '/orders/:id/tracking-token/revoke',
    operationId: 'revokeTrackingToken',
    summary: "Revoke the order's current tracking token: it then gets the same 404 as a missing order",
    description: 'Takes effect at once on the instance that answered, on the others within the token-state cache window (2 s).',
    tags: ['orders'],
    role: 'agent',
    idempotent: true,
    params: OrderIdParams,
    body: TrackingTokenReasonDto,
    responses: { 200: { description: 'revoked: the generation that stopped working', schema: RESULT }, ...refusals },
    handler: async (ctx) => {
      const { doc, actor } = await authorizeOrder(oms, ctx.params.id, { principal: ctx.principal }, 'write');
      const { position: _p, ...result } = await revokeTrackingToken(placementDepsOf(oms), doc.order.orderId, { reason: ctx.body.reason }, commandMeta(ctx, actor));
      return { status: 200, body: result, headers: { Location: `/orders/${doc.order.orderId}` }, personalDataOf: doc.order.customerId };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/orders/:id/tracking-token',
    operationId: 'reissueTrackingToken',
    summary: 'Issue a new tracking token (next generation); the previous token, revoked or not, stops working',
    description: 'The token is in this response only (a retry with the same Idempotency-Key returns the same token); the order records its hash.',
    tags: ['orders'],
    role: 'agent',
    idempotent: true,
    params: OrderIdParams,
    body: TrackingTokenReasonDto,
    responses: { 201: { description: 'the new token and its generation', schema: RESULT }, ...refusals },
    handler: async (ctx) => {
      const { doc, actor } = await authorizeOrder(oms, ctx.params.id, { principal: ctx.principal }, 'write');
      const { position: _p, ...result } = await reissueTrackingToken(placementDepsOf(oms), doc.order.orderId, { reason: ctx.body.reason }, commandMeta(ctx, actor));
      return {
        status: 201,
        body: result,
        headers: { Location: `/orders/${doc.order.orderId}`, 'Cache-Control': 'no-store' },
        personalDataOf: doc.order.customerId,
      };
    },
  }),
];
