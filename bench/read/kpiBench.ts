/**
 * Dashboard KPI query: `GET /kpis` over HTTP at 100 requests/s (the dashboard's own query: 90
 * days by day, and by node), on a KPI cube built by the real projection from a synthetic history
 * (orders over 90 days × 12 nodes × 4 channels × 3 carriers, each placed, shipped and delivered,
 * some cancelled). Also reports how fast the projection folds that history.
 *   npx tsx bench/read/kpiBench.ts [--quick]
 */
import { performance } from 'node:perf_hooks';
import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import { KPI_CELLS, kpiProjection } from '../../projections/kpis/kpiProjection.js';
import { physicalName } from '../../projections/runtime/projection.js';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';
import { median } from '../lib/stats.js';
import { runStandalone } from '../lib/standalone.js';
import { fixedRate, startReadBenchServer } from './readBenchServer.js';

const DAY_MS = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00.000Z');
const CHANNELS = ['web', 'store', 'call_center', 'marketplace'];
const CARRIERS = ['colissimo', 'dhl', 'ups'];
const TARGET_P99_MS = 50;

/** The events of order i (only the fields the KPI projection reads). */
const orderEvents = (i: number, position: () => bigint): RecordedEvent[] => {
  const placedMs = START + (i % 90) * DAY_MS + (i % 600) * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const stream = `order-bench-${i}`;
  const node = `node-${i % 12}`;
  let revision = 0n;
  const e = (type: string, data: Record<string, unknown>, at: number): RecordedEvent => ({
    id: `${stream}-${revision}`, type, streamName: stream, revision: revision++, position: position(), data: data as RecordedEvent['data'],
    metadata: { now: iso(at) } as unknown as RecordedEvent['metadata'], created: new Date(at),
  });
  const eur = (amount: string) => ({ amount, currency: 'EUR' });
  const events = [
    e('OrderPlaced', {
      orderId: `bench-${i}`, channel: CHANNELS[i % 4], customerId: `c${i}`, currency: 'EUR', deliveryMethod: 'standard', placedAt: iso(placedMs),
      lines: [{ lineId: '1', sku: 'A', quantity: 1 + (i % 3), proposedNode: node }], totals: { total: eur(`${20 + (i % 50)}.90`) },
      promise: { earliest: iso(placedMs + 2 * DAY_MS).slice(0, 10), latest: iso(placedMs + 3 * DAY_MS).slice(0, 10) },
      checkout: { requestHash: 'x', sourcing: [{ decision: { totalCost: eur('6.40') }, failed: [] }] },
    }, placedMs),
  ];
  if (i % 10 === 0) {
    events.push(e('OrderStatusChanged', { to: 'cancelled' }, placedMs + 3_600_000));
    return events;
  }
  events.push(e('OrderLinesReleased', { node, moves: [] }, placedMs + 600_000));
  events.push(e('OrderShipmentShipped', { shipmentId: 'S1', node, carrier: CARRIERS[i % 3], lines: [{ lineId: '1', quantity: 1 + (i % 3) }], shippedAt: iso(placedMs + 20 * 3_600_000), moves: [] }, placedMs + 20 * 3_600_000));
  events.push(e('OrderShipmentDelivered', { shipmentId: 'S1', deliveredAt: iso(placedMs + (2 + (i % 3)) * DAY_MS), moves: [] }, placedMs + (2 + (i % 3)) * DAY_MS));
  events.push(e('OrderStatusChanged', { to: 'delivered' }, placedMs + (2 + (i % 3)) * DAY_MS));
  return events;
};

export const run = async ({ quick, log }: BenchOptions): Promise<BenchResult[]> => {
  const orders = quick ? 2_000 : 50_000;
  const seconds = quick ? 3 : 20;
  const runs = quick ? 1 : 3;
  const server = await startReadBenchServer();
  try {
    const projection = kpiProjection();
    let pos = 0n;
    const all = Array.from({ length: orders }, (_, i) => orderEvents(i, () => ++pos)).flat().sort((a, b) => (a.metadata.now as string).localeCompare(b.metadata.now as string));
    const t0 = performance.now();
    for (let i = 0; i < all.length; i += 500) {
      await server.oms.readStore.withTransaction((tx) => projection.apply(all.slice(i, i + 500), { tx, collectionName: (l) => physicalName(l, projection.version) }));
    }
    const foldMs = performance.now() - t0;
    const cells = await server.oms.readStore.collection(physicalName(KPI_CELLS, projection.version)).countDocuments();
    log(`projected ${orders} orders (${all.length} events) into ${cells} cells in ${Math.round(foldMs)} ms (${Math.round(all.length / (foldMs / 1000))} events/s)`);
    const auth = { Authorization: `Bearer ${server.adminKey}` };
    const results: BenchResult[] = [];
    for (const groupBy of ['day', 'node']) {
      const p99s: number[] = [];
      const p50s: number[] = [];
      for (let r = 0; r < runs; r++) {
        const out = await fixedRate(server.base, 100, seconds, () => `/kpis?from=2026-01-01&to=2026-03-31&groupBy=${groupBy}`, auth);
        if (out.non2xx > 0 || out.errors > 0) throw new Error(`kpis ${groupBy}: ${out.non2xx} non-2xx, ${out.errors} errors`);
        log(`GET /kpis groupBy=${groupBy} 90 days @100 rps: ${out.requests} requests, p50 ${out.p50} ms, p99 ${out.p99} ms, max ${out.max} ms`);
        p99s.push(out.p99);
        p50s.push(out.p50);
      }
      const m = median(p99s);
      results.push({
        name: `GET /kpis 90 days by ${groupBy} @100 rps p99`, unit: 'ms', median: m, min: Math.min(...p99s), max: Math.max(...p99s), runs: p99s,
        p50: median(p50s), p99: m, target: TARGET_P99_MS, lowerIsBetter: true, meetsTarget: m <= TARGET_P99_MS,
        notes: `${orders} orders, ${cells} cube cells; load generator in the same process`,
      });
    }
    results.push({ name: 'KPI projection fold', unit: 'events/s', median: all.length / (foldMs / 1000), min: all.length / (foldMs / 1000), max: all.length / (foldMs / 1000), runs: [all.length / (foldMs / 1000)], notes: `batches of 500, ${orders} orders` });
    return results;
  } finally {
    await server.close();
  }
};

await runStandalone(import.meta.url, 'read-kpis', run);
