import request from 'supertest';
import { configureOrders } from '../../../../application/orders/orderRuntime.js';
import { defaultOrderSettings, type OrderSettings } from '../../../../application/orders/orderSettings.js';
import { putSku } from '../../../../application/catalog/putSku.js';
import { applyMovement } from '../../../../application/inventory/stockMovements.js';
import { registerNode, type RegisterNodeInput } from '../../../../application/network/nodeUseCases.js';
import { inventoryDecider, inventoryStreamName, type InventoryState } from '../../../../domain/inventory/index.js';
import { orderDecider, orderStreamName, orderTotals, type Order, type OrderCommand } from '../../../../domain/order/index.js';
import { startTestOms, type TestOms } from '../../../support/testOms.js';

/** Monday 2026-03-02 09:00 UTC: a working day for every node, so promises are deterministic. */
export const NOW = new Date('2026-03-02T09:00:00.000Z');

const calendar = { workingDays: [1, 2, 3, 4, 5, 6], holidays: [] };
const shop = { open: '09:00', close: '20:00' };

export const NODES: readonly RegisterNodeInput[] = [
  {
    id: 'dc-paris', type: 'dc', name: 'Paris DC', capabilities: ['ship', 'shipToStore'], processingHours: 4, cutoffLocal: '16:00', dailyCapacity: 5000, calendar,
    location: { lat: 48.9, lng: 2.45, country: 'FR', region: 'IDF', postalCode: '93200', timezone: 'Europe/Paris' },
  },
  {
    id: 'dc-berlin', type: 'dc', name: 'Berlin DC', capabilities: ['ship', 'shipToStore'], processingHours: 4, cutoffLocal: '16:00', dailyCapacity: 5000, calendar,
    location: { lat: 52.45, lng: 13.5, country: 'DE', region: 'BE', postalCode: '12487', timezone: 'Europe/Berlin' },
  },
  {
    id: 'store-12', type: 'store', name: 'Paris Store 12', capabilities: ['ship', 'pickup', 'shipToStore'], processingHours: 2, cutoffLocal: '17:00', dailyCapacity: 300,
    calendar: { ...calendar, openingHours: shop },
    location: { lat: 48.8606, lng: 2.347, country: 'FR', region: 'IDF', postalCode: '75001', timezone: 'Europe/Paris' },
  },
  {
    id: 'store-london', type: 'store', name: 'London Store', capabilities: ['ship', 'pickup'], processingHours: 2, cutoffLocal: '17:00', dailyCapacity: 300,
    calendar: { ...calendar, openingHours: shop },
    location: { lat: 51.5152, lng: -0.1419, country: 'GB', region: 'ENG', postalCode: 'W1C 1DX', timezone: 'Europe/London' },
  },
];

export const SKUS = {
  TEE: { name: 'T-shirt', prices: { EUR: '19.99', GBP: '17.50' }, weightGrams: 200, taxClass: 'standard' },
  MUG: { name: 'Mug', prices: { EUR: '12.50', GBP: '11.00' }, weightGrams: 400, taxClass: 'standard' },
  BOOK: { name: 'Cook book', prices: { EUR: '32.00' }, weightGrams: 900, taxClass: 'reduced' },
  LAST: { name: 'Last unit', prices: { EUR: '99.00' }, weightGrams: 1000, taxClass: 'standard' },
  COAT: { name: 'Wool coat', prices: { EUR: '400.00', GBP: '350.00' }, weightGrams: 1500, taxClass: 'standard' },
} as const;

/** [node, sku, units] */
export const STOCK: readonly (readonly [string, string, number])[] = [
  ['dc-paris', 'TEE', 50], ['dc-berlin', 'TEE', 20], ['store-12', 'TEE', 5], ['store-london', 'TEE', 10],
  ['dc-paris', 'MUG', 10], ['store-12', 'MUG', 3],
  ['dc-berlin', 'BOOK', 10],
  ['dc-paris', 'LAST', 1],
  ['store-london', 'COAT', 4],
];

/** A Paris address (the contract's shape: coordinates, country, region, postal code). */
export const PARIS = { lat: 48.8566, lng: 2.3522, country: 'FR', region: 'IDF', postalCode: '75004' };
export const LYON = { lat: 45.764, lng: 4.8357, country: 'FR', region: 'ARA', postalCode: '69002' };

export type OrdersOms = TestOms & Readonly<{ settings: OrderSettings; setNow: (at: Date) => void }>;

/**
 * A test OMS seeded through the real command path (the inventory feature's use cases), with the
 * projections caught up and order settings that never cache read models (each test sees the
 * latest read-model state). The order process managers are off unless `processes` is set: these
 * tests play the process's part themselves (`driveToReleased`).
 */
export const startOrdersOms = async (
  overrides: Partial<OrderSettings> = {},
  opts: Readonly<{ processes?: boolean; env?: NodeJS.ProcessEnv }> = {},
): Promise<OrdersOms> => {
  let now = NOW;
  const t = await startTestOms(
    { OMS_REAPER_INTERVAL_MS: '3600000', OMS_INVENTORY_VERIFY_INTERVAL_MS: '0', ...opts.env },
    // The order process managers are another feature: off unless a test exercises the whole flow.
    { clock: () => now, ...(opts.processes ? {} : { processes: { disabled: true } }) },
  );
  const deps = { commands: t.oms.commands, eventStore: t.oms.eventStore };
  const meta = (id: string) => ({ now: NOW.toISOString(), commandId: `seed-${id}`, actor: { kind: 'operator' as const, id: 'seed' } });
  for (const n of NODES) await registerNode(deps, n, meta(`node-${n.id}`));
  for (const [sku, input] of Object.entries(SKUS)) await putSku(deps, sku, input, meta(`sku-${sku}`));
  for (const [node, sku, quantity] of STOCK) await applyMovement(deps, 'receipt', { node, sku, quantity, reference: 'OPENING' }, meta(`stock-${node}-${sku}`));
  const settings: OrderSettings = { ...defaultOrderSettings(), networkCacheMs: 0, availabilityCacheMs: 0, ...overrides };
  configureOrders(t.oms, settings);
  await settle(t);
  return { ...t, settings, setNow: (at: Date) => (now = at) };
};

/**
 * Waits until every projection has applied the last event it subscribes to. (The host's
 * `waitUntilCaughtUp` waits for the log's head, which a filtered projection only reports now and
 * then once the tail of the log is filtered out for it.)
 */
export const settle = async (t: TestOms, timeoutMs = 10_000): Promise<void> => {
  for (const status of t.oms.projections.statuses()) {
    const name = status.processor.replace(/_v\d+$/, '');
    const runner = t.oms.projections.runner(name);
    if (!runner) continue;
    for await (const last of t.oms.eventStore.readAll({ direction: 'backwards', maxCount: 1, filter: runner.projection.filter })) {
      await runner.waitFor(last.position, timeoutMs);
    }
  }
};

export const orderBody = (overrides: Record<string, unknown> = {}) => ({
  channel: 'web',
  customerId: 'cust-1',
  currency: 'EUR',
  deliveryMethod: 'standard',
  destination: PARIS,
  lines: [{ sku: 'TEE', quantity: 2 }],
  coupons: [],
  ...overrides,
});

export const place = (t: TestOms, body: unknown, key?: string) => {
  const r = request(t.app).post('/orders').set('Content-Type', 'application/json');
  return (key ? r.set('Idempotency-Key', key) : r).send(body as object);
};

/** Availability of a position as the inventory aggregate (the authority) sees it. */
export const position = async (t: TestOms, node: string, sku: string): Promise<InventoryState> =>
  (await t.oms.commands.load(inventoryDecider, inventoryStreamName(node, sku))).state as InventoryState;

const SYSTEM = { kind: 'system' as const, id: 'test-process' };

/** Sends an order command as the process manager would (payment, sourcing, release are its job). */
export const orderCommand = async (t: TestOms, orderId: string, type: string, data: unknown, key = `${type}-${orderId}`) =>
  t.oms.commands.handle(orderDecider, orderStreamName(orderId), { type, data, metadata: { now: NOW.toISOString(), commandId: key, actor: SYSTEM } } as OrderCommand);

export const loadOrder = async (t: TestOms, orderId: string): Promise<Order> =>
  (await t.oms.commands.load(orderDecider, orderStreamName(orderId))).state as Order;

/** Payment authorized for the total, units allocated at the checkout nodes, and released to them. */
export const driveToReleased = async (t: TestOms, orderId: string): Promise<Order> => {
  let order = await loadOrder(t, orderId);
  const total = orderTotals(order).total;
  await orderCommand(t, orderId, 'RecordPaymentAuthorized', { tenderId: 'card-1', method: 'card', amount: total });
  order = await loadOrder(t, orderId);
  const allocations = order.lines.filter((l) => l.proposedNode).map((l) => ({ lineId: l.lineId, node: l.proposedNode!, quantity: l.quantity }));
  await orderCommand(t, orderId, 'RecordSourcing', { allocations });
  for (const node of new Set(allocations.map((a) => a.node))) await orderCommand(t, orderId, 'ReleaseToNode', { node }, `release-${orderId}-${node}`);
  return loadOrder(t, orderId);
};
