/**
 * Available-to-sell reads over HTTP: `GET /availability?sku=…&view=…` against the real server on
 * loopback (its own process, embedded store, 1,000 SKUs × the 6-node demo network), driven by
 * autocannon at a fixed 1,000 requests/s (open rate, 16 connections). 80 % of requests ask the
 * `online` view, 20 % `store-pickup`; a third ask for 3 SKUs at once. Reports latency p50/p99.
 *
 *   npx tsx bench/inventory/atsQueryBench.ts [--quick]
 */
import autocannon from 'autocannon';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';
import { median } from '../lib/stats.js';
import { runStandalone } from '../lib/standalone.js';
import { benchSku } from './inventorySeed.js';
import { startInventoryServer } from './spawnServer.js';

const SKUS = 1_000;
const RATE = 1_000;

type Outcome = Readonly<{ rps: number; p50: number; p99: number; max: number; ok: number; other: number }>;

const load = async (port: number, seconds: number, skuCount: number): Promise<Outcome> => {
  let n = 0;
  let ok = 0;
  let other = 0;
  const options = {
    url: `http://127.0.0.1:${port}`,
    connections: 16,
    duration: seconds,
    overallRate: RATE,
    requests: [{
      method: 'GET',
      setupRequest: (req: { path?: string }) => {
        const i = n++;
        const pick = (k: number) => benchSku((i * 7919 + k * 104_729) % skuCount);
        const skus = i % 3 === 0 ? [pick(0), pick(1), pick(2)] : [pick(0)];
        const view = i % 5 === 0 ? 'store-pickup' : 'online';
        return { ...req, path: `/availability?${skus.map((s) => `sku=${s}`).join('&')}&view=${view}` };
      },
      onResponse: (status: number) => void (status === 200 ? ok++ : other++),
    }],
  };
  const result = await autocannon(options as Parameters<typeof autocannon>[0]);
  return { rps: result.requests.total / seconds, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, ok, other: other + result.errors + result.timeouts };
};

export const run = async (options: BenchOptions): Promise<BenchResult[]> => {
  const runs = options.quick ? 1 : 3;
  const seconds = options.quick ? 3 : 10;
  const skus = options.quick ? 200 : SKUS;
  const server = await startInventoryServer(skus);
  try {
    options.log(`server ready on ${server.port}; warm-up…`);
    await load(server.port, options.quick ? 1 : 3, skus);
    const outcomes: Outcome[] = [];
    for (let r = 0; r < runs; r++) {
      const o = await load(server.port, seconds, skus);
      options.log(`run ${r + 1}: ${o.rps.toFixed(0)} req/s, p50 ${o.p50} ms, p99 ${o.p99} ms, max ${o.max} ms, ${o.ok} × 200, ${o.other} other`);
      outcomes.push(o);
    }
    const p99s = outcomes.map((o) => o.p99);
    const p50s = outcomes.map((o) => o.p50);
    return [{
      name: `GET /availability at ${RATE} req/s (1 or 3 SKUs, 6 nodes, 2 views)`,
      unit: 'ms p99',
      median: median(p99s),
      min: Math.min(...p99s),
      max: Math.max(...p99s),
      runs: p99s,
      p50: median(p50s),
      p99: median(p99s),
      lowerIsBetter: true,
      notes: `achieved ${outcomes.map((o) => o.rps.toFixed(0)).join('/')} req/s; p50 ${p50s.join('/')} ms; non-200: ${outcomes.reduce((a, o) => a + o.other, 0)}`,
    }];
  } finally {
    await server.stop();
  }
};

await runStandalone(import.meta.url, 'inventory-ats', run);
