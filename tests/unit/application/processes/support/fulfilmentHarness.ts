import { createCommandHandler, loadAggregate, type CommandHandler } from '../../../../../application/commandHandler.js';
import { deriveCommandId } from '../../../../../application/eventIds.js';
import { registerNode } from '../../../../../application/network/nodeUseCases.js';
import type { FulfilmentSettings } from '../../../../../application/processes/fulfilmentContext.js';
import { fulfilmentLedgerDecider, fulfilmentStreamName, type LedgerState } from '../../../../../application/processes/fulfilmentLedger.js';
import { createOrderProcesses, type OrderProcesses } from '../../../../../application/processes/orderProcesses.js';
import { createStockSourcer } from '../../../../../application/processes/sourcer.js';
import { availableToSell, inventoryDecider, inventoryStreamName, type InventoryState } from '../../../../../domain/inventory/index.js';
import type { NodeCapability, NodeType } from '../../../../../domain/network/index.js';
import { isPlaced, orderDecider, orderStreamName, type Order, type OrderCommand, type PlaceOrder } from '../../../../../domain/order/index.js';
import type { DeliveryMethod } from '../../../../../domain/pricing/index.js';
import type { Actor } from '../../../../../domain/shared/decider.js';
import { createSimulatedGateway, type SimulatedGateway } from '../../../../../infrastructure/payments/simulatedGateway.js';
import { memorySimulatorStore, type SimulatorStore } from '../../../../../infrastructure/payments/simulatorStore.js';
import { CHECKPOINTS } from '../../../../../projections/runtime/checkpoints.js';
import { PARIS, price } from '../../../domain/order/support/fixtures.js';
import { openSharedStores, tempDir, until, type SharedStores } from './sharedStores.js';

/**
 * The order fulfilment process over real embedded stores (one SQLite file), the command handler,
 * the payment simulator and a stock sourcer, with every deadline shortened. Orders are placed the
 * way checkout does it: hold stock per line at its node, then PlaceOrder.
 */
export const FAST: Partial<FulfilmentSettings> = {
  paymentDeclineDeadlineMs: 20_000,
  acceptanceTimeoutMs: 20_000,
  paymentPollMs: 50,
  holdTtlMs: 60_000,
};

export const AGENT: Actor = { kind: 'agent', id: 'agent-7' };
export type NodeSpec = Readonly<{ id: string; type?: NodeType; capabilities?: readonly NodeCapability[] }>;
export type LineSpec = Readonly<{ lineId: string; sku: string; quantity: number; unitPrice: string; node?: string }>;
export type Hold = Readonly<{ node: string; sku: string; lineId: string; reservationId: string; quantity: number; status: string }>;

export type Harness = Readonly<{
  stores: SharedStores;
  commands: CommandHandler;
  gateway: SimulatedGateway;
  gatewayStore: SimulatorStore;
  processes: OrderProcesses;
  nodes: string[];
  receive: (node: string, sku: string, quantity: number) => Promise<void>;
  place: (spec: { orderId: string; customerId?: string; lines: readonly LineSpec[]; deliveryMethod?: DeliveryMethod; pickupNode?: string }) => Promise<void>;
  send: (orderId: string, type: OrderCommand['type'], data: unknown, key?: string) => Promise<void>;
  order: (orderId: string) => Promise<Order>;
  ledger: (orderId: string) => Promise<LedgerState>;
  position: (node: string, sku: string) => Promise<InventoryState>;
  holds: (orderId: string, skus: readonly string[]) => Promise<Hold[]>;
  settle: () => Promise<void>;
  /** Stops the processes and starts new ones over the same stores (optionally from no checkpoint: full re-delivery). */
  restart: (options?: { resetCheckpoint?: boolean }) => Promise<void>;
  waitFor: (what: string, condition: () => Promise<boolean>, timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
}>;

let seq = 0;

export const startHarness = async (
  nodes: readonly NodeSpec[],
  options: { settings?: Partial<FulfilmentSettings>; pendingMs?: number; dir?: string } = {},
): Promise<Harness> => {
  const tmp = options.dir ? undefined : tempDir();
  const stores = await openSharedStores(options.dir ?? tmp!.dir);
  const commands = createCommandHandler({ eventStore: stores.eventStore });
  const now = () => new Date().toISOString();
  const meta = (key: string) => ({ now: now(), commandId: key, actor: AGENT });
  for (const n of nodes) {
    await registerNode({ commands, eventStore: stores.eventStore }, {
      id: n.id, type: n.type ?? 'dc', name: n.id,
      location: { lat: 48.85, lng: 2.35, country: 'FR', timezone: 'Europe/Paris' },
      capabilities: [...(n.capabilities ?? ['ship', 'pickup'])], processingHours: 4, cutoffLocal: '17:00', dailyCapacity: 1000,
    }, meta(`register-${n.id}`));
  }
  const position = async (node: string, sku: string) => (await loadAggregate(stores.eventStore, inventoryDecider, inventoryStreamName(node, sku))).state;
  const gatewayStore = memorySimulatorStore();
  const gateway = createSimulatedGateway({ store: gatewayStore, pendingMs: options.pendingMs ?? 0 });
  const nodeIds = nodes.map((n) => n.id);
  const create = () => createOrderProcesses({
    eventStore: stores.eventStore,
    readStore: stores.readStore,
    commands,
    gateway,
    sourcer: createStockSourcer(async (sku) => Promise.all(nodeIds.map(async (nodeId) => ({ nodeId, available: availableToSell(await position(nodeId, sku)) })))),
    clock: () => new Date(),
    instanceId: 'test',
    useLeases: false,
    settings: { ...FAST, ...options.settings },
    timerPollMs: 20,
    retry: { minDelayMs: 10, maxDelayMs: 100, unexpectedAttempts: 2 },
  });
  let processes = create();
  await processes.start();

  const order = async (orderId: string) => {
    const { state } = await loadAggregate(stores.eventStore, orderDecider, orderStreamName(orderId));
    if (!isPlaced(state)) throw new Error(`no order ${orderId}`);
    return state;
  };

  return {
    stores,
    commands,
    gateway,
    gatewayStore,
    get processes() {
      return processes;
    },
    nodes: nodeIds,
    receive: async (node, sku, quantity) => {
      await commands.handle(inventoryDecider, inventoryStreamName(node, sku), {
        type: 'ReceiveStock', data: { nodeId: node, sku, quantity, reference: `r-${++seq}` }, metadata: meta(`receive-${++seq}-${node}-${sku}`),
      });
    },
    place: async (spec) => {
      const method = spec.deliveryMethod ?? 'standard';
      const expiresAt = new Date(Date.now() + 600_000).toISOString();
      const lines = [];
      for (const l of spec.lines) {
        const node = method === 'pickup' ? spec.pickupNode : l.node;
        const reservationId = node ? deriveCommandId(spec.orderId, `hold:${l.lineId}`) : undefined;
        if (node && reservationId) {
          await commands.handle(inventoryDecider, inventoryStreamName(node, l.sku), {
            type: 'ReserveStock', data: { nodeId: node, sku: l.sku, reservationId, orderId: spec.orderId, lineId: l.lineId, quantity: l.quantity, expiresAt },
            metadata: meta(deriveCommandId(reservationId, 'reserve')),
          });
        }
        lines.push({ ...l, taxClass: 'standard', weightGrams: 200, ...(node ? { node } : {}), ...(reservationId ? { reservationId } : {}) });
      }
      const pickup = method === 'pickup' || method === 'ship_to_store';
      const command: PlaceOrder = {
        type: 'PlaceOrder',
        data: {
          orderId: spec.orderId, channel: 'web', customerId: spec.customerId ?? 'cust-1', currency: 'EUR', deliveryMethod: method,
          ...(pickup ? { pickupNode: spec.pickupNode! } : { destination: PARIS }),
          lines: lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, unitPrice: { amount: l.unitPrice, currency: 'EUR' }, taxClass: 'standard', weightGrams: 200, ...(l.node ? { node: l.node } : {}), ...(l.reservationId ? { reservationId: l.reservationId } : {}) })),
          pricing: price(lines, method),
          trackingTokenHash: 'sha256:test',
          reservationIds: lines.flatMap((l) => (l.reservationId ? [l.reservationId] : [])),
          locale: 'fr-FR',
        },
        metadata: meta(`place-${spec.orderId}`),
      };
      await commands.handle(orderDecider, orderStreamName(spec.orderId), command);
    },
    send: async (orderId, type, data, key) => {
      await commands.handle(orderDecider, orderStreamName(orderId), { type, data, metadata: meta(key ?? `${type}-${orderId}-${++seq}`) } as OrderCommand);
    },
    order,
    ledger: async (orderId) => (await loadAggregate(stores.eventStore, fulfilmentLedgerDecider, fulfilmentStreamName(orderId))).state,
    position,
    holds: async (orderId, skus) => {
      const out: Hold[] = [];
      for (const node of nodeIds) {
        for (const sku of skus) {
          for (const r of (await position(node, sku)).reservations.values()) {
            if (r.orderId === orderId) out.push({ node, sku, lineId: r.lineId, reservationId: r.reservationId, quantity: r.quantity, status: r.status });
          }
        }
      }
      return out.sort((a, b) => a.lineId.localeCompare(b.lineId) || a.node.localeCompare(b.node));
    },
    settle: () => processes.waitUntilIdle(10_000),
    restart: async ({ resetCheckpoint = false } = {}) => {
      await processes.stop();
      if (resetCheckpoint) await stores.readStore.collection(CHECKPOINTS).deleteOne({ _id: processes.runner.processor });
      processes = create();
      await processes.start();
    },
    waitFor: (what, condition, timeoutMs = 5_000) => until(condition, timeoutMs, what),
    close: async () => {
      await processes.stop();
      await stores.close();
      tmp?.remove();
    },
  };
};
