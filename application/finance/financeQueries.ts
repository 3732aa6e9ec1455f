import { settlementReport, type SettlementReport } from '../../domain/finance/settlementReport.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import type { FinanceDocument } from '../../projections/finance/financeProjection.js';
import { financeCollection, settlementsCollection } from './financeReadModels.js';

export type OrderFinanceView = Omit<FinanceDocument, '_id'>;

/** `GET /finance/orders/:id`: the order's ledger entries with their causing events, and its balances. */
export const orderFinance = async (store: ReadStore, orderId: string): Promise<OrderFinanceView> => {
  const doc = await (await financeCollection(store)).findOne({ _id: orderId });
  if (!doc) throw new NotFoundError('FINANCE_NOT_FOUND', `no money movement recorded for order ${orderId}`, { orderId });
  const { _id: _ignored, ...view } = doc;
  return view;
};

/** `GET /finance/settlements?date=`: the UTC day's settlement per currency × channel × payment method. */
export const dailySettlement = async (store: ReadStore, date: string): Promise<SettlementReport> => {
  // Validates the date before any read (422 INVALID_DATE).
  settlementReport([], date);
  const doc = await (await settlementsCollection(store)).findOne({ _id: date });
  return settlementReport(doc?.entries ?? [], date);
};
