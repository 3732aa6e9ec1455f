import { orderAsOf, type OrderAsOf } from '../../application/audit/asOf.js';
import { orderCustomerId, orderHistory } from '../../application/audit/orderHistory.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import type { OmsContext } from '../bootstrap/omsContext.js';
import { defineRoute, type Route } from '../http/route.js';
import { AS_OF_SCHEMA, HISTORY_SCHEMA, OrderAsOfQuery, OrderHistoryQuery, AuditOrderParams } from './audit/auditDtos.js';

/**
 * The order as an auditor sees it: `GET /orders/:id/history` (every event with its time, actor,
 * command, causation and reason) and `GET /orders/:id/as-of?at=…` (the order exactly as it was at
 * an instant, with the availability its sourcing decisions saw).
 */

/** 404 when the order did not exist yet at the instant: the shape `GET /orders/:id?asOf=` answers with. */
export const orderAsOfResponse = async (
  oms: Pick<OmsContext, 'eventStore'>,
  orderId: string,
  at: string,
  availability = true,
): Promise<{ status: 200; body: OrderAsOf; personalDataOf: string }> => {
  const view = await orderAsOf(oms, orderId, at, { availability });
  if (view.order === null) {
    throw new NotFoundError('ORDER_NOT_FOUND_AS_OF', `order ${orderId} had not been placed yet at ${view.asOf}`, { orderId, asOf: view.asOf });
  }
  return { status: 200, body: view, personalDataOf: view.order.customerId };
};

export const auditRoutes = (oms: OmsContext): Route[] => [
  defineRoute<never, OrderHistoryQuery, AuditOrderParams>({
    method: 'get',
    path: '/orders/:id/history',
    operationId: 'getOrderHistory',
    summary: "An order's audit trail: every event with time, actor, command, causation and reason",
    description: 'Oldest first, paged by stream revision: pass `next` as `from` for the following page.',
    tags: ['audit'],
    role: 'auditor',
    params: AuditOrderParams,
    query: OrderHistoryQuery,
    responses: { 200: { description: 'one page of the history', schema: HISTORY_SCHEMA }, 404: { description: 'no such order' } },
    handler: async (ctx) => {
      const body = await orderHistory(oms, ctx.params.id, {
        ...(ctx.query.from !== undefined ? { from: BigInt(ctx.query.from) } : {}),
        ...(ctx.query.limit !== undefined ? { limit: ctx.query.limit } : {}),
      });
      const customerId = await orderCustomerId(oms, ctx.params.id);
      return { status: 200, body, ...(customerId ? { personalDataOf: customerId } : {}) };
    },
  }),
  defineRoute<never, OrderAsOfQuery, AuditOrderParams>({
    method: 'get',
    path: '/orders/:id/as-of',
    operationId: 'getOrderAsOf',
    summary: 'The order exactly as it was at an instant, and the availability its sourcing decisions saw',
    description:
      'Folds the order stream up to the last event whose business time (metadata.now) is ≤ `at` (events stamped exactly `at` are included). ' +
      '`sourcing[].availability` is the inventory position at each chosen node just before the decision was recorded.',
    tags: ['audit'],
    role: 'auditor',
    params: AuditOrderParams,
    query: OrderAsOfQuery,
    responses: {
      200: { description: 'the order as of the instant', schema: AS_OF_SCHEMA },
      400: { description: 'INVALID_AS_OF' },
      404: { description: 'ORDER_NOT_FOUND, or ORDER_NOT_FOUND_AS_OF when it was placed later' },
    },
    handler: (ctx) => orderAsOfResponse(oms, ctx.params.id, ctx.query.at, ctx.query.availability !== 'false'),
  }),
];
