import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ConflictError, NotFoundError } from '../../../../domain/shared/errors.js';
import { ConcurrencyError, StoreUnavailableError } from '../../../../infrastructure/eventstore/errors.js';
import { ReadStoreUnavailableError } from '../../../../infrastructure/readstore/readStore.js';
import { defineRoute, type Route, type RouteContext } from '../../../../api/http/route.js';
import {
  IsBoundedString,
  IsCountryCode,
  IsCurrencyCode,
  IsDecimalAmount,
  IsId,
  IsIsoDateTime,
  IsQuantity,
  NestedDto,
  NestedDtoArray,
} from '../../../../api/http/validation.js';

/** Sample DTOs and routes exercising every feature of the HTTP skeleton (tests only). */

export class MoneyDto {
  @IsDecimalAmount() amount!: string;
  @IsCurrencyCode() currency!: string;
}

export class OrderLineDto {
  @IsId() sku!: string;
  @IsQuantity({ max: 1000 }) quantity!: number;
  @IsOptional() @NestedDto(() => MoneyDto) unitPrice?: MoneyDto;
}

export class PlaceOrderDto {
  @IsId() orderId!: string;
  @IsCountryCode() country!: string;
  @IsIn(['standard', 'express']) shipping!: 'standard' | 'express';
  @IsOptional() @IsIsoDateTime() requestedAt?: string;
  @IsOptional() @IsBoundedString({ max: 500 }) note?: string;
  @IsOptional() @IsBoolean() giftWrap?: boolean;
  @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[];
  @NestedDtoArray(() => OrderLineDto, { maxItems: 50 }) lines!: OrderLineDto[];
}

export class OrderParams {
  @IsId() orderId!: string;
}

export enum OrderStatus {
  Open = 'open',
  Closed = 'closed',
}

export class ListOrdersQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsEnum(OrderStatus) status?: OrderStatus;
  @IsOptional() @Matches(/^[a-z]+$/) @Length(1, 20) q?: string;
}

export class FailureParams {
  @IsIn(['conflict', 'not-found', 'concurrency', 'store-unavailable', 'readstore-unavailable', 'crash', 'bigint'])
  kind!: string;
}

export class BatchDto {
  @IsArray() @IsString({ each: true }) items!: string[];
}

export class OrderView {
  @IsId() orderId!: string;
  @IsString() status!: string;
}

/** Records the last context each handler saw so tests can assert on it. */
export type Recorder = { last?: RouteContext<object, object, object> };

const record = (rec: Recorder, ctx: unknown): void => {
  rec.last = ctx as RouteContext<object, object, object>;
};

export const SECRET = 'db password is hunter2';

export function sampleRoutes(rec: Recorder = {}): Route[] {
  return [
    defineRoute({
      method: 'post', path: '/orders', operationId: 'placeOrder', summary: 'Place an order', tags: ['orders'],
      role: 'customer', idempotent: true, body: PlaceOrderDto,
      responses: { 201: { description: 'placed', schema: OrderView } },
      handler: async (ctx) => {
        record(rec, ctx);
        return { status: 201, body: { orderId: ctx.body.orderId, lines: ctx.body.lines.length }, headers: { Location: `/orders/${ctx.body.orderId}` } };
      },
    }),
    defineRoute({
      method: 'get', path: '/orders', operationId: 'listOrders', summary: 'List orders', tags: ['orders'],
      role: 'operator', query: ListOrdersQuery,
      responses: { 200: { description: 'orders', schema: { type: 'array', items: { type: 'object' } } } },
      handler: async (ctx) => {
        record(rec, ctx);
        return { status: 200, body: { limit: ctx.query.limit ?? null, status: ctx.query.status ?? null } };
      },
    }),
    defineRoute({
      method: 'get', path: '/orders/:orderId', operationId: 'getOrder', summary: 'Get an order', tags: ['orders'],
      role: 'customer', params: OrderParams,
      responses: { 200: { description: 'the order', schema: OrderView } },
      handler: async (ctx) => {
        record(rec, ctx);
        if (ctx.params.orderId === 'missing') throw new NotFoundError('ORDER_NOT_FOUND', 'order missing does not exist', { orderId: 'missing' });
        return { status: 200, body: { orderId: ctx.params.orderId, status: 'open', revision: 7n } };
      },
    }),
    defineRoute({
      method: 'post', path: '/orders/:orderId/cancel', operationId: 'cancelOrder', summary: 'Cancel an order', tags: ['orders'],
      role: 'agent', idempotent: true,
      responses: { 204: { description: 'cancelled' } },
      handler: async (ctx) => {
        record(rec, ctx);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post', path: '/failures/:kind', operationId: 'fail', summary: 'Throws on purpose', tags: ['test'],
      role: 'admin', params: FailureParams,
      responses: { 200: { description: 'never' } },
      handler: async (ctx) => {
        switch (ctx.params.kind) {
          case 'conflict': throw new ConflictError('ORDER_ALREADY_SHIPPED', 'order o-1 has already shipped', { orderId: 'o-1', status: 999 });
          case 'not-found': throw new NotFoundError('ORDER_NOT_FOUND', 'order o-9 does not exist');
          case 'concurrency': throw new ConcurrencyError('order-o-1', 3n, 4n);
          case 'store-unavailable': throw new StoreUnavailableError(`connect ECONNREFUSED esdb://10.0.0.5 (${SECRET})`);
          case 'readstore-unavailable': throw new ReadStoreUnavailableError(`mongo down (${SECRET})`);
          case 'bigint': return { status: 200, body: { position: 12345678901234567890n } };
          default: throw new Error(SECRET);
        }
      },
    }),
    defineRoute({
      method: 'post', path: '/batch', operationId: 'importBatch', summary: 'Bulk import', tags: ['batch'],
      role: 'operator', body: BatchDto, bodyLimit: '3mb',
      responses: { 202: { description: 'accepted' } },
      handler: async (ctx) => ({ status: 202, body: { count: ctx.body.items.length } }),
    }),
    defineRoute({
      method: 'get', path: '/slow', operationId: 'slow', summary: 'Waits until aborted', tags: ['test'],
      role: 'public', responses: { 200: { description: 'late' } },
      handler: (ctx) =>
        new Promise((resolve) => {
          record(rec, ctx);
          ctx.signal.addEventListener('abort', () => resolve({ status: 200, body: { late: true } }));
        }),
    }),
  ];
}
