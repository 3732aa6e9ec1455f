import { orderNotFound } from '../../../application/orders/orderQueries.js';
import { openAddress } from '../../../application/privacy/addressPrivacy.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type Route } from '../../http/route.js';
import { OrderIdParams, TokenQuery } from '../orders/commandDtos.js';
import { authorizeOrder } from '../orders/orderAccess.js';
import { PROBLEM } from '../orders/orderSchemas.js';
import { loadTracking } from './trackingQueries.js';
import { chooseLanguage, trackingView } from './trackingView.js';

const TRACKING_SCHEMA = {
  type: 'object',
  properties: {
    orderId: { type: 'string' }, status: { type: 'string' }, language: { type: 'string', enum: ['en', 'fr'] }, currency: { type: 'string' },
    promise: { type: ['object', 'null'] }, shipments: { type: 'array' }, pickup: { type: ['object', 'null'] }, timeline: { type: 'array' },
    returns: { type: 'array' }, actions: { type: 'object', properties: { cancel: { type: 'boolean' }, changeAddress: { type: 'boolean' }, return: { type: 'boolean' } } },
  },
} as const;

/**
 * `GET /track/:id?token=…`: the customer's tracking view of one order (the tracking page at
 * `/t/:id?token=…` renders it). Same access rules as `GET /orders/:id` (api/routes/orders/orderAccess.ts):
 * the token opens its own order only, and anything else — another order, a forged or unknown
 * token, no credential — is the same 404 as a missing order. Staff credentials open any order.
 */
export const trackingRoutes = (oms: OmsContext): Route[] => [
  defineRoute({
    method: 'get',
    path: '/track/:id',
    operationId: 'trackOrder',
    summary: "The customer's tracking view: status, promise and revisions, shipments with carrier and tracking number, pickup, returns and refunds, allowed actions",
    description: 'Read-your-writes. `language` is the order locale when supported (en, fr), else Accept-Language, else en. `actions` are hints from the transition table; the change routes decide.',
    tags: ['tracking'],
    role: 'public',
    scopedBy: 'handler',
    personalData: true,
    params: OrderIdParams,
    query: TokenQuery,
    responses: { 200: { description: 'the tracking view', schema: TRACKING_SCHEMA }, 404: { description: 'ORDER_NOT_FOUND (also for orders the credential does not open)', schema: PROBLEM } },
    handler: async (ctx) => {
      const { doc } = await authorizeOrder(oms, ctx.params.id, { principal: ctx.principal, ...(ctx.query.token ? { queryToken: ctx.query.token } : {}) }, 'read');
      const loaded = await loadTracking(oms, doc.order.orderId);
      if (!loaded) throw orderNotFound(ctx.params.id);
      // The customer sees the delivery address they gave (sealed in the events and read models).
      const data = { ...loaded, order: { ...loaded.order, destination: await openAddress(oms.security.vault, loaded.order.destination) } };
      return {
        status: 200,
        body: trackingView(data, chooseLanguage(data.order.locale, ctx.header('accept-language'))),
        headers: { 'Cache-Control': 'no-store', Vary: 'Accept-Language' },
        personalDataOf: data.order.customerId,
      };
    },
  }),
];
