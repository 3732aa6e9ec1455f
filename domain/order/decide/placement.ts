import { ValidationError } from '../../shared/errors.js';
import { fromJson, toJson } from '../../shared/money.js';
import { computeTotals, zeroAmounts } from '../amounts.js';
import type { PlaceOrder } from '../commands.js';
import type { OrderPlaced, PlacedLine } from '../events.js';
import { acceptPricing } from '../reprice.js';
import { validatePlaceOrderShape } from '../validateCommand.js';

/**
 * OrderPlaced: the order as captured at checkout, with the pricing the customer accepted. The
 * pricing must price exactly these lines at these unit prices and add up; `node` per line is the
 * checkout sourcing proposal (confirmed later by RecordSourcing, after payment and fraud gates).
 */
export const placeOrder = (command: PlaceOrder): OrderPlaced[] => {
  const d = command.data;
  validatePlaceOrderShape(d);
  const pricing = acceptPricing(d.currency, d.lines, d.pricing);
  const lines: PlacedLine[] = d.lines.map((l) => {
    const priced = d.pricing.lines.find((p) => p.lineId === l.lineId)!;
    if (toJson(fromJson(priced.unitPrice)).amount !== toJson(fromJson(l.unitPrice)).amount) {
      throw new ValidationError('PRICING_MISMATCH', `line ${l.lineId} is priced at ${priced.unitPrice.amount}, the order says ${l.unitPrice.amount}`, { lineId: l.lineId });
    }
    const accepted = pricing.lines.get(l.lineId)!;
    return {
      lineId: l.lineId,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: toJson(fromJson(l.unitPrice)),
      taxClass: l.taxClass,
      taxRate: accepted.taxRate,
      ...(l.weightGrams === undefined ? {} : { weightGrams: l.weightGrams }),
      ...(l.node === undefined ? {} : { proposedNode: l.node }),
      ...(l.reservationId === undefined ? {} : { reservationId: l.reservationId }),
      amounts: accepted.amounts ?? zeroAmounts(d.currency),
    };
  });
  const totals = computeTotals(d.currency, lines, pricing.shipping);
  const isPickup = d.deliveryMethod === 'pickup' || d.deliveryMethod === 'ship_to_store';
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId: d.orderId,
        channel: d.channel,
        customerId: d.customerId,
        currency: d.currency,
        locale: d.locale,
        deliveryMethod: d.deliveryMethod,
        ...(!isPickup && d.destination ? { destination: d.destination } : {}),
        ...(isPickup ? { pickupNode: d.pickupNode! } : {}),
        lines,
        shipping: pricing.shipping,
        taxInclusive: pricing.taxInclusive,
        totals,
        promotions: (d.pricing.promotions?.applied ?? []).map((p) => ({ id: p.id, ...(p.code ? { code: p.code } : {}), amount: p.amount })),
        ...(d.promise ? { promise: d.promise } : {}),
        trackingTokenHash: d.trackingTokenHash,
        reservationIds: [...d.reservationIds],
        paymentRequired: !fromJson(totals.total).amount.isZero(),
        placedAt: command.metadata.now,
        ...(d.checkout ? { checkout: d.checkout } : {}),
      },
    },
  ];
};
