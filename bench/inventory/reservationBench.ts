/**
 * Reservation throughput through the real command path (use case → inventory decider → SQLite
 * event store, synchronous=FULL, temp file): 64 concurrent callers reserving 1 unit each,
 *  - on ONE hot SKU at one node (every reservation is a command on the same stream; the inventory
 *    writer decides the commands queued meanwhile together and appends them as one), and
 *  - spread over 10,000 SKUs at one node (random SKU per reservation).
 * Every reservation is durable (fsync'd) before it counts.
 *
 *   npx tsx bench/inventory/reservationBench.ts [--quick]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandHandler } from '../../application/commandHandler.js';
import { putSku } from '../../application/catalog/putSku.js';
import { DEMO_NODES } from '../../application/demo/demoData.js';
import { applyBatch } from '../../application/inventory/batchMovements.js';
import { forEachLimited } from '../../application/inventory/forEachLimited.js';
import { reserveStock } from '../../application/inventory/reservations.js';
import type { CommandDeps } from '../../application/inventory/useCaseContext.js';
import { registerNode } from '../../application/network/nodeUseCases.js';
import { openSqliteEventStore } from '../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';
import { median, percentiles } from '../lib/stats.js';
import { runStandalone } from '../lib/standalone.js';
import { benchSku } from './inventorySeed.js';

const CALLERS = 64;
const NODE = 'dc-lyon';

const openWorld = async (skus: number) => {
  const dir = mkdtempSync(join(tmpdir(), 'oms-reserve-bench-'));
  const eventStore = openSqliteEventStore({ path: join(dir, 'events.db'), synchronous: 'FULL' });
  const deps: CommandDeps = { commands: createCommandHandler({ eventStore }), eventStore };
  const now = new Date().toISOString();
  await registerNode(deps, DEMO_NODES.find((n) => n.id === NODE)!, { now, commandId: 'seed-node' });
  const ids = Array.from({ length: skus }, (_, i) => benchSku(i));
  await forEachLimited(ids, 64, async (sku) => void (await putSku(deps, sku, { name: sku, prices: { EUR: '1.00' }, weightGrams: 1, taxClass: 'standard' }, { now, commandId: `seed-${sku}` })));
  await applyBatch(deps, 'receipt', ids.map((sku) => ({ node: NODE, sku, quantity: 1_000_000, reference: 'BENCH' })), { now, commandId: 'seed-stock' });
  return { deps, ids, close: async () => { await eventStore.close(); rmSync(dir, { recursive: true, force: true }); } };
};

/** `total` reservations by CALLERS concurrent loops; returns reservations/s and latency percentiles (ms). */
const measure = async (deps: CommandDeps, ids: readonly string[], total: number, tag: string, hot: string | undefined) => {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: CALLERS }, async () => {
    while (next < total) {
      const i = next++;
      const sku = hot ?? ids[(i * 7919) % ids.length]!;
      const t0 = performance.now();
      await reserveStock(deps, { node: NODE, sku, quantity: 1, orderId: `o-${tag}-${i}`, lineId: 'l', ttlSeconds: 900 }, { now: new Date().toISOString(), commandId: `${tag}-${i}` });
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const [p50, p99] = percentiles(latencies, [50, 99]);
  return { perSecond: total / seconds, p50: p50!, p99: p99! };
};

const figure = (name: string, outcomes: { perSecond: number; p50: number; p99: number }[], notes: string): BenchResult => {
  const values = outcomes.map((o) => o.perSecond);
  return {
    name, unit: 'reservations/s', median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values,
    p50: median(outcomes.map((o) => o.p50)), p99: median(outcomes.map((o) => o.p99)), notes,
  };
};

export const run = async (options: BenchOptions): Promise<BenchResult[]> => {
  const runs = options.quick ? 1 : 3;
  const skus = options.quick ? 1_000 : 10_000;
  const perRun = options.quick ? 500 : 3_000;
  options.log(`seeding ${skus} SKUs at ${NODE}…`);
  const world = await openWorld(skus);
  try {
    const hot = [];
    const spread = [];
    for (let r = 0; r < runs; r++) {
      // Each run its own hot SKU, so every run starts from a position without open holds.
      hot.push(await measure(world.deps, world.ids, perRun, `hot${r}`, world.ids[r]!));
      options.log(`run ${r + 1} hot SKU: ${hot[r]!.perSecond.toFixed(0)} reservations/s, p50 ${hot[r]!.p50.toFixed(1)} ms, p99 ${hot[r]!.p99.toFixed(1)} ms`);
      spread.push(await measure(world.deps, world.ids, perRun, `spread${r}`, undefined));
      options.log(`run ${r + 1} ${skus} SKUs: ${spread[r]!.perSecond.toFixed(0)} reservations/s, p50 ${spread[r]!.p50.toFixed(1)} ms, p99 ${spread[r]!.p99.toFixed(1)} ms`);
    }
    return [
      figure(`reserve, one hot SKU at one node, ${CALLERS} callers`, hot, `${perRun} reservations per run on a fresh position; one stream: queued commands are decided together and appended as one (aggregate-level group commit)`),
      figure(`reserve, spread over ${skus.toLocaleString('en-US')} SKUs, ${CALLERS} callers`, spread, `${perRun} reservations per run; concurrent appends share group commits`),
    ];
  } finally {
    await world.close();
  }
};

await runStandalone(import.meta.url, 'inventory-reservations', run);
