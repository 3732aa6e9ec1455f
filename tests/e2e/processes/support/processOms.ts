import { expect } from 'chai';
import request from 'supertest';
import { loadAggregate } from '../../../../application/commandHandler.js';
import { fulfilmentLedgerDecider, fulfilmentStreamName, type LedgerState } from '../../../../application/processes/fulfilmentLedger.js';
import type { FulfilmentSettings } from '../../../../application/processes/fulfilmentContext.js';
import { isPlaced, orderDecider, orderStreamName, type Order, type OrderCommand } from '../../../../domain/order/index.js';
import { unitsIn } from '../../../../domain/order/units.js';
import type { LineStage } from '../../../../domain/order/status.js';
import { simulatedTotals } from '../../../../infrastructure/payments/simulatedGateway.js';
import { collectionSimulatorStore } from '../../../../infrastructure/payments/simulatorStore.js';
import { SIMULATED_GATEWAY_COLLECTION } from '../../../../api/bootstrap/orderProcesses.js';
import { startTestOms, type TestOms } from '../../../support/testOms.js';

/**
 * A whole OMS (embedded stores, HTTP app, projections, the order processes with short deadlines)
 * and a small French network registered over HTTP: two DCs that ship and a Paris store for pickup.
 * Orders are placed over HTTP (`POST /orders`, real checkout sourcing and holds). Fulfilment
 * facts (shipments, deliveries, rejections, cancellations, pickups, reviews) go through `act`:
 * the order routes (`POST /orders/:id/...`), or the command where no route exists (acceptance).
 */
export type ProcessOms = Readonly<{
  t: TestOms;
  http: ReturnType<typeof request>;
  place: (body: Record<string, unknown>, key?: string) => Promise<string>;
  act: (orderId: string, type: OrderCommand['type'], data: unknown) => Promise<void>;
  order: (orderId: string) => Promise<Order>;
  ledger: (orderId: string) => Promise<LedgerState>;
  units: (orderId: string, stage: LineStage, node?: string) => Promise<number>;
  stock: (sku: string) => Promise<Record<string, { onHand: number; reserved: number }>>;
  money: (orderId: string) => Promise<{ authorized: string; captured: string; voided: string; refunded: string }>;
  settle: () => Promise<void>;
  until: (what: string, condition: () => Promise<boolean>, timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
}>;

export const PARIS = { lat: 48.8566, lng: 2.3522, country: 'FR', line1: '10 rue de Rivoli', city: 'Paris', postalCode: '75001', name: 'Camille Martin' };

let seq = 0;

/** The order routes that record each fact (they append the same order events as the command). */
const ROUTES: Partial<Record<OrderCommand['type'], { path: string; body: (d: Record<string, unknown>) => Record<string, unknown> }>> = {
  RecordShipped: { path: 'shipments', body: (d) => d },
  RecordDelivered: { path: 'deliveries', body: (d) => d },
  MarkReadyForPickup: { path: 'ready-for-pickup', body: (d) => d },
  RecordPickedUp: { path: 'pickups', body: (d) => d },
  NodeRejected: { path: 'rejections', body: (d) => d },
  ApproveReview: { path: 'review', body: (d) => ({ decision: 'approve', ...d }) },
  RejectReview: { path: 'review', body: (d) => ({ decision: 'reject', ...d }) },
  CancelLines: { path: 'cancel', body: (d) => d },
  CancelOrder: { path: 'cancel', body: (d) => d },
};

export const startProcessOms = async (settings: Partial<FulfilmentSettings> = {}, pendingPaymentMs = 0): Promise<ProcessOms> => {
  // NORMAL: no fsync per commit — these tests are about behaviour, not power-loss durability.
  const t = await startTestOms({ OMS_SQLITE_SYNCHRONOUS: 'NORMAL' }, {
    processes: { settings: { acceptanceTimeoutMs: 30_000, paymentDeclineDeadlineMs: 30_000, paymentPollMs: 50, ...settings }, timerPollMs: 20, pendingPaymentMs },
  });
  const http = request(t.app);
  const node = async (id: string, type: string, lat: number, lng: number, capabilities: string[]) => {
    const res = await http.post('/network/nodes').send({ id, type, name: id, location: { lat, lng, country: 'FR', timezone: 'Europe/Paris' }, capabilities, processingHours: 4, cutoffLocal: '17:00', dailyCapacity: 1000 });
    expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
  };
  await node('dc-north', 'dc', 49.9, 2.3, ['ship']);
  await node('dc-south', 'dc', 43.3, 5.37, ['ship']);
  await node('store-paris', 'store', 48.86, 2.34, ['pickup']);
  for (const [sku, price] of [['MUG', '12.50'], ['LAMP', '1500.00'], ['BOOK', '20.00']] as const) {
    const res = await http.put(`/catalog/skus/${sku}`).send({ name: sku, prices: { EUR: price }, weightGrams: 400, taxClass: 'standard' });
    expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
  }
  const order = async (orderId: string) => {
    const { state } = await loadAggregate(t.oms.eventStore, orderDecider, orderStreamName(orderId));
    if (!isPlaced(state)) throw new Error(`no order ${orderId}`);
    return state;
  };
  const processes = t.oms.processes!;
  const self: ProcessOms = {
    t,
    http,
    place: async (body, key = `place-${++seq}`) => {
      const res = await http.post('/orders').set('Idempotency-Key', key).send({ channel: 'web', customerId: 'c-1', currency: 'EUR', deliveryMethod: 'standard', destination: PARIS, ...body });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return res.body.orderId as string;
    },
    act: async (orderId, type, data) => {
      const route = ROUTES[type];
      if (route) {
        const res = await http.post(`/orders/${encodeURIComponent(orderId)}/${route.path}`).set('Idempotency-Key', `act-${++seq}`).send(route.body(data as Record<string, unknown>));
        expect(res.status, `${type}: ${JSON.stringify(res.body)}`).to.equal(200);
        return;
      }
      // No route for this fact (a node acknowledging released work): the command it would send.
      await t.oms.commands.handle(orderDecider, orderStreamName(orderId), {
        type, data, metadata: { now: new Date().toISOString(), commandId: `act-${++seq}`, actor: { kind: 'store', id: 'associate-1' } },
      } as OrderCommand);
    },
    order,
    ledger: async (orderId) => (await loadAggregate(t.oms.eventStore, fulfilmentLedgerDecider, fulfilmentStreamName(orderId))).state,
    units: async (orderId, stage, at) => (await order(orderId)).lines.reduce((n, l) => n + unitsIn(l, stage, at), 0),
    stock: async (sku) => {
      // Read-your-writes on the last inventory event (the head may be a process event the projection skips).
      let last = 0n;
      for await (const e of t.oms.eventStore.readAll({ direction: 'backwards', maxCount: 1, filter: { streamPrefixes: ['inventory-'] } })) last = e.position;
      const res = await http.get(`/inventory/${sku}`).query({ minPosition: last.toString() });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return Object.fromEntries((res.body.byNode as { node: string; onHand: number; reserved: number }[]).map((n) => [n.node, { onHand: n.onHand, reserved: n.reserved }]));
    },
    money: async (orderId) => {
      const tender = (await order(orderId)).tenders[0]!;
      const books = await simulatedTotals(collectionSimulatorStore(t.oms.readStore.collection(SIMULATED_GATEWAY_COLLECTION)), tender.tenderId);
      return { authorized: books!.authorized, captured: books!.captured, voided: books!.voided, refunded: books!.refunded };
    },
    settle: () => processes.waitUntilIdle(10_000),
    until: async (what, condition, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => t.close(),
  };
  return self;
};

export const receive = async (p: ProcessOms, node: string, sku: string, quantity: number) => {
  const res = await p.http.post('/inventory/receipts').send({ node, sku, quantity, reference: `rcv-${++seq}` });
  expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
};
