import { ValidationError } from '../shared/errors.js';
import { compare, zero, type Money } from '../shared/money.js';
import type { DeliveryMethod, ShippingRate } from './types.js';
import { readMoney } from './validate.js';

export type ShippingCharge = Readonly<{ rateId: string | null; amount: Money }>;

const specificity = (r: ShippingRate): number => (r.regions?.length ? 2 : r.countries?.length ? 1 : 0);

const serves = (r: ShippingRate, method: DeliveryMethod, country: string, region?: string): boolean =>
  r.deliveryMethod === method &&
  (r.countries === undefined || r.countries.length === 0 || r.countries.includes(country)) &&
  (r.regions === undefined || r.regions.length === 0 || (region !== undefined && r.regions.includes(region)));

/**
 * The shipping charge: the most specific rate serving the destination and method (region >
 * country > anywhere; ties by table order), the first weight band covering the parcel, free
 * above `freeOver` (compared with the merchandise subtotal after discounts). Pickup without a
 * rate costs nothing; any other method without a rate is an error, never a silent free delivery.
 */
export const shippingCharge = (
  rates: readonly ShippingRate[],
  args: { currency: string; method: DeliveryMethod; country: string; region?: string; weightGrams: number; discountedSubtotal: Money },
): ShippingCharge => {
  const candidates = rates
    .map((rate, index) => ({ rate, index }))
    .filter(({ rate }) => serves(rate, args.method, args.country, args.region))
    .sort((a, b) => specificity(b.rate) - specificity(a.rate) || a.index - b.index);
  const chosen = candidates[0]?.rate;
  if (chosen === undefined) {
    if (args.method === 'pickup') return { rateId: null, amount: zero(args.currency) };
    throw new ValidationError('NO_SHIPPING_RATE', `no ${args.method} shipping rate to ${args.country}${args.region ? `-${args.region}` : ''}`, {
      deliveryMethod: args.method,
      country: args.country,
      region: args.region,
    });
  }
  if (chosen.freeOver !== undefined && compare(args.discountedSubtotal, readMoney(chosen.freeOver, args.currency, `shippingRates.${chosen.id}.freeOver`)) >= 0) {
    return { rateId: chosen.id, amount: zero(args.currency) };
  }
  const band = chosen.bands.find((b) => b.maxGrams === undefined || args.weightGrams <= b.maxGrams);
  if (band === undefined) {
    throw new ValidationError('NO_SHIPPING_RATE', `parcel of ${args.weightGrams} g exceeds every band of rate ${chosen.id}`, {
      rateId: chosen.id,
      weightGrams: args.weightGrams,
    });
  }
  return { rateId: chosen.id, amount: readMoney(band.amount, args.currency, `shippingRates.${chosen.id}.bands.amount`) };
};
