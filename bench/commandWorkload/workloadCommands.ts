import { DEFAULT_TAX_RULES, priceOrder, pricingToJson, type ShippingRate } from '../../domain/pricing/index.js';
import { inventoryStreamName, type ReceiveStock, type ReserveStock } from '../../domain/inventory/index.js';
import { orderStreamName, type PlaceOrder } from '../../domain/order/index.js';
import type { CommandMetadata } from '../../domain/shared/decider.js';

/**
 * The command workload both systems run, built once before timing so that neither system pays
 * for building commands (pricing an order is the checkout's work, not the command handler's).
 *
 * One "order" = 3 ReserveStock commands on 3 inventory streams (one per line, run concurrently,
 * as a checkout does) followed by 1 PlaceOrder with those 3 lines on its own order stream.
 * `distinct`: every order reserves on its own 3 SKUs (no stream is shared between orders).
 * `hot`: every order reserves on the same 3 SKUs (three hot streams shared by all orders).
 * `reserve-only`: `distinct` without the PlaceOrder: the cheap decider (~30 µs) leaves the
 * command-handling and store machinery as the cost, where PlaceOrder's pricing check (~0.5 ms of
 * decimal arithmetic, the same in both systems) otherwise dominates.
 */
export type Variant = 'distinct' | 'hot' | 'reserve-only';

export type Addressed<C> = Readonly<{ stream: string; command: C }>;
export type OrderWork = Readonly<{ reservations: readonly Addressed<ReserveStock>[]; placement?: Addressed<PlaceOrder> }>;
export type Workload = Readonly<{ variant: Variant; stock: readonly Addressed<ReceiveStock>[]; orders: readonly OrderWork[] }>;

/** Fixed business time: the deciders never read the clock, so the workload is reproducible. */
const NOW = '2025-03-03T09:00:00.000Z';
const EXPIRES = '2025-03-03T09:30:00.000Z';
const NODE = 'dc-paris';
const LINES_PER_ORDER = 3;

const SHIPPING: ShippingRate[] = [
  { id: 'std-fr', deliveryMethod: 'standard', countries: ['FR'], bands: [{ maxGrams: 2000, amount: { amount: '5.90', currency: 'EUR' } }, { amount: { amount: '9.90', currency: 'EUR' } }] },
];
const PRICES = ['30.00', '12.50', '7.99'];
const TAX_CLASSES = ['standard', 'reduced', 'standard'];

const meta = (commandId: string): CommandMetadata => ({ now: NOW, commandId, actor: { kind: 'customer', id: 'bench' } });

const skuFor = (variant: Variant, run: string, order: number, line: number): string =>
  variant === 'hot' ? `SKU-${run}-HOT-${line}` : `SKU-${run}-${order}-${line}`;

const placeOrderCommand = (run: string, order: number, skus: readonly string[], reservationIds: readonly string[]): Addressed<PlaceOrder> => {
  const orderId = `ord-${run}-${order}`;
  const lines = skus.map((sku, i) => ({
    lineId: `L${i + 1}`, sku, quantity: 1 + (i % 2), unitPrice: { amount: PRICES[i]!, currency: 'EUR' }, taxClass: TAX_CLASSES[i]!, weightGrams: 300,
  }));
  const pricing = pricingToJson(
    priceOrder({ currency: 'EUR', lines, destination: { country: 'FR' }, deliveryMethod: 'standard', taxRules: DEFAULT_TAX_RULES, shippingRates: SHIPPING }),
  );
  return {
    stream: orderStreamName(orderId),
    command: {
      type: 'PlaceOrder',
      data: {
        orderId,
        channel: 'web',
        customerId: `cust-${order % 97}`,
        currency: 'EUR',
        deliveryMethod: 'standard',
        destination: { name: 'Camille Martin', line1: '10 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
        lines: lines.map((l, i) => ({ ...l, node: NODE, reservationId: reservationIds[i]! })),
        pricing,
        promise: { earliest: '2025-03-05T09:00:00.000Z', latest: '2025-03-07T09:00:00.000Z' },
        trackingTokenHash: 'sha256:9f86d081884c7d659a2feaa0c55ad015',
        reservationIds: [...reservationIds],
        locale: 'fr-FR',
      },
      metadata: meta(`${orderId}:place`),
    },
  };
};

/** `run` keeps stream names unique per run, so runs sharing one database never collide. */
export const buildWorkload = (variant: Variant, orderCount: number, run: string): Workload => {
  const stockPerStream = variant === 'hot' ? 2 * orderCount : 10;
  const skus = new Set<string>();
  const orders: OrderWork[] = [];
  for (let o = 0; o < orderCount; o++) {
    const lineSkus = Array.from({ length: LINES_PER_ORDER }, (_, line) => skuFor(variant, run, o, line));
    lineSkus.forEach((sku) => skus.add(sku));
    const reservations = lineSkus.map((sku, line): Addressed<ReserveStock> => {
      const reservationId = `res-${run}-${o}-${line}`;
      return {
        stream: inventoryStreamName(NODE, sku),
        command: {
          type: 'ReserveStock',
          data: { nodeId: NODE, sku, reservationId, orderId: `ord-${run}-${o}`, lineId: `L${line + 1}`, quantity: 1 + (line % 2), expiresAt: EXPIRES },
          metadata: meta(`${reservationId}:reserve`),
        },
      };
    });
    const reservationIds = reservations.map((r) => r.command.data.reservationId);
    orders.push(variant === 'reserve-only' ? { reservations } : { reservations, placement: placeOrderCommand(run, o, lineSkus, reservationIds) });
  }
  const stock = [...skus].map((sku): Addressed<ReceiveStock> => ({
    stream: inventoryStreamName(NODE, sku),
    command: { type: 'ReceiveStock', data: { nodeId: NODE, sku, quantity: stockPerStream, reference: `asn-${run}-${sku}` }, metadata: meta(`${run}:${sku}:receive`) },
  }));
  return { variant, stock, orders };
};
