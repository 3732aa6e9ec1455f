import type { TaxRule } from '../../../domain/pricing/index.js';
import { defaultOrderSettings, withSettings, type OrderSettings } from '../../orders/orderSettings.js';
import { UCI_COUNTRIES } from './uciNetwork.js';

/**
 * Order settings for replaying the UCI retailer's 2010–2011 invoices:
 * - tax: UK sales carry 20 % VAT included in the price (the rate from 4 January 2011; the
 *   file's prices are what customers paid); exports are zero-rated (EU B2B reverse charge,
 *   non-EU exports), so the order total equals the invoice's goods total;
 * - shipping: free in the order itself, because the retailer invoiced postage as separate
 *   `POST`/`DOT`/`C2` lines, which the import records as charges (see `stockCodes.ts`);
 * - no customs duties or promotion codes (the invoices show none).
 */
const exportRule = (country: string): TaxRule => ({ country, pricesIncludeTax: true, rates: { standard: '0' }, shippingTaxable: false });

export const uciTaxRules = (): TaxRule[] => {
  const countries = [...new Set(Object.values(UCI_COUNTRIES).map(([code]) => code))].filter((c) => c !== 'GB').sort();
  return [{ country: 'GB', pricesIncludeTax: true, rates: { standard: '20' }, shippingTaxable: true, shippingTaxClass: 'standard' }, ...countries.map(exportRule)];
};

export const uciOrderSettings = (base: OrderSettings = defaultOrderSettings()): OrderSettings =>
  withSettings(base, {
    taxRules: uciTaxRules(),
    pricing: {
      ...base.pricing,
      GBP: {
        shippingRates: [
          { id: 'uci-standard-gbp', deliveryMethod: 'standard', bands: [{ amount: { amount: '0.00', currency: 'GBP' } }] },
          { id: 'uci-express-gbp', deliveryMethod: 'express', bands: [{ amount: { amount: '0.00', currency: 'GBP' } }] },
        ],
        dutyRules: [],
        promotions: [],
      },
    },
  });
