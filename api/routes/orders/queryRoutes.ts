import { orderDetailsView } from '../../../application/orders/orderDetailsView.js';
import { openAddress } from '../../../application/privacy/addressPrivacy.js';
import { listOrders, loadOrderSourcing, orderNotFound } from '../../../application/orders/orderQueries.js';
import { IsOptional, IsString, Length } from 'class-validator';
import { permits } from '../../../application/security/roles.js';
import { ForbiddenError } from '../../../domain/shared/errors.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { orderAsOfResponse } from '../auditRoutes.js';
import { defineRoute, type Route } from '../../http/route.js';
import { ListOrdersQuery, OrderIdParams, TokenQuery } from './commandDtos.js';
import { authorizeOrder } from './orderAccess.js';

/** `GET /orders/:id`: the tracking token (customers) and `asOf` (auditors: the order exactly as at that instant). */
export class OrderReadQuery extends TokenQuery {
  /** ISO 8601 with offset or epoch milliseconds; same rules as `GET /orders/:id/as-of?at=`. */
  @IsOptional() @IsString() @Length(1, 40) asOf?: string;
}
import { ORDER_DETAILS_SCHEMA, ORDER_PAGE_SCHEMA, PROBLEM } from './orderSchemas.js';

/** Reads: the paged list (agents), one order (customer with its token, stores for their nodes, staff), the sourcing explanation. */
export const queryRoutes = (oms: OmsContext): Route[] => [
  defineRoute({
    method: 'get',
    path: '/orders',
    operationId: 'listOrders',
    summary: 'List orders, newest first, filtered by customer, status, channel and placement time (keyset-paged)',
    tags: ['orders'],
    role: 'agent',
    query: ListOrdersQuery,
    responses: { 200: { description: 'a page of order summaries and the cursor of the next page', schema: ORDER_PAGE_SCHEMA } },
    handler: async (ctx) => ({ status: 200, body: await listOrders(oms, ctx.query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/orders/:id',
    operationId: 'getOrder',
    summary: 'One order: lines with nodes and quantities per state, shipments, promise and revisions, totals, payments, history',
    description: 'Read-your-writes: reflects every command already answered, on any instance. A tracking token opens only its own order; any other order is 404.',
    tags: ['orders'],
    role: 'public',
    scopedBy: 'handler',
    params: OrderIdParams,
    query: OrderReadQuery,
    responses: {
      200: { description: 'the order (with `asOf`: the order as it was then and the availability its sourcing decisions saw, as `GET /orders/:id/as-of`)', schema: ORDER_DETAILS_SCHEMA },
      400: { description: 'INVALID_AS_OF', schema: PROBLEM },
      403: { description: 'asOf asked by a credential other than auditor or admin', schema: PROBLEM },
      404: { description: 'ORDER_NOT_FOUND (also for orders the credential does not open); ORDER_NOT_FOUND_AS_OF when placed after asOf', schema: PROBLEM },
    },
    handler: async (ctx) => {
      const { doc } = await authorizeOrder(oms, ctx.params.id, { principal: ctx.principal, ...(ctx.query.token ? { queryToken: ctx.query.token } : {}) }, 'read');
      if (ctx.query.asOf !== undefined) {
        // Time travel shows what the order and the network looked like then: an audit read.
        if (!ctx.principal || !permits(ctx.principal.role, 'auditor', 'get')) throw new ForbiddenError('FORBIDDEN_ROLE', 'asOf is for auditor and admin credentials');
        return orderAsOfResponse(oms, doc.order.orderId, ctx.query.asOf);
      }
      const view = orderDetailsView(doc);
      return { status: 200, body: { ...view, destination: await openAddress(oms.security.vault, view.destination) }, personalDataOf: doc.order.customerId };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/orders/:id/sourcing',
    operationId: 'getOrderSourcing',
    summary: 'Why the order was sourced where it was: candidates with cost and rank, excluded nodes with reasons, rule-set version, lost reservations',
    tags: ['orders'],
    role: 'agent',
    params: OrderIdParams,
    responses: { 200: { description: 'every sourcing round of checkout and later rejections and re-sourcing', schema: { type: 'object' } } },
    handler: async (ctx) => {
      const doc = await loadOrderSourcing(oms, ctx.params.id);
      if (!doc) throw orderNotFound(ctx.params.id);
      const first = doc.rounds[0]?.decision;
      const body = {
        orderId: doc.orderId,
        placedAt: doc.placedAt,
        // The first round decided for the whole cart; later rounds re-source only what lost a reservation race.
        ruleSetId: first?.ruleSetId ?? null,
        ruleSetVersion: first?.ruleSetVersion ?? null,
        ruleApplied: first?.ruleApplied ?? null,
        outcome: first?.outcome ?? null,
        candidates: first?.candidates ?? [],
        excluded: first?.excluded ?? [],
        excludedTotal: doc.rounds[0]?.excludedTotal ?? first?.excluded.length ?? 0,
        explanation: first?.explanation ?? [],
        rounds: doc.rounds,
        quote: doc.quote,
        later: doc.later,
      };
      return { status: 200, body };
    },
  }),
];
