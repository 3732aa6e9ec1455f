import type { JsonSchema } from '../../http/route.js';

/** Response shapes of the order API for the OpenAPI document (the handlers build them from read models). */

export const PROBLEM: JsonSchema = { $ref: '#/components/schemas/Problem' };

const amount: JsonSchema = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', examples: ['19.99'] };

export const TOTALS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { currency: { type: 'string' }, subtotal: amount, discount: amount, shipping: amount, tax: amount, duties: amount, total: amount },
};

export const PLACED_ORDER_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['orderId', 'status', 'trackingToken', 'lines', 'totals'],
  properties: {
    orderId: { type: 'string' },
    status: { type: 'string' },
    trackingToken: { type: 'string', description: 'lets the customer read and change this order (X-Tracking-Token header or token query)' },
    placedAt: { type: 'string', format: 'date-time' },
    promise: { type: ['object', 'null'] },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: { lineId: { type: 'string' }, sku: { type: 'string' }, quantity: { type: 'integer' }, node: { type: ['string', 'null'] }, total: amount },
      },
    },
    totals: TOTALS_SCHEMA,
  },
};

export const ORDER_DETAILS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    orderId: { type: 'string' },
    status: { type: 'string' },
    revision: { type: 'string' },
    lines: { type: 'array', items: { type: 'object' } },
    shipments: { type: 'array', items: { type: 'object' } },
    payments: { type: 'array', items: { type: 'object' } },
    totals: TOTALS_SCHEMA,
    history: { type: 'array', items: { type: 'object' } },
  },
};

export const ORDER_PAGE_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: { type: 'object' } }, nextCursor: { type: ['string', 'null'] } },
};

export const COMMAND_RESULT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { orderId: { type: 'string' }, status: { type: 'string' }, revision: { type: 'string' }, events: { type: 'array', items: { type: 'string' } } },
};
