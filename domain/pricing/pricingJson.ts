import { toJson, type MoneyJson } from '../shared/money.js';
import type { PricingResult, SkippedPromotion, Totals } from './types.js';

/**
 * The wire/event form of a pricing result: every amount a `{ amount, currency }` string pair with
 * exactly the currency's decimals. This is what PlaceOrder and the post-purchase changes carry.
 */
export type TotalsJson = Readonly<{
  currency: string;
  subtotal: MoneyJson;
  discount: MoneyJson;
  shipping: MoneyJson;
  tax: MoneyJson;
  duties: MoneyJson;
  total: MoneyJson;
}>;

export type PricedLineJson = Readonly<{
  lineId?: string;
  sku: string;
  quantity: number;
  unitPrice: MoneyJson;
  taxClass: string;
  subtotal: MoneyJson;
  discount: MoneyJson;
  taxRate: string;
  tax: MoneyJson;
  net: MoneyJson;
  duty: MoneyJson;
  merchantDuty: MoneyJson;
  total: MoneyJson;
}>;

export type PricedShippingJson = Readonly<{ rateId: string | null; amount: MoneyJson; discount: MoneyJson; tax: MoneyJson; total: MoneyJson }>;

export type PricingJson = Readonly<{
  currency: string;
  taxInclusive: boolean;
  lines: readonly PricedLineJson[];
  shipping: PricedShippingJson;
  totals: TotalsJson;
  merchantDuties: MoneyJson;
  promotions: Readonly<{
    applied: readonly Readonly<{ id: string; code?: string; amount: MoneyJson }>[];
    skipped: readonly SkippedPromotion[];
  }>;
}>;

export const totalsToJson = (t: Totals): TotalsJson => ({
  currency: t.currency,
  subtotal: toJson(t.subtotal),
  discount: toJson(t.discount),
  shipping: toJson(t.shipping),
  tax: toJson(t.tax),
  duties: toJson(t.duties),
  total: toJson(t.total),
});

export const pricingToJson = (r: PricingResult): PricingJson => ({
  currency: r.currency,
  taxInclusive: r.taxInclusive,
  lines: r.lines.map((l) => ({
    ...(l.lineId === undefined ? {} : { lineId: l.lineId }),
    sku: l.sku,
    quantity: l.quantity,
    unitPrice: toJson(l.unitPrice),
    taxClass: l.taxClass,
    subtotal: toJson(l.subtotal),
    discount: toJson(l.discount),
    taxRate: l.taxRate,
    tax: toJson(l.tax),
    net: toJson(l.net),
    duty: toJson(l.duty),
    merchantDuty: toJson(l.merchantDuty),
    total: toJson(l.total),
  })),
  shipping: {
    rateId: r.shipping.rateId,
    amount: toJson(r.shipping.amount),
    discount: toJson(r.shipping.discount),
    tax: toJson(r.shipping.tax),
    total: toJson(r.shipping.total),
  },
  totals: totalsToJson(r.totals),
  merchantDuties: toJson(r.merchantDuties),
  promotions: {
    applied: r.promotions.applied.map((a) => ({ id: a.id, ...(a.code === undefined ? {} : { code: a.code }), amount: toJson(a.amount) })),
    skipped: r.promotions.skipped.map((s) => ({ ...s })),
  },
});
