import { priceOrder, type DeliveryMethod, type PricingResult } from '../../domain/pricing/index.js';
import { ValidationError } from '../../domain/shared/errors.js';
import type { CatalogLine } from './cartLines.js';
import type { PlannedPart } from './checkoutPlan.js';
import type { CurrencyPricing, OrderSettings } from './orderSettings.js';

export type PricingArgs = Readonly<{
  currency: string;
  method: DeliveryMethod;
  /** Where tax and duties are judged: the delivery address, or the pickup store. */
  taxDestination: Readonly<{ country: string; region?: string }>;
  coupons: readonly string[];
  now: string;
  lines: readonly CatalogLine[];
  parts: readonly PlannedPart[];
  /** Country a node ships from (the origin that decides duties), undefined for backordered parts. */
  originOf: (node: string | undefined) => string | undefined;
}>;

export const currencyPricing = (settings: OrderSettings, currency: string): CurrencyPricing => {
  const pricing = settings.pricing[currency];
  if (!pricing) {
    throw new ValidationError('UNSUPPORTED_CURRENCY', `currency ${currency} is not sold in (supported: ${Object.keys(settings.pricing).join(', ')})`, {
      field: 'currency',
      currency,
    });
  }
  return pricing;
};

/**
 * Prices the order lines as they will be placed: catalog unit prices, promotions and coupons
 * (the same for every channel), shipping for the method, tax by destination and duties for the
 * lines that cross a border (origin = the node sourcing chose). Pure: the rules come from settings.
 */
export const priceParts = (settings: OrderSettings, args: PricingArgs): PricingResult => {
  const pricing = currencyPricing(settings, args.currency);
  const byIndex = new Map(args.lines.map((l) => [l.index, l]));
  return priceOrder({
    currency: args.currency,
    lines: args.parts.map((p) => {
      const line = byIndex.get(p.index)!;
      const origin = args.originOf(p.node);
      return {
        lineId: p.lineId,
        sku: p.sku,
        quantity: p.quantity,
        unitPrice: line.unitPrice,
        taxClass: line.taxClass,
        weightGrams: line.weightGrams,
        ...(origin ? { originCountry: origin } : {}),
      };
    }),
    destination: args.taxDestination,
    deliveryMethod: args.method,
    coupons: args.coupons,
    promotions: pricing.promotions,
    taxRules: settings.taxRules,
    shippingRates: pricing.shippingRates,
    dutyRules: pricing.dutyRules,
    at: args.now,
  });
};
