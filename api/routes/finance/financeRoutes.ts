import { IsOptional } from 'class-validator';
import { dailySettlement, orderFinance } from '../../../application/finance/financeQueries.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type Route } from '../../http/route.js';
import { IsBoundedString } from '../../http/validation.js';
import { OrderIdParams } from '../orders/commandDtos.js';
import { PROBLEM } from '../orders/orderSchemas.js';

export class SettlementQuery {
  /** UTC calendar day, YYYY-MM-DD (422 INVALID_DATE otherwise); default today. */
  @IsOptional() @IsBoundedString({ max: 10 }) date?: string;
}

/** The finance API (issue 6): an order's money ledger and balances; the daily settlement report. */
export const financeRoutes = (oms: OmsContext): Route[] => [
  defineRoute<never, never, OrderIdParams>({
    method: 'get', path: '/finance/orders/:id', operationId: 'getOrderFinance', tags: ['finance'],
    summary: 'Every money movement of an order per tender (authorized, captured, refunded, voided, written off, charged differences) with its causing event, and the balances',
    role: 'agent', params: OrderIdParams,
    responses: { 200: { description: 'ledger entries and balances', schema: { type: 'object' } }, 404: { description: 'FINANCE_NOT_FOUND: no money movement recorded yet', schema: PROBLEM } },
    handler: async (ctx) => ({ status: 200, body: await orderFinance(oms.readStore, ctx.params.id) }),
  }),
  defineRoute<never, SettlementQuery, never>({
    method: 'get', path: '/finance/settlements', operationId: 'getSettlement', tags: ['finance'],
    summary: 'Daily settlement (UTC day): captured, refunded and net per currency × order channel × payment method, with totals per currency',
    role: 'operator', query: SettlementQuery,
    responses: { 200: { description: 'the settlement report', schema: { type: 'object' } }, 422: { description: 'INVALID_DATE', schema: PROBLEM } },
    handler: async (ctx) => ({ status: 200, body: await dailySettlement(oms.readStore, ctx.query.date ?? ctx.now.slice(0, 10)) }),
  }),
];
