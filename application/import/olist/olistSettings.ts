import { DEFAULT_TAX_RULES, type TaxRule } from '../../../domain/pricing/index.js';
import type { RegisterNodeInput } from '../../network/nodeUseCases.js';
import type { OrderSettings } from '../../orders/orderSettings.js';
import type { OlistSeller } from './olistDataset.js';

/**
 * What an OMS needs to take Brazilian marketplace orders that the demo defaults lack: prices and
 * shipping in BRL, a country-wide tax rule for Brazil (ICMS is charged inside the price; 17 %
 * stands in for the states' 17–18 % internal rates), and a rate card for sellers' parcels. Every
 * seller is a node shipping six days a week in São Paulo time.
 */
const money = (amount: string) => ({ amount, currency: 'BRL' });

const BRAZIL_TAX: TaxRule = { country: 'BR', pricesIncludeTax: true, rates: { standard: '17' }, shippingTaxable: true, shippingTaxClass: 'standard' };

export const olistOrderSettings = (base: OrderSettings): OrderSettings => ({
  ...base,
  taxRules: [...(base.taxRules.length > 0 ? base.taxRules : DEFAULT_TAX_RULES), ...(base.taxRules.some((r) => r.country === 'BR' && r.region === undefined) ? [] : [BRAZIL_TAX])],
  pricing: {
    ...base.pricing,
    BRL: {
      shippingRates: [
        {
          id: 'standard-brl',
          deliveryMethod: 'standard',
          bands: [{ maxGrams: 2_000, amount: money('15.90') }, { maxGrams: 10_000, amount: money('24.90') }, { amount: money('49.90') }],
        },
      ],
      dutyRules: [],
      promotions: [],
    },
  },
  rateCard: {
    currency: 'BRL',
    services: { standard: { dc: { base: '12.00', perKg: '1.50', perKm: '0.010' } } },
  },
  handlingCost: { ...base.handlingCost, dc: '2.00' },
  backorderChannels: [],
  // Sellers change only at set-up; stock changes with every order (read fresh).
  networkCacheMs: 3_600_000,
  availabilityCacheMs: 0,
});

export const sellerNode = (s: OlistSeller): RegisterNodeInput => ({
  id: `seller-${s.sellerId}`,
  type: 'dc',
  name: `Olist seller ${s.sellerId.slice(0, 8)} (${s.place.city}/${s.place.state})`,
  location: { lat: s.place.lat, lng: s.place.lng, country: 'BR', region: s.place.state, postalCode: s.place.zip, timezone: 'America/Sao_Paulo' },
  capabilities: ['ship'],
  processingHours: 24,
  cutoffLocal: '14:00',
  calendar: { workingDays: [1, 2, 3, 4, 5, 6], holidays: [] },
  dailyCapacity: 10_000,
});

export const skuOf = (productId: string): string => `olist-${productId}`;
export const nodeOf = (sellerId: string): string => `seller-${sellerId}`;
