/**
 * Promise and sourcing latency over the real Walmart store network (issue 5 benchmarks):
 *  - a delivery promise for a 3-line cart over the 3,176 stores of
 *    `../shared/data/walmart_stores/store_latlng__geocoded_by_tonyfujs.csv` (target p99 ≤ 5 ms);
 *  - sourcing a 10-line order over the same network (target p99 ≤ 10 ms).
 * Destinations are random US ZIP centroids (`us_zipcodes_civicspace_2004.csv`); stock is seeded
 * deterministically (each store holds each of 40 SKUs with probability 0.4, 0–5 units). Both
 * engines are the pure domain functions the checkout calls (`quotePromise`, `sourceOrder`), so the
 * figures are the engines' own latency (no I/O). Each run: 200 warm-up calls, then 2,000 timed
 * calls on fresh random inputs; 3 runs, median of the runs' p99.
 *
 *   npx tsx bench/promise/networkLatencyBench.ts [--quick]
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { FulfilmentNode } from '../../domain/network/node.js';
import { buildAvailabilityIndex, type AvailabilityRow } from '../../domain/promise/availability.js';
import { quotePromise } from '../../domain/promise/quotePromise.js';
import { staticTransitModel } from '../../domain/promise/staticTransitModel.js';
import type { PromiseInput } from '../../domain/promise/types.js';
import { sourceOrder } from '../../domain/sourcing/sourceOrder.js';
import type { SourcingInput } from '../../domain/sourcing/types.js';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';
import { runStandalone } from '../lib/standalone.js';
import { summarize } from '../lib/stats.js';

const DATA = fileURLToPath(new URL('../../../shared/data/walmart_stores/', import.meta.url));

/** Deterministic PRNG (mulberry32): the same network, stock and carts on every run. */
const prng = (seed: number): (() => number) => {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Time zone from longitude (the four continental zones; Alaska/Hawaii stores are few and approximate). */
const zoneOf = (lng: number): string =>
  lng < -114.5 ? 'America/Los_Angeles' : lng < -101.5 ? 'America/Denver' : lng < -86.5 ? 'America/Chicago' : 'America/New_York';

type StoreRow = { storenum: string; address: string; lat: string; long: string };
type ZipRow = { latitude: string; longitude: string; state: string };

export const walmartNetwork = (): FulfilmentNode[] => {
  const rows = parse(readFileSync(`${DATA}store_latlng__geocoded_by_tonyfujs.csv`, 'utf8'), { columns: true, skip_empty_lines: true }) as StoreRow[];
  return rows
    .filter((r) => Number.isFinite(Number(r.lat)) && Number.isFinite(Number(r.long)))
    .map((r) => {
      const lat = Number(r.lat);
      const lng = Number(r.long);
      const state = /,([A-Z]{2}),\d{5}/.exec(r.address)?.[1] ?? 'US';
      return {
        id: `WM${r.storenum.padStart(4, '0')}`,
        type: 'store' as const,
        name: `Walmart #${r.storenum}`,
        location: { lat, lng, country: 'US', region: state, timezone: zoneOf(lng) },
        capabilities: ['ship', 'pickup', 'shipToStore'] as const,
        processingHours: 2,
        cutoffLocal: '16:00',
        calendar: { workingDays: [1, 2, 3, 4, 5, 6, 7], holidays: ['2026-11-26', '2026-12-25'], openingHours: { open: '08:00', close: '22:00' } },
        dailyCapacity: 200,
        status: 'open' as const,
        blockedChannels: [],
        version: 1,
      };
    });
};

const destinations = (): { lat: number; lng: number }[] => {
  const rows = parse(readFileSync(`${DATA}us_zipcodes_civicspace_2004.csv`, 'utf8'), { columns: true, skip_empty_lines: true }) as ZipRow[];
  return rows
    .map((r) => ({ lat: Number(r.latitude), lng: Number(r.longitude) }))
    .filter((d) => Number.isFinite(d.lat) && Number.isFinite(d.lng) && d.lat > 24 && d.lat < 50 && d.lng > -125 && d.lng < -66);
};

const SKUS = Array.from({ length: 40 }, (_, i) => `SKU-${i}`);

const stock = (nodes: readonly FulfilmentNode[]): AvailabilityRow[] => {
  const r = prng(7);
  const rows: AvailabilityRow[] = [];
  for (const n of nodes) for (const sku of SKUS) if (r() < 0.4) rows.push({ nodeId: n.id, sku, available: Math.floor(r() * 6) });
  return rows;
};

const timed = (count: number, warmUp: number, call: (i: number) => unknown): number[] => {
  for (let i = 0; i < warmUp; i++) call(-1 - i);
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    call(i);
    latencies.push(performance.now() - t0);
  }
  return latencies;
};

export const run = async ({ quick, log }: BenchOptions): Promise<BenchResult[]> => {
  const nodes = walmartNetwork();
  const zips = destinations();
  const availability = buildAvailabilityIndex(stock(nodes));
  const transitModel = staticTransitModel();
  log(`network: ${nodes.length} Walmart stores, ${zips.length} ZIP destinations, ${SKUS.length} SKUs`);
  const runs = quick ? 1 : 3;
  const calls = quick ? 300 : 2_000;
  const warmUp = quick ? 50 : 200;

  const promiseInput = (r: () => number): PromiseInput => {
    const d = zips[Math.floor(r() * zips.length)]!;
    return {
      now: new Date(Date.parse('2026-11-23T15:00:00Z') + Math.floor(r() * 96) * 3_600_000).toISOString(),
      lines: [0, 1, 2].map(() => ({ sku: SKUS[Math.floor(r() * SKUS.length)]!, quantity: 1 + Math.floor(r() * 2) })),
      destination: { ...d, country: 'US' },
      channel: 'web',
      deliveryMethods: ['delivery'],
      nodes,
      availability,
      carrierServices: [{ id: 'standard', handoverLocal: '18:00' }, { id: 'express', handoverLocal: '17:00' }],
      transitModel,
    };
  };
  const sourcingInput = (r: () => number, i: number): SourcingInput => {
    const d = zips[Math.floor(r() * zips.length)]!;
    return {
      orderId: `bench-${i}`,
      lines: Array.from({ length: 10 }, (_, k) => ({ lineId: `L${k}`, sku: SKUS[Math.floor(r() * SKUS.length)]!, quantity: 1 + Math.floor(r() * 2), weightGrams: 200 + Math.floor(r() * 1800) })),
      destination: { ...d, country: 'US' },
      channel: 'web',
      deliveryMethod: 'delivery',
      nodes,
      availability,
      rateCard: { currency: 'USD', services: { standard: { dc: { base: '6.00', perKg: '0.40', perKm: '0.004' }, store: { base: '7.50', perKg: '0.90', perKm: '0.010' } } } },
      handlingCost: { dc: '1.20', store: '3.00' },
      splitPenalty: '4.00',
      maxDistanceKm: 400,
      ruleSet: { id: 'bench', version: 1, rules: [{ name: 'cost-optimal', sort: ['cost', 'distance'], splitPolicy: 'allowed', onShortfall: 'backorder' }] },
      explain: 'summary',
    };
  };

  const promiseSamples = [];
  const sourcingSamples = [];
  let promised = 0;
  let sourced = 0;
  for (let run = 0; run < runs; run++) {
    const r1 = prng(100 + run);
    const p = timed(calls, warmUp, () => {
      if (quotePromise(promiseInput(r1)).options.length > 0) promised++;
    });
    promiseSamples.push({ value: [...p].sort((a, b) => a - b)[Math.ceil(0.99 * p.length) - 1]!, latenciesMs: p });
    const r2 = prng(200 + run);
    const s = timed(calls, warmUp, (i) => {
      if (sourceOrder(sourcingInput(r2, i)).candidates.length > 0) sourced++;
    });
    sourcingSamples.push({ value: [...s].sort((a, b) => a - b)[Math.ceil(0.99 * s.length) - 1]!, latenciesMs: s });
    log(`run ${run + 1}: promise p99 ${promiseSamples.at(-1)!.value.toFixed(2)} ms, sourcing p99 ${sourcingSamples.at(-1)!.value.toFixed(2)} ms`);
  }
  const note = `${nodes.length} Walmart stores, random US ZIP destinations, ${calls} calls per run after ${warmUp} warm-up; input building included`;
  return [
    summarize('promise quote, 3-line cart, Walmart network (p99)', 'ms', promiseSamples, { target: 5, lowerIsBetter: true, notes: `${note}; ${promised} quotes with an option` }),
    summarize('sourcing, 10-line order, Walmart network (p99)', 'ms', sourcingSamples, { target: 10, lowerIsBetter: true, notes: `${note}; 400 km limit; ${sourced} decisions with candidates` }),
  ];
};

await runStandalone(import.meta.url, 'promise-network', run);
