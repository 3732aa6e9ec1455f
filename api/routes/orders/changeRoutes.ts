import { changeOrder, type ChangeAction } from '../../../application/orders/orderChanges.js';
import { cancelOrder } from '../../../application/orders/orderCommands.js';
import { BadRequestError } from '../../../domain/shared/errors.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type Route } from '../../http/route.js';
import { CancelDto, CHANGE_FIELDS, ChangeDto, OrderIdParams, TokenQuery } from './commandDtos.js';
import { authorizeOrder } from './orderAccess.js';
import { commandMeta, commandResponse, plain } from './orderRouteSupport.js';
import { COMMAND_RESULT_SCHEMA, PROBLEM } from './orderSchemas.js';
import { placementDepsOf } from '../../bootstrap/placementDeps.js';

const refusals = {
  404: { description: 'ORDER_NOT_FOUND (also for orders the credential does not open)', schema: PROBLEM },
  409: { description: 'ILLEGAL_TRANSITION naming the state, or a rule of the transition table (e.g. CANNOT_CANCEL_SHIPPED_QUANTITY)', schema: PROBLEM },
  422: { description: 'the change does not fit the order (unknown line, pricing)', schema: PROBLEM },
};

/** Self-service and agent changes: the customer with the tracking token, or staff. */
export const changeRoutes = (oms: OmsContext): Route[] => [
  defineRoute({
    method: 'post',
    path: '/orders/:id/cancel',
    operationId: 'cancelOrder',
    summary: 'Cancel the whole order or some line quantities (per the transition table); the event records actor, reason and refund',
    tags: ['orders'],
    role: 'public',
    scopedBy: 'handler',
    idempotent: true,
    params: OrderIdParams,
    query: TokenQuery,
    body: CancelDto,
    responses: { 200: { description: 'cancelled', schema: COMMAND_RESULT_SCHEMA }, ...refusals },
    handler: async (ctx) => {
      const { doc, actor } = await authorizeOrder(oms, ctx.params.id, { principal: ctx.principal, ...(ctx.query.token ? { queryToken: ctx.query.token } : {}) }, 'write');
      const body = plain(ctx.body);
      return commandResponse(await cancelOrder(oms, doc.order.orderId, body, commandMeta(ctx, actor)), doc.order.customerId);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/orders/:id/changes',
    operationId: 'changeOrder',
    summary: 'Change an order before release: address, delivery method, reduce a quantity, switch to store pickup',
    description:
      'Typed actions (`action`: changeAddress | changeMethod | reduceQuantity | switchToPickup), each with a reason. The order is re-priced ' +
      '(same unit prices and coupons, current tax/shipping/duty rules) and the event records actor, reason and the money difference.',
    tags: ['orders'],
    role: 'public',
    scopedBy: 'handler',
    idempotent: true,
    params: OrderIdParams,
    query: TokenQuery,
    body: ChangeDto,
    responses: { 200: { description: 'changed: money difference and new totals', schema: COMMAND_RESULT_SCHEMA }, ...refusals },
    handler: async (ctx) => {
      const body = plain(ctx.body) as ChangeAction & Record<string, unknown>;
      const allowed = new Set(['action', 'reason', ...CHANGE_FIELDS[body.action]]);
      const extra = Object.keys(body).filter((k) => !allowed.has(k));
      if (extra.length > 0) {
        throw new BadRequestError('FIELD_NOT_ALLOWED', `${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not used by ${body.action}`, { fields: extra, action: body.action });
      }
      const { doc, actor } = await authorizeOrder(oms, ctx.params.id, { principal: ctx.principal, ...(ctx.query.token ? { queryToken: ctx.query.token } : {}) }, 'write');
      return commandResponse(await changeOrder(placementDepsOf(oms), doc.order.orderId, body, commandMeta(ctx, actor)), doc.order.customerId);
    },
  }),
];
