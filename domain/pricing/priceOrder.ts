import { ValidationError } from '../shared/errors.js';
import { add, money, roundMoney, subtract, sum, zero, type Money } from '../shared/money.js';
import { dutiesFor } from './duties.js';
import { applyPromotions } from './promotions.js';
import { shippingCharge } from './shipping.js';
import { findTaxRule, taxOn, taxRatePercent } from './tax.js';
import { DELIVERY_METHODS, type PricedLine, type PricingInput, type PricingResult, type Totals } from './types.js';
import { assertCurrency, assertPositiveInteger, readMoney } from './validate.js';

/** Added tax counts towards what the customer pays; included tax is already inside the prices. */
const payable = (base: Money, tax: Money, inclusive: boolean): Money => (inclusive ? base : add(base, tax));

/** The one identity every total satisfies: total = subtotal − discount + shipping + added tax + duties. */
export const totalsFrom = (
  currency: string,
  parts: { subtotal: Money; discount: Money; shipping: Money; tax: Money; duties: Money },
  taxInclusive: boolean,
): Totals => ({
  currency,
  ...parts,
  total: add(payable(add(subtract(parts.subtotal, parts.discount), parts.shipping), parts.tax, taxInclusive), parts.duties),
});

/**
 * Prices an order: catalog amounts → promotions (allocated to lines) → shipping → tax by
 * destination (extracted from VAT-inclusive prices or added as sales tax) → duties for
 * cross-border lines above de minimis. Every amount is rounded half-even at line level, and the
 * totals are sums of the rounded line amounts, so the totals identity holds exactly.
 */
export const priceOrder = (input: PricingInput): PricingResult => {
  const currency = assertCurrency(input.currency);
  if (!Array.isArray(input.lines) || input.lines.length === 0) {
    throw new ValidationError('NO_LINES', 'an order needs at least one line', { field: 'lines' });
  }
  if (!(DELIVERY_METHODS as readonly string[]).includes(input.deliveryMethod)) {
    throw new ValidationError('INVALID_DELIVERY_METHOD', `deliveryMethod must be one of ${DELIVERY_METHODS.join(', ')}`, { value: input.deliveryMethod });
  }
  const { country, region } = input.destination;
  const lines = input.lines.map((l, i) => {
    const quantity = assertPositiveInteger(l.quantity, `lines[${i}].quantity`);
    const unitPrice = readMoney(l.unitPrice, currency, `lines[${i}].unitPrice`);
    return { ...l, quantity, unitPrice, subtotal: roundMoney(money(unitPrice.amount.times(quantity), currency)) };
  });
  const weightGrams = lines.reduce((g, l) => g + (l.weightGrams ?? 0) * l.quantity, 0);
  const shippingFor = (discountedSubtotal: Money): Money =>
    shippingCharge(input.shippingRates ?? [], { currency, method: input.deliveryMethod, country, region, weightGrams, discountedSubtotal }).amount;

  const promo = applyPromotions({
    promotions: input.promotions ?? [],
    coupons: input.coupons ?? [],
    at: input.at,
    lines,
    currency,
    shippingFor,
  });
  const discounted = lines.map((l, i) => subtract(l.subtotal, promo.lineDiscounts[i]!));
  const shipping = shippingCharge(input.shippingRates ?? [], {
    currency, method: input.deliveryMethod, country, region, weightGrams, discountedSubtotal: sum(discounted, currency),
  });

  const rule = findTaxRule(input.taxRules, country, region);
  const inclusive = rule.pricesIncludeTax;
  const taxed = lines.map((l, i) => {
    const rate = taxRatePercent(rule, l.taxClass);
    return { rate, ...taxOn(discounted[i]!, rate, inclusive) };
  });
  const duties = dutiesFor(
    taxed.map((t, i) => ({ net: t.net, originCountry: lines[i]!.originCountry })),
    { currency, destinationCountry: country, rules: input.dutyRules ?? [] },
  );

  const pricedLines: PricedLine[] = lines.map((l, i) => {
    const { rate, tax, net } = taxed[i]!;
    const { duty, merchantDuty } = duties[i]!;
    return {
      ...(l.lineId === undefined ? {} : { lineId: l.lineId }),
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      taxClass: l.taxClass,
      subtotal: l.subtotal,
      discount: promo.lineDiscounts[i]!,
      taxRate: rate.toString(),
      tax,
      net,
      duty,
      merchantDuty,
      total: add(payable(discounted[i]!, tax, inclusive), duty),
    };
  });

  const shippingNet = subtract(shipping.amount, promo.shippingDiscount);
  const shippingTax = rule.shippingTaxable
    ? taxOn(shippingNet, taxRatePercent(rule, rule.shippingTaxClass ?? 'standard'), inclusive).tax
    : zero(currency);
  const pricedShipping = {
    rateId: shipping.rateId,
    amount: shipping.amount,
    discount: promo.shippingDiscount,
    tax: shippingTax,
    total: payable(shippingNet, shippingTax, inclusive),
  };

  const totals = totalsFrom(
    currency,
    {
      subtotal: sum(pricedLines.map((l) => l.subtotal), currency),
      discount: add(sum(pricedLines.map((l) => l.discount), currency), promo.shippingDiscount),
      shipping: shipping.amount,
      tax: add(sum(pricedLines.map((l) => l.tax), currency), shippingTax),
      duties: sum(pricedLines.map((l) => l.duty), currency),
    },
    inclusive,
  );
  return {
    currency,
    taxInclusive: inclusive,
    lines: pricedLines,
    shipping: pricedShipping,
    totals,
    merchantDuties: sum(pricedLines.map((l) => l.merchantDuty), currency),
    promotions: { applied: promo.applied, skipped: promo.skipped },
  };
};
