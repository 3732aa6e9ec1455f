/**
 * Order capture over HTTP on the embedded store: `POST /orders` with 3-line carts against a real
 * server on loopback (its own process, SQLite synchronous=FULL), driven by autocannon with a
 * fresh Idempotency-Key per request. Every 201 means: validated, priced, sourced, three holds
 * appended to three inventory streams and OrderPlaced appended durably.
 *
 *   npx tsx bench/orders/orderCaptureBench.ts [--quick] [--connections 32] [--synchronous FULL|NORMAL] [--projections all|minimal] [--processes] [--prof]
 *   npx tsx bench/orders/orderCaptureBench.ts --rates 25,50,100
 *
 * Without `--rates`, each run is closed-loop: every connection sends its next order as soon as
 * the previous one is answered, so the server is saturated and the latency is mostly queueing
 * (Little's law: connections / throughput). `--rates` offers each rate instead, open loop
 * (`bench/lib/openLoopLoad.ts`: orders due at even intervals, latency from the due time), to find
 * where latency still meets a target: the p99 at a rate the server keeps up with is the latency a
 * customer would see at that load.
 *
 * `--processes` also runs the order process managers in the server (payment, sourcing, release);
 * `--prof` writes a V8 CPU profile of the server's load phase to bench/results/profiles/.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';
import { openLoopLoad } from '../lib/openLoopLoad.js';
import { median, percentile } from '../lib/stats.js';
import { runStandalone, RESULTS_DIR } from '../lib/standalone.js';

const SERVER = fileURLToPath(new URL('./captureServer.ts', import.meta.url));
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};

const startServer = (skus: number, processes: boolean, prof: boolean, synchronous: string, projections: string): Promise<{ child: ChildProcess; port: number; key: string }> =>
  new Promise((resolve, reject) => {
    const profDir = `${RESULTS_DIR}profiles`;
    if (prof) mkdirSync(profDir, { recursive: true });
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER, String(skus), processes ? 'on' : 'off', synchronous, projections], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...(prof ? { CAPTURE_PROFILE: `${profDir}/orderCapture-${Date.now()}.cpuprofile` } : {}) },
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\d+) (\S+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), key: m[2]! });
    });
    child.on('exit', (code) => reject(new Error(`capture server exited with ${code} before it was ready`)));
  });

const CITIES = [
  { lat: 48.8566, lng: 2.3522, country: 'FR', region: 'IDF', postalCode: '75004' },
  { lat: 45.764, lng: 4.8357, country: 'FR', region: 'ARA', postalCode: '69002' },
  { lat: 43.2965, lng: 5.3698, country: 'FR', region: 'PAC', postalCode: '13001' },
  { lat: 47.2184, lng: -1.5536, country: 'FR', region: 'PDL', postalCode: '44000' },
  { lat: 50.6292, lng: 3.0573, country: 'FR', region: 'HDF', postalCode: '59000' },
];

type RunOutcome = Readonly<{ ordersPerSecond: number; p50: number; p99: number; created: number; other: number; errors: number; cpuMsPerOrder: number }>;

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); 0 elsewhere. */
const cpuMsOf = (pid: number): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
};

const orderBody = (i: number, skus: number): string => {
  const pick = (k: number) => `SKU-${String((i * 7 + k * 131) % skus).padStart(4, '0')}`;
  return JSON.stringify({
    channel: 'web', customerId: `cust-${i % 5000}`, currency: 'EUR', deliveryMethod: 'standard', destination: CITIES[i % CITIES.length],
    lines: [{ sku: pick(0), quantity: 1 }, { sku: pick(1), quantity: 2 }, { sku: pick(2), quantity: 1 }],
  });
};

const headersFor = (key: string, idempotencyKey: string): Record<string, string> => ({
  'content-type': 'application/json', authorization: `Bearer ${key}`, ...(process.env.NO_KEY ? {} : { 'idempotency-key': idempotencyKey }),
});

/** One open-loop run at `rate` orders/s (see openLoopLoad.ts): latency counted from each order's due time. */
const rateRun = async (pid: number, port: number, key: string, seconds: number, skus: number, tag: string, rate: number): Promise<RunOutcome> => {
  const cpu0 = cpuMsOf(pid);
  const o = await openLoopLoad({ port, rate, seconds, request: (i) => ({ method: 'POST', path: '/orders', headers: headersFor(key, `${tag}-${i}`), body: orderBody(i, skus) }) });
  const created = o.statuses.get(201) ?? 0;
  const other = [...o.statuses].filter(([s]) => s !== 201).reduce((a, [, c]) => a + c, 0);
  return {
    ordersPerSecond: o.throughput,
    p50: o.latencies.length > 0 ? Math.round(percentile(o.latencies, 50)) : Number.NaN,
    p99: o.latencies.length > 0 ? Math.round(percentile(o.latencies, 99)) : Number.NaN,
    created,
    other,
    errors: o.errors,
    cpuMsPerOrder: created > 0 ? (cpuMsOf(pid) - cpu0) / created : 0,
  };
};

const loadRun = async (pid: number, port: number, key: string, seconds: number, connections: number, skus: number, tag: string): Promise<RunOutcome> => {
  let n = 0;
  const cpu0 = cpuMsOf(pid);
  const statuses = new Map<number, number>();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/orders',
        setupRequest: (req) => {
          const i = n++;
          return { ...req, headers: headersFor(key, `${tag}-${i}`), body: orderBody(i, skus) };
        },
        onResponse: (status) => void statuses.set(status, (statuses.get(status) ?? 0) + 1),
      },
    ],
  });
  const created = statuses.get(201) ?? 0;
  const other = [...statuses].filter(([s]) => s !== 201).reduce((a, [, c]) => a + c, 0);
  const cpuMsPerOrder = created > 0 ? (cpuMsOf(pid) - cpu0) / created : 0;
  return { ordersPerSecond: created / seconds, p50: result.latency.p50, p99: result.latency.p99, created, other, errors: result.errors + result.timeouts, cpuMsPerOrder };
};

export const run = async (options: BenchOptions): Promise<BenchResult[]> => {
  const quick = options.quick;
  const connections = Number(arg('connections', '32'));
  const processes = process.argv.includes('--processes');
  const skus = 300;
  const runs = quick ? 1 : 3;
  const seconds = quick ? 3 : 10;
  const synchronous = arg('synchronous', 'FULL');
  const projections = arg('projections', 'all');
  const rates = arg('rates', '').split(',').filter((r) => r !== '').map(Number);
  if (rates.some((r) => !(r > 0))) throw new Error(`--rates takes positive numbers: ${arg('rates', '')}`);
  const { child, port, key } = await startServer(skus, processes, process.argv.includes('--prof'), synchronous, projections);
  try {
    options.log(`server ready on ${port}; warm-up…`);
    await loadRun(child.pid!, port, key, quick ? 1 : 3, connections, skus, 'warm');
    const outcomes: RunOutcome[] = [];
    for (let r = 0; r < (rates.length > 0 ? 0 : runs); r++) {
      const o = await loadRun(child.pid!, port, key, seconds, connections, skus, `run${r}`);
      options.log(`run ${r + 1}: ${o.ordersPerSecond.toFixed(0)} orders/s, p50 ${o.p50} ms, p99 ${o.p99} ms, ${o.created} created, ${o.other} other statuses, ${o.errors} errors, server CPU ${o.cpuMsPerOrder.toFixed(1)} ms/order`);
      outcomes.push(o);
    }
    const offered: BenchResult[] = [];
    // The closed-loop warm-up leaves the projections a backlog: let it drain before timing a rate.
    if (rates.length > 0) await new Promise((resolve) => setTimeout(resolve, 5_000));
    for (const rate of rates) {
      const atRate: RunOutcome[] = [];
      for (let r = 0; r < runs; r++) {
        const o = await rateRun(child.pid!, port, key, seconds, skus, `rate${rate}-${r}`, rate);
        options.log(`offered ${rate}/s, run ${r + 1}: ${o.ordersPerSecond.toFixed(0)} orders/s, p50 ${o.p50} ms, p99 ${o.p99} ms, ${o.other} other statuses, ${o.errors} errors, server CPU ${o.cpuMsPerOrder.toFixed(1)} ms/order`);
        atRate.push(o);
      }
      const got = atRate.map((o) => o.ordersPerSecond);
      const p99s = atRate.map((o) => o.p99);
      offered.push({
        name: `POST /orders at ${rate} orders/s offered (open loop), synchronous=${synchronous}`,
        unit: 'ms p99',
        median: median(p99s),
        min: Math.min(...p99s),
        max: Math.max(...p99s),
        runs: p99s,
        p50: median(atRate.map((o) => o.p50)),
        p99: median(p99s),
        target: 50,
        meetsTarget: false, // the target pairs p99 ≤ 50 ms with 2,000 orders/s; a lower rate cannot meet it
        notes: `served ${median(got).toFixed(0)} orders/s (${Math.min(...got).toFixed(0)}–${Math.max(...got).toFixed(0)}) of ${rate} offered; server CPU ${median(atRate.map((o) => o.cpuMsPerOrder)).toFixed(1)} ms per order; non-201 responses: ${atRate.reduce((a, o) => a + o.other + o.errors, 0)}`,
      });
    }
    if (rates.length > 0) return offered;
    const values = outcomes.map((o) => o.ordersPerSecond);
    const p99 = median(outcomes.map((o) => o.p99));
    const throughput = median(values);
    return [
      {
        name: `POST /orders, 3-line carts, ${connections} connections, synchronous=${synchronous}${projections === 'all' ? '' : `, ${projections} projections`}${processes ? ', process managers on' : ''}`,
        unit: 'orders/s',
        median: throughput,
        min: Math.min(...values),
        max: Math.max(...values),
        runs: values,
        p50: median(outcomes.map((o) => o.p50)),
        p99,
        target: 2000,
        meetsTarget: throughput >= 2000 && p99 <= 50,
        notes: `target ≥ 2,000 orders/s with p99 ≤ 50 ms; server CPU ${median(outcomes.map((o) => o.cpuMsPerOrder)).toFixed(1)} ms per order (median); non-201 responses: ${outcomes.reduce((a, o) => a + o.other + o.errors, 0)}`,
      },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
};

await runStandalone(import.meta.url, 'orders', run);
