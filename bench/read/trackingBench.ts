/**
 * Tracking page served: `GET /track/:id?token=…` (the JSON the page renders: token check,
 * read-your-writes order read, tracking document) and the page itself (`GET /t/:id`), over HTTP
 * at a fixed rate, on orders placed, paid, sourced and re-promised through the command handler.
 *   npx tsx bench/read/trackingBench.ts [--quick]
 */
import { orderDecider, orderStreamName, type OrderCommand, type PlaceOrder } from '../../domain/order/index.js';
import { DEFAULT_TAX_RULES, priceOrder, pricingToJson } from '../../domain/pricing/index.js';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';
import { median } from '../lib/stats.js';
import { runStandalone } from '../lib/standalone.js';
import { fixedRate, startReadBenchServer } from './readBenchServer.js';

const TARGET_P99_MS = 50;
const LINES = [{ lineId: 'L1', sku: 'SKU-SHIRT', quantity: 2, unitPrice: { amount: '30.00', currency: 'EUR' }, taxClass: 'standard', weightGrams: 300 }];
const PRICING = pricingToJson(priceOrder({
  currency: 'EUR', lines: LINES, destination: { country: 'FR' }, deliveryMethod: 'standard', taxRules: DEFAULT_TAX_RULES,
  shippingRates: [{ id: 'std', deliveryMethod: 'standard', countries: ['FR'], bands: [{ amount: { amount: '5.90', currency: 'EUR' } }] }],
}));
let seq = 0;
const meta = (now: string) => ({ now, commandId: `trk-bench-${++seq}`, actor: { kind: 'agent' as const, id: 'bench' } });

const commandsOf = (orderId: string): OrderCommand[] => [
  { type: 'PlaceOrder', metadata: meta('2026-03-02T09:00:00.000Z'), data: {
    orderId, channel: 'web', customerId: `c-${orderId}`, currency: 'EUR', deliveryMethod: 'standard', locale: 'fr-FR',
    destination: { line1: '10 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR', lat: 48.86, lng: 2.35 },
    lines: LINES.map((l) => ({ ...l, node: 'dc-paris', reservationId: `${orderId}-r1` })), pricing: PRICING,
    trackingTokenHash: 'sha256:bench', reservationIds: [`${orderId}-r1`],
    promise: { earliest: '2026-03-04T08:00:00.000Z', latest: '2026-03-06T18:00:00.000Z' },
  } } as PlaceOrder,
  { type: 'RecordPaymentAuthorized', metadata: meta('2026-03-02T09:01:00.000Z'), data: { tenderId: 't1', method: 'card', amount: PRICING.totals.total } } as OrderCommand,
  { type: 'RecordSourcing', metadata: meta('2026-03-02T09:02:00.000Z'), data: { allocations: [{ lineId: 'L1', node: 'dc-paris', quantity: 2 }] } } as OrderCommand,
  { type: 'RecordPromiseRevised', metadata: meta('2026-03-02T12:00:00.000Z'), data: { promise: { earliest: '2026-03-05T08:00:00.000Z', latest: '2026-03-07T18:00:00.000Z' }, reason: 'carrier delay' } } as OrderCommand,
];

export const run = async ({ quick, log }: BenchOptions): Promise<BenchResult[]> => {
  const orders = quick ? 100 : 2_000;
  const seconds = quick ? 3 : 20;
  const runs = quick ? 1 : 3;
  const rate = 100;
  const server = await startReadBenchServer();
  try {
    const ids = Array.from({ length: orders }, (_, i) => `trk-${i}`);
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(ids.slice(i, i + 50).map(async (id) => {
        for (const c of commandsOf(id)) await server.oms.commands.handle(orderDecider, orderStreamName(id), c);
      }));
    }
    await server.oms.projections.waitUntilCaughtUp(30_000).catch(() => undefined); // reads fold any missing tail anyway
    const tokens = await Promise.all(ids.map((id) => server.oms.security.trackingTokens.issue(id)));
    const check = await fetch(`${server.base}/track/${ids[0]}?token=${tokens[0]}`);
    if (check.status !== 200) throw new Error(`GET /track answered ${check.status}: ${await check.text()}`);
    log(`seeded ${orders} orders (4 commands each)`);
    const results: BenchResult[] = [];
    const targets: [string, (i: number) => string][] = [
      ['GET /track/:id (JSON)', (i) => `/track/${ids[i % orders]}?token=${tokens[i % orders]}`],
      ['GET /t/:id (page)', (i) => `/t/${ids[i % orders]}?token=${tokens[i % orders]}`],
    ];
    for (const [name, pathOf] of targets) {
      const p99s: number[] = [];
      const p50s: number[] = [];
      for (let r = 0; r < runs; r++) {
        const out = await fixedRate(server.base, rate, seconds, pathOf);
        if (out.non2xx > 0 || out.errors > 0) throw new Error(`${name}: ${out.non2xx} non-2xx, ${out.errors} errors`);
        log(`${name} @${rate} rps: ${out.requests} requests, p50 ${out.p50} ms, p99 ${out.p99} ms, max ${out.max} ms`);
        p99s.push(out.p99);
        p50s.push(out.p50);
      }
      const m = median(p99s);
      results.push({
        name: `${name} @${rate} rps p99`, unit: 'ms', median: m, min: Math.min(...p99s), max: Math.max(...p99s), runs: p99s, p50: median(p50s), p99: m,
        target: TARGET_P99_MS, lowerIsBetter: true, meetsTarget: m <= TARGET_P99_MS, notes: `${orders} orders; load generator in the same process`,
      });
    }
    return results;
  } finally {
    await server.close();
  }
};

await runStandalone(import.meta.url, 'read-tracking', run);
