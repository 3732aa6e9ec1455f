import type { Money, MoneyJson } from '../shared/money.js';

/**
 * Inputs and outputs of the pricing engine. Every rule (tax, shipping, duty, promotion) arrives
 * as data so the engine stays pure and tests can supply their own tables; amounts in rules are
 * `MoneyJson` (strings), rates are percentages as decimal strings ("20", "5.5").
 */

export const DELIVERY_METHODS = ['standard', 'express', 'pickup', 'ship_to_store'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** Well-known tax classes. Catalog tax classes are free slugs; `zero` and `exempt` always mean no tax. */
export const TAX_CLASSES = ['standard', 'reduced', 'zero', 'exempt'] as const;
export type TaxClass = string;

export type TaxRule = Readonly<{
  /** ISO 3166-1 alpha-2 destination country. */
  country: string;
  /** Optional subdivision (US state, BR state); a region rule wins over the country rule. */
  region?: string;
  /** true: catalog prices include the tax (EU VAT, UK VAT, JP); false: tax is added on top (US sales tax). */
  pricesIncludeTax: boolean;
  /** Percent per tax class, e.g. { standard: "20", reduced: "5.5" }. */
  rates: Readonly<Record<string, string>>;
  /** Whether the shipping charge is taxed, and at which class's rate. */
  shippingTaxable: boolean;
  shippingTaxClass?: TaxClass;
}>;

export type ShippingRate = Readonly<{
  id: string;
  deliveryMethod: DeliveryMethod;
  /** Destination countries this rate serves; absent = any country. */
  countries?: readonly string[];
  /** Destination regions (with `countries`); a region-specific rate wins over a country-wide one. */
  regions?: readonly string[];
  /** Weight bands in ascending order; the first band whose `maxGrams` covers the parcel applies; no `maxGrams` = open-ended. */
  bands: readonly Readonly<{ maxGrams?: number; amount: MoneyJson }>[];
  /** Shipping is free when the discounted merchandise subtotal reaches this amount. */
  freeOver?: MoneyJson;
}>;

export type DutyRule = Readonly<{
  /** Destination country whose customs levy the duty. */
  country: string;
  /** Origins exempt from duty (customs union, free-trade agreement), e.g. the EU member states for an EU destination. */
  exemptOrigins?: readonly string[];
  /** Ad-valorem duty percent on the customs value (net of tax, after discounts). */
  dutyRate: string;
  /** Import tax percent on (customs value + duty), for destinations where it is levied at the border. */
  importTaxRate?: string;
  /** Consignments whose customs value is at or below this amount are not dutiable. */
  deMinimis: MoneyJson;
  /** customer: collected at checkout and shown in totals (DDP charged); merchant: absorbed, recorded only. */
  paidBy: 'customer' | 'merchant';
}>;

export const PROMOTION_KINDS = ['percent_off', 'amount_off', 'buy_x_get_y', 'free_shipping'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

/**
 * A promotion. The same rules apply to every channel (no channel filter on purpose: a customer
 * gets the same price on the web, in the store and on the phone).
 */
export type Promotion = Readonly<{
  id: string;
  /** Coupon code: the promotion applies only when the code is entered (case-insensitive). Absent = automatic. */
  code?: string;
  kind: PromotionKind;
  /** Line-level target; absent = the whole order. */
  skus?: readonly string[];
  /** percent_off; buy_x_get_y (percent off the "get" items, default 100 = free). */
  percent?: string;
  /** amount_off: off the order (order level) or off each matching unit (line level). */
  amount?: MoneyJson;
  /** buy_x_get_y: buy X … */
  buyQuantity?: number;
  /** … get Y (the cheapest eligible units). */
  getQuantity?: number;
  /** Minimum spend over the eligible lines (catalog amounts, before discounts). */
  minSubtotal?: MoneyJson;
  /** false = exclusive: applies alone (the best single exclusive wins if it beats the combinable set). */
  combinable: boolean;
  /** Lower applies first among combinable promotions of the same level; then by id. */
  priority?: number;
  startsAt?: string;
  endsAt?: string;
}>;

export type PricingLineInput = Readonly<{
  /** Echoed back so callers can match priced lines to order lines. */
  lineId?: string;
  sku: string;
  quantity: number;
  /** Catalog unit price (tax-inclusive where the destination's prices include tax). */
  unitPrice: MoneyJson;
  taxClass: TaxClass;
  weightGrams?: number;
  /** Country the goods ship from; when it differs from the destination, duties may apply. */
  originCountry?: string;
}>;

export type PricingInput = Readonly<{
  currency: string;
  lines: readonly PricingLineInput[];
  destination: Readonly<{ country: string; region?: string }>;
  deliveryMethod: DeliveryMethod;
  coupons?: readonly string[];
  promotions?: readonly Promotion[];
  taxRules: readonly TaxRule[];
  shippingRates?: readonly ShippingRate[];
  dutyRules?: readonly DutyRule[];
  /** ISO instant at which promotion validity windows are judged; absent = windows are ignored. */
  at?: string;
}>;

export type PricedLine = Readonly<{
  lineId?: string;
  sku: string;
  quantity: number;
  unitPrice: Money;
  taxClass: TaxClass;
  /** unitPrice × quantity (catalog amount). */
  subtotal: Money;
  discount: Money;
  /** Percent applied, e.g. "20". */
  taxRate: string;
  /** Included in the price (pricesIncludeTax) or added on top. */
  tax: Money;
  /** Amount net of tax after discount: the customs value. */
  net: Money;
  /** Duty + import tax charged to the customer. */
  duty: Money;
  /** Duty + import tax absorbed by the merchant (not in totals). */
  merchantDuty: Money;
  /** What the customer pays for this line: subtotal − discount + (added tax) + duty. */
  total: Money;
}>;

export type PricedShipping = Readonly<{ rateId: string | null; amount: Money; discount: Money; tax: Money; total: Money }>;

export type Totals = Readonly<{
  currency: string;
  subtotal: Money;
  /** Line discounts + shipping discount. */
  discount: Money;
  /** Shipping charge before discount. */
  shipping: Money;
  /** All tax; part of the prices when `taxInclusive`, added on top otherwise. */
  tax: Money;
  /** Duties charged to the customer. */
  duties: Money;
  /** subtotal − discount + shipping + (taxInclusive ? 0 : tax) + duties, exactly. */
  total: Money;
}>;

export type AppliedPromotion = Readonly<{ id: string; code?: string; amount: Money }>;
export type SkippedPromotion = Readonly<{ id: string; code?: string; reason: 'min_subtotal_not_met' | 'no_eligible_items' | 'not_combinable' | 'not_active' }>;

export type PricingResult = Readonly<{
  currency: string;
  taxInclusive: boolean;
  lines: readonly PricedLine[];
  shipping: PricedShipping;
  totals: Totals;
  merchantDuties: Money;
  promotions: Readonly<{ applied: readonly AppliedPromotion[]; skipped: readonly SkippedPromotion[] }>;
}>;
