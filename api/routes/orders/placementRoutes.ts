import { placeOrder, type PlaceOrderInput } from '../../../application/orders/placeOrder.js';
import { quoteCart } from '../../../application/orders/promiseQuote.js';
import { ValidationError } from '../../../domain/shared/errors.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type Route } from '../../http/route.js';
import { PlaceOrderDto, PromiseRequestDto } from './placementDtos.js';
import { requireStaff } from './orderAccess.js';
import { PLACED_ORDER_SCHEMA, PROBLEM } from './orderSchemas.js';
import { placementDepsOf } from '../../bootstrap/placementDeps.js';

const plain = <T>(dto: T): T => JSON.parse(JSON.stringify(dto)) as T;

/** Order capture and the promise quote. */
export const placementRoutes = (oms: OmsContext): Route[] => [
  defineRoute({
    method: 'post',
    path: '/orders',
    operationId: 'placeOrder',
    summary: 'Capture an order from any channel: validate, source, reserve, price, place',
    description:
      'A 201 means the stock is held at the nodes named on each line. Out of stock is 409 OUT_OF_STOCK naming the SKUs ' +
      '(unless the channel takes backorders); nothing is written. The Idempotency-Key identifies the order: a retry returns ' +
      'the same 201 body; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED.',
    tags: ['orders'],
    // Channels place orders with their keys: POS (store keys), call centre (agents), web and marketplace backends.
    role: 'store',
    scopedBy: 'handler',
    idempotent: true,
    body: PlaceOrderDto,
    responses: {
      201: { description: 'the order, placed with its stock held', schema: PLACED_ORDER_SCHEMA },
      400: { description: 'invalid request (every field named)', schema: PROBLEM },
      409: { description: 'OUT_OF_STOCK', schema: PROBLEM },
      422: { description: 'unknown SKU, no price, unsupported currency, unknown coupon, reused Idempotency-Key', schema: PROBLEM },
    },
    handler: async (ctx) => {
      const body = plain(ctx.body) as PlaceOrderInput;
      // A store key places orders for any delivery, but only names its own stores as pickup point.
      if (body.pickupNode) requireStaff(ctx.principal, [body.pickupNode]);
      const result = await placeOrder(
        placementDepsOf(oms),
        body,
        { idempotencyKey: ctx.idempotencyKey!, keyScope: ctx.principal?.principalId ?? 'anonymous', now: ctx.now, actor: ctx.actor },
      );
      return {
        status: 201,
        body: result.order,
        headers: { Location: `/orders/${result.order.orderId}`, ...(result.created ? {} : { 'Idempotent-Replayed': 'true' }) },
        personalDataOf: result.order.customerId,
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/promise',
    operationId: 'quotePromise',
    summary: 'Quote delivery and pickup promises for a cart without ordering',
    tags: ['orders'],
    role: 'public',
    body: PromiseRequestDto,
    responses: {
      200: { description: 'every option with its date and explanation, and why other options are unavailable', schema: { type: 'object' } },
      400: { description: 'invalid request', schema: PROBLEM },
      422: { description: 'neither destination nor pickupNode given', schema: PROBLEM },
    },
    handler: async (ctx) => {
      const b = plain(ctx.body);
      if (!b.destination && !b.pickupNode) {
        throw new ValidationError('DESTINATION_REQUIRED', 'a promise needs a destination or a pickupNode', { field: 'destination' });
      }
      const quote = await quoteCart(oms, {
        now: ctx.now,
        channel: b.channel ?? 'web',
        lines: b.lines,
        ...(b.destination ? { destination: b.destination } : {}),
        ...(b.pickupNode ? { pickupNode: b.pickupNode } : {}),
        ...(b.deliveryMethods ? { methods: b.deliveryMethods } : {}),
      });
      return { status: 200, body: quote };
    },
  }),
];
