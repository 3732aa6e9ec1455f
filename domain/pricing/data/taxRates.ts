import type { TaxRule } from '../types.js';

/**
 * Default tax table, as of 2025-01-01. Illustrative defaults for development and demos: real
 * deployments supply their own rules (or a tax engine's answer) as data to `priceOrder`.
 *
 * Sources (compiled from these publications; this offline build could not re-check them online,
 * so verify before relying on them):
 * - EU member states: European Commission, "VAT rates applied in the Member States of the
 *   European Union — situation at 1 January 2025" (taxation-customs.ec.europa.eu).
 * - GB: HM Revenue & Customs, "VAT rates on different goods and services" (gov.uk).
 * - JP: National Tax Agency, consumption tax 10 % / reduced 8 % (food, newspapers); prices must be
 *   displayed tax-inclusive (総額表示) since April 2021.
 * - US: Tax Foundation, "State and Local Sales Tax Rates, 2025" — STATE rates only; city/county
 *   rates come on top and vary by address, so these under-collect outside a rooftop tax engine.
 *   Shipping taxability follows each state's general rule for separately stated delivery charges.
 * - BR-SP: SEFAZ-SP, RICMS/SP art. 52, ICMS internal rate 18 %. Brazilian taxation also involves
 *   PIS/COFINS, IPI and interstate ICMS (DIFAL); use a dedicated engine for real orders.
 *
 * Classes: `standard`, `reduced` (the common reduced rate), extra named classes where a country
 * has several reduced rates; `zero` and `exempt` never carry tax and need no entry.
 */
const vat = (country: string, rates: Record<string, string>): TaxRule => ({
  country,
  pricesIncludeTax: true,
  rates,
  shippingTaxable: true,
  shippingTaxClass: 'standard',
});

const usState = (region: string, standard: string, shippingTaxable: boolean): TaxRule => ({
  country: 'US',
  region,
  pricesIncludeTax: false,
  rates: { standard },
  shippingTaxable,
  shippingTaxClass: 'standard',
});

export const TAX_RATES_AS_OF = '2025-01-01';

export const DEFAULT_TAX_RULES: readonly TaxRule[] = [
  vat('FR', { standard: '20', intermediate: '10', reduced: '5.5', super_reduced: '2.1' }),
  vat('DE', { standard: '19', reduced: '7' }),
  vat('NL', { standard: '21', reduced: '9' }),
  vat('ES', { standard: '21', reduced: '10', super_reduced: '4' }),
  vat('IT', { standard: '22', reduced: '10', reduced_5: '5', super_reduced: '4' }),
  vat('GB', { standard: '20', reduced: '5' }),
  vat('JP', { standard: '10', reduced: '8' }),
  { country: 'BR', region: 'SP', pricesIncludeTax: true, rates: { standard: '18' }, shippingTaxable: true, shippingTaxClass: 'standard' },
  usState('CA', '7.25', false),
  usState('NY', '4', true),
  usState('TX', '6.25', true),
  usState('WA', '6.5', true),
  usState('OR', '0', false),
  usState('FL', '6', false),
  usState('NJ', '6.625', true),
];

/** EU member states (customs union): goods moving between them pay no import duty. */
export const EU_MEMBER_STATES: readonly string[] = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL',
  'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
];
