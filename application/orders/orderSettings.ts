import type { Channel } from '../../domain/order/index.js';
import { DEFAULT_TAX_RULES, EU_MEMBER_STATES, type DutyRule, type Promotion, type ShippingRate, type TaxRule } from '../../domain/pricing/index.js';
import { staticTransitModel, type CarrierService, type TransitModel } from '../../domain/promise/index.js';
import { DEFAULT_RULE_SET, type RateCard, type RuleSet } from '../../domain/sourcing/index.js';
import type { NodeType } from '../../domain/network/index.js';
import type { LearnedPromiser } from '../promise/learnedPromiser.js';

/**
 * Everything order capture needs that is reference data rather than events: price rules
 * (per currency, because every amount in a rule carries its currency), carrier services and
 * transit times for the promise, the sourcing cost model and rule set, and the capture policies
 * (hold TTL, re-sourcing attempts, backorders per channel). Deployments replace the defaults with
 * `configureOrders(oms, settings)`; the defaults are illustrative, like the tax table.
 */
export type CurrencyPricing = Readonly<{
  shippingRates: readonly ShippingRate[];
  dutyRules: readonly DutyRule[];
  promotions: readonly Promotion[];
}>;

export type OrderSettings = Readonly<{
  taxRules: readonly TaxRule[];
  /** Keyed by ISO currency; a currency without an entry cannot be ordered in (422 UNSUPPORTED_CURRENCY). */
  pricing: Readonly<Record<string, CurrencyPricing>>;
  carrierServices: readonly CarrierService[];
  transitModel: TransitModel;
  /** Transit quantile the customer promise is built on. */
  promiseQuantile: number;
  /** When set (OMS_PROMISE_MODEL=learned), delivery dates come from the learned promise where it knows enough. */
  learnedPromise?: LearnedPromiser;
  ruleSet: RuleSet;
  rateCard: RateCard;
  handlingCost: Readonly<Partial<Record<NodeType, string>>>;
  splitPenalty: string;
  /** How long a checkout hold lasts before the reaper gives it back (the process manager confirms it first). */
  holdTtlSeconds: number;
  /** Days a store keeps an order ready for collection before it expires (the default deadline). */
  pickupHoldDays: number;
  /** Sourcing rounds when reservations lose a race (each round excludes the nodes that failed). */
  maxSourcingAttempts: number;
  /** Channels allowed to place orders with backordered units; the default is none. */
  backorderChannels: readonly Channel[];
  /** How long the node list and per-SKU holder lists read from the read models are reused (ms). */
  networkCacheMs: number;
  availabilityCacheMs: number;
  /** Page size bounds for `GET /orders`. */
  defaultPageSize: number;
  maxPageSize: number;
}>;

const money = (amount: string, currency: string) => ({ amount, currency });

const rates = (currency: string, standard: [string, string, string], express: [string, string, string], freeOver: string): ShippingRate[] => [
  {
    id: `standard-${currency.toLowerCase()}`,
    deliveryMethod: 'standard',
    bands: [
      { maxGrams: 2_000, amount: money(standard[0], currency) },
      { maxGrams: 10_000, amount: money(standard[1], currency) },
      { amount: money(standard[2], currency) },
    ],
    freeOver: money(freeOver, currency),
  },
  {
    id: `express-${currency.toLowerCase()}`,
    deliveryMethod: 'express',
    bands: [
      { maxGrams: 2_000, amount: money(express[0], currency) },
      { maxGrams: 10_000, amount: money(express[1], currency) },
      { amount: money(express[2], currency) },
    ],
  },
  // Ship-to-store is free for the customer; pickup needs no rate at all.
  { id: `ship-to-store-${currency.toLowerCase()}`, deliveryMethod: 'ship_to_store', bands: [{ amount: money('0', currency) }] },
];

/**
 * Duties: the EU levies customs duty above EUR 150 of customs value on goods from outside the
 * customs union (Regulation 1186/2009 art. 23); the UK above GBP 135. The 4 % rate stands in
 * for the tariff line of apparel-and-home goods (real rates vary by HS code: 0–12 %).
 */
const euDuty = (country: string): DutyRule => ({ country, exemptOrigins: EU_MEMBER_STATES, dutyRate: '4', deMinimis: money('150.00', 'EUR'), paidBy: 'customer' });

const promotions = (currency: string, minSpend: string): Promotion[] => [
  { id: `welcome10-${currency.toLowerCase()}`, code: 'WELCOME10', kind: 'percent_off', percent: '10', minSubtotal: money(minSpend, currency), combinable: true },
  { id: `freeship-${currency.toLowerCase()}`, code: 'FREESHIP', kind: 'free_shipping', combinable: true },
];

export const DEFAULT_CARRIER_SERVICES: readonly CarrierService[] = [
  { id: 'standard', handoverLocal: '18:00' },
  { id: 'express', handoverLocal: '16:00' },
];

export const defaultOrderSettings = (): OrderSettings => ({
  taxRules: DEFAULT_TAX_RULES,
  pricing: {
    EUR: {
      shippingRates: rates('EUR', ['4.90', '8.90', '14.90'], ['9.90', '14.90', '24.90'], '60.00'),
      dutyRules: [...['FR', 'DE', 'NL', 'ES', 'IT'].map(euDuty), { country: 'GB', dutyRate: '4', deMinimis: money('155.00', 'EUR'), paidBy: 'customer' }],
      promotions: promotions('EUR', '50.00'),
    },
    GBP: {
      shippingRates: rates('GBP', ['3.99', '7.99', '12.99'], ['7.99', '12.99', '19.99'], '50.00'),
      dutyRules: [{ country: 'GB', dutyRate: '4', deMinimis: money('135.00', 'GBP'), paidBy: 'customer' }],
      promotions: promotions('GBP', '45.00'),
    },
  },
  carrierServices: DEFAULT_CARRIER_SERVICES,
  transitModel: staticTransitModel(),
  promiseQuantile: 0.9,
  ruleSet: DEFAULT_RULE_SET,
  rateCard: {
    currency: 'EUR',
    services: {
      standard: { dc: { base: '4.00', perKg: '0.40', perKm: '0.004' }, store: { base: '5.50', perKg: '0.70', perKm: '0.008' } },
      express: { dc: { base: '8.00', perKg: '0.60', perKm: '0.006' }, store: { base: '9.50', perKg: '0.90', perKm: '0.010' } },
    },
  },
  handlingCost: { dc: '0.80', store: '2.50', supplier: '3.00', locker: '1.00' },
  splitPenalty: '3.00',
  holdTtlSeconds: 900,
  pickupHoldDays: 7,
  maxSourcingAttempts: 3,
  backorderChannels: [],
  networkCacheMs: 1_000,
  availabilityCacheMs: 1_000,
  defaultPageSize: 20,
  maxPageSize: 100,
});

export const withSettings = (base: OrderSettings, changes: Partial<OrderSettings>): OrderSettings => ({ ...base, ...changes });
