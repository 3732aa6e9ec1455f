import { expect } from 'chai';
import { ConflictError, ValidationError } from '../../../../domain/shared/errors.js';
import { priceOrder, pricingToJson, DEFAULT_TAX_RULES } from '../../../../domain/pricing/index.js';
import { lineQuantities, lineStatus, orderDecider, type OrderPlaced, type PlaceOrder } from '../../../../domain/order/index.js';
import { expectJsonSafe, specFor } from '../support/givenWhenThen.js';
import { asOrder, placeOrder, price, T0, TWO_LINES } from './support/fixtures.js';
import { historyOf, PLACE } from './support/scenarios.js';

const given = specFor(orderDecider);
const withData = (p: PlaceOrder, data: Partial<PlaceOrder['data']>): PlaceOrder => ({ ...p, data: { ...p.data, ...data } });

describe('PlaceOrder', () => {
  it('records the order as captured at checkout, priced, and moves it to placed', () => {
    const events = given([]).when(PLACE).events();
    expect(events.map((e) => e.type)).to.deep.equal(['OrderPlaced', 'OrderStatusChanged']);
    const placed = events[0] as OrderPlaced;
    expect(placed.data).to.include({ orderId: 'ord-1001', channel: 'web', customerId: 'cust-42', currency: 'EUR', deliveryMethod: 'standard', taxInclusive: true, paymentRequired: true, placedAt: T0 });
    expect(placed.data.totals.total).to.deep.equal({ amount: '78.40', currency: 'EUR' });
    expect(placed.data.lines[1]).to.deep.include({ lineId: 'L2', taxRate: '5.5', proposedNode: 'dc-paris', reservationId: 'res-2' });
    expect(placed.data.lines[1]!.amounts).to.deep.equal({
      subtotal: { amount: '12.50', currency: 'EUR' },
      discount: { amount: '0.00', currency: 'EUR' },
      tax: { amount: '0.65', currency: 'EUR' },
      duty: { amount: '0.00', currency: 'EUR' },
      merchantDuty: { amount: '0.00', currency: 'EUR' },
      total: { amount: '12.50', currency: 'EUR' },
    });
    expect(events[1]!.data).to.deep.equal({ from: 'none', to: 'placed', on: 'PlaceOrder', at: T0 });
    expectJsonSafe(events);
  });

  it('starts every line open, with its quantities tracked', () => {
    const order = asOrder(given([]).when(PLACE).state());
    expect(order.lines.map(lineStatus)).to.deep.equal(['open', 'open']);
    expect(lineQuantities(order.lines[0]!)).to.deep.include({ ordered: 2, cancelled: 0, open: 2, allocated: 0, shipped: 0, delivered: 0, pickedUp: 0, returned: 0 });
    expect(order.history).to.deep.equal([{ from: 'none', to: 'placed', on: 'PlaceOrder', at: T0 }]);
  });

  it('cannot be placed twice', () => {
    const error = given(historyOf([PLACE])).when(PLACE).thenFails('ILLEGAL_TRANSITION', ConflictError);
    expect(error.details).to.deep.equal({ state: 'placed', command: 'PlaceOrder' });
  });

  it('refuses a pricing that does not price these lines, or does not add up', () => {
    const otherQty = price([{ ...TWO_LINES[0]!, quantity: 3 }, TWO_LINES[1]!], 'standard');
    given([]).when(withData(PLACE, { pricing: otherQty })).thenFails('PRICING_MISMATCH', ValidationError);
    const tampered = { ...PLACE.data.pricing, totals: { ...PLACE.data.pricing.totals, total: { amount: '70.00', currency: 'EUR' } } };
    given([]).when(withData(PLACE, { pricing: tampered })).thenFails('PRICING_INCONSISTENT', ValidationError);
    const cheaper = withData(PLACE, { lines: PLACE.data.lines.map((l) => (l.lineId === 'L2' ? { ...l, unitPrice: { amount: '10.00', currency: 'EUR' } } : l)) });
    given([]).when(cheaper).thenFails('PRICING_MISMATCH');
    given([]).when(withData(PLACE, { pricing: { ...PLACE.data.pricing, currency: 'USD' } })).thenFails('PRICING_MISMATCH');
  });

  it('validates the order shape: pickup needs a store, line ids are unique, channel is known', () => {
    const pickup = placeOrder({ deliveryMethod: 'pickup' });
    given([]).when(withData(pickup, { pickupNode: undefined })).thenFails('INVALID_COMMAND');
    given([]).when(withData(PLACE, { destination: undefined })).thenFails('INVALID_COMMAND');
    given([]).when(withData(PLACE, { lines: [PLACE.data.lines[0]!, { ...PLACE.data.lines[1]!, lineId: 'L1' }] })).thenFails('INVALID_COMMAND');
    given([]).when(withData(PLACE, { channel: 'fax' as never })).thenFails('INVALID_COMMAND');
    given([]).when(withData(PLACE, { lines: [] })).thenFails('INVALID_COMMAND');
  });

  it('treats a fully discounted order as paid: nothing to authorize', () => {
    const pricing = pricingToJson(
      priceOrder({
        currency: 'EUR',
        lines: [{ lineId: 'L1', sku: 'SKU-GIFT', quantity: 1, unitPrice: { amount: '20.00', currency: 'EUR' }, taxClass: 'standard' }],
        destination: { country: 'FR' },
        deliveryMethod: 'pickup',
        taxRules: DEFAULT_TAX_RULES,
        promotions: [{ id: 'gift', kind: 'percent_off', percent: '100', combinable: true }],
      }),
    );
    const free = placeOrder({ deliveryMethod: 'pickup', lines: [{ lineId: 'L1', sku: 'SKU-GIFT', quantity: 1, unitPrice: '20.00', taxClass: 'standard' }] });
    const state = asOrder(given([]).when(withData(free, { pricing })).state());
    expect(state.status).to.equal('payment_authorized');
    expect(state.paymentCleared).to.equal(true);
  });
});
