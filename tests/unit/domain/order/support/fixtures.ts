import type { Actor, CommandMetadata } from '../../../../../domain/shared/decider.js';
import { fold } from '../../../../../domain/shared/decider.js';
import { DEFAULT_TAX_RULES, priceOrder, pricingToJson, type DeliveryMethod, type PricingJson, type ShippingRate } from '../../../../../domain/pricing/index.js';
import {
  activeQuantity, orderDecider, type Address, type Order, type OrderCommand, type OrderEvent, type OrderState, type PlaceOrder,
} from '../../../../../domain/order/index.js';

/** Shared fixtures for the order tests: a small French order priced by the real pricing engine. */

export const T0 = '2025-03-03T09:00:00.000Z';
export const later = (hours: number, from = T0): string => new Date(Date.parse(from) + hours * 3_600_000).toISOString();
export const AGENT: Actor = { kind: 'agent', id: 'agent-7' };

let seq = 0;
export const meta = (now = T0, extra: Partial<CommandMetadata> = {}): CommandMetadata => ({ now, commandId: `cmd-${++seq}`, actor: AGENT, ...extra });

export const command = <C extends OrderCommand>(type: C['type'], data: C['data'], now = T0, extra: Partial<CommandMetadata> = {}): C =>
  ({ type, data, metadata: meta(now, extra) }) as C;

export const PARIS: Address = { name: 'Camille Martin', line1: '10 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' };
export const BERLIN: Address = { name: 'Camille Martin', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' };

export const SHIPPING_RATES: ShippingRate[] = [
  { id: 'std-eu', deliveryMethod: 'standard', countries: ['FR', 'DE'], bands: [{ maxGrams: 2000, amount: { amount: '5.90', currency: 'EUR' } }, { amount: { amount: '9.90', currency: 'EUR' } }] },
  { id: 'exp-eu', deliveryMethod: 'express', countries: ['FR', 'DE'], bands: [{ amount: { amount: '14.90', currency: 'EUR' } }] },
  { id: 's2s', deliveryMethod: 'ship_to_store', bands: [{ amount: { amount: '0.00', currency: 'EUR' } }] },
];

export type LineSpec = { lineId: string; sku: string; quantity: number; unitPrice: string; taxClass: string; weightGrams?: number; node?: string; reservationId?: string };

export const TWO_LINES: LineSpec[] = [
  { lineId: 'L1', sku: 'SKU-SHIRT', quantity: 2, unitPrice: '30.00', taxClass: 'standard', weightGrams: 300, node: 'dc-paris', reservationId: 'res-1' },
  { lineId: 'L2', sku: 'SKU-BOOK', quantity: 1, unitPrice: '12.50', taxClass: 'reduced', weightGrams: 400, node: 'dc-paris', reservationId: 'res-2' },
];

export const price = (lines: readonly Pick<LineSpec, 'lineId' | 'sku' | 'quantity' | 'unitPrice' | 'taxClass' | 'weightGrams'>[], method: DeliveryMethod, country = 'FR'): PricingJson =>
  pricingToJson(
    priceOrder({
      currency: 'EUR',
      lines: lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, unitPrice: { amount: l.unitPrice, currency: 'EUR' }, taxClass: l.taxClass, weightGrams: l.weightGrams })),
      destination: { country },
      deliveryMethod: method,
      taxRules: DEFAULT_TAX_RULES,
      shippingRates: SHIPPING_RATES,
    }),
  );

/** Re-prices an order's active lines (optionally with one line's new quantity) for an edit. */
export const reprice = (order: Order, method: DeliveryMethod = order.deliveryMethod, country = order.destination?.country ?? 'FR', quantities: Record<string, number> = {}): PricingJson =>
  price(
    order.lines
      .map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: quantities[l.lineId] ?? activeQuantity(l), unitPrice: l.unitPrice.amount, taxClass: l.taxClass, weightGrams: l.weightGrams }))
      .filter((l) => l.quantity > 0),
    method,
    country,
  );

export const placeOrder = (
  opts: { orderId?: string; lines?: LineSpec[]; deliveryMethod?: DeliveryMethod; pickupNode?: string; channel?: PlaceOrder['data']['channel'] } = {},
): PlaceOrder => {
  const lines = opts.lines ?? TWO_LINES;
  const method = opts.deliveryMethod ?? 'standard';
  const pickup = method === 'pickup' || method === 'ship_to_store';
  return command<PlaceOrder>('PlaceOrder', {
    orderId: opts.orderId ?? 'ord-1001',
    channel: opts.channel ?? 'web',
    customerId: 'cust-42',
    currency: 'EUR',
    deliveryMethod: method,
    ...(pickup ? { pickupNode: opts.pickupNode ?? 'store-lyon' } : { destination: PARIS }),
    lines: lines.map((l) => ({
      lineId: l.lineId,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: { amount: l.unitPrice, currency: 'EUR' },
      taxClass: l.taxClass,
      ...(l.weightGrams ? { weightGrams: l.weightGrams } : {}),
      ...(l.node ? { node: method === 'pickup' ? opts.pickupNode ?? 'store-lyon' : l.node } : {}),
      ...(l.reservationId ? { reservationId: l.reservationId } : {}),
    })),
    pricing: price(lines, method),
    promise: { earliest: later(48), latest: later(96) },
    trackingTokenHash: 'sha256:9f86d081884c7d659a2feaa0c55ad015',
    reservationIds: lines.flatMap((l) => (l.reservationId ? [l.reservationId] : [])),
    locale: 'fr-FR',
  });
};

/** Runs commands from a state, returning every event and the final state (decide → evolve each step). */
export const run = (commands: readonly OrderCommand[], from: OrderState = orderDecider.initialState()): { state: OrderState; events: OrderEvent[] } => {
  let state = from;
  const events: OrderEvent[] = [];
  for (const c of commands) {
    const decided = orderDecider.decide(c, state);
    events.push(...decided);
    state = fold(orderDecider, decided, state);
  }
  return { state, events };
};

export const asOrder = (s: OrderState): Order => {
  if (s.status === 'none') throw new Error('no order');
  return s as Order;
};

export const replay = (events: readonly OrderEvent[]): OrderState => fold(orderDecider, events);
