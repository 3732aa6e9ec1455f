/**
 * Projection lag under order load: the embedded OMS store (one SQLite file, events
 * synchronous=FULL), every OMS projection running as in the server, and an open-loop generator
 * offering 1,000 order placements/s — each one the holds, OrderPlaced and status change that
 * checkout appends, copied from orders recorded through the real command path with fresh ids.
 * For every (event, projection) pair: store commit → commit of the read-model batch that applied it.
 *
 *   npx tsx bench/projections/orderProjectionLagBench.ts [--quick] [--rate N] [--seconds N]
 */
import { allProjections } from '../../api/bootstrap/projections.js';
import { openStores } from '../../api/bootstrap/openStores.js';
import { createProjectionRunner } from '../../projections/runtime/projectionRunner.js';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';
import { median, percentiles } from '../lib/stats.js';
import { runStandalone } from '../lib/standalone.js';
import { createLagProbe } from './lagProbe.js';
import { buildOrderLog, type OrderLog } from './orderLog.js';
import { copyOf, createReplicator, placementsOf } from './replicate.js';

const TICK_MS = 10;
const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

type RunOutcome = Readonly<{ orders: number; events: number; achievedOrders: number; p50: number; p99: number; max: number; worst: string; worstP99: number }>;

const oneRun = async (log: OrderLog, rate: number, seconds: number, firstCopy: number, skus: number): Promise<RunOutcome> => {
  const stores = await openStores(log.config);
  const probe = createLagProbe();
  const runners = allProjections.map((p) => createProjectionRunner(stores.eventStore, stores.readStore, probe.wrap(p), { onLag: (processor) => probe.onCommitted(processor) }));
  try {
    await Promise.all(runners.map((r) => r.start()));
    const head0 = await stores.eventStore.headPosition();
    await Promise.all(runners.map((r) => r.waitFor(head0, 600_000)));
    const templates = placementsOf(log.template);
    if (templates.length === 0) throw new Error('the template holds no placed order');
    const replicator = createReplicator(stores.eventStore);
    const inflight = new Set<Promise<unknown>>();
    let issued = 0;
    let failed = 0;
    const fire = () => {
      const k = issued++;
      const work = replicator.appendCopy(copyOf(templates[k % templates.length]!, firstCopy + k, skus)).catch(() => void failed++);
      const tracked = work.finally(() => inflight.delete(tracked));
      inflight.add(tracked);
    };
    const started = performance.now();
    probe.measuring(true);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        // Open loop: ticks the event loop missed are made up, so the offered rate holds.
        const due = Math.min(Math.floor(((performance.now() - started) / 1000) * rate), rate * seconds);
        while (issued < due) fire();
        if (issued >= rate * seconds) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
    await Promise.all(inflight);
    const appendedIn = (performance.now() - started) / 1000;
    const head = await stores.eventStore.headPosition();
    // A filtered projection reports its position only at its own last event (or every scan window).
    await Promise.all(runners.map(async (r) => {
      for await (const last of stores.eventStore.readAll({ direction: 'backwards', maxCount: 1, filter: r.projection.filter })) await r.waitFor(last.position, 600_000);
    }));
    probe.measuring(false);
    const all: number[] = [];
    let worst = '';
    let worstP99 = -1;
    for (const [processor, lags] of probe.samples()) {
      for (const lag of lags) all.push(lag); // spreading ~10^5 samples overflows the stack
      const [p99] = percentiles(lags, [99]);
      if (p99! > worstP99) [worst, worstP99] = [processor, p99!];
    }
    const [p50, p99] = percentiles(all, [50, 99]);
    return { orders: issued - failed, events: Number(head - head0), achievedOrders: (issued - failed) / appendedIn, p50: p50!, p99: p99!, max: all.reduce((m, v) => (v > m ? v : m), -Infinity), worst, worstP99 };
  } finally {
    await Promise.all(runners.map((r) => r.stop()));
    await stores.readStore.close();
    await stores.eventStore.close();
  }
};

export const run = async (options: BenchOptions): Promise<BenchResult[]> => {
  const rate = Number(argValue('--rate') ?? 1_000);
  const seconds = Number(argValue('--seconds') ?? (options.quick ? 3 : 15));
  const runs = options.quick ? 1 : 3;
  const skus = options.quick ? 100 : 1_000;
  const log = await buildOrderLog({ templateOrders: options.quick ? 10 : 40, totalEvents: 0, skus, log: options.log });
  try {
    const outcomes: RunOutcome[] = [];
    for (let r = 0; r < runs; r++) {
      const o = await oneRun(log, rate, seconds, 1 + r * rate * seconds, skus);
      options.log(`run ${r + 1}: ${o.orders} orders (${o.events} events) appended at ${o.achievedOrders.toFixed(0)} orders/s; lag p50 ${o.p50} ms, p99 ${o.p99} ms, max ${o.max} ms; worst projection ${o.worst} p99 ${o.worstP99} ms`);
      outcomes.push(o);
    }
    const p99s = outcomes.map((o) => o.p99);
    const p99 = median(p99s);
    return [{
      name: `projection lag, ${rate} order placements/s offered for ${seconds} s (all ${allProjections.length} projections)`,
      unit: 'ms p99',
      median: p99,
      min: Math.min(...p99s),
      max: Math.max(...p99s),
      runs: p99s,
      p50: median(outcomes.map((o) => o.p50)),
      p99,
      target: 100,
      lowerIsBetter: true,
      meetsTarget: p99 <= 100,
      notes: `append→visible per event and projection; appended ${outcomes.map((o) => o.achievedOrders.toFixed(0)).join('/')} orders/s; worst ${outcomes.map((o) => `${o.worst} ${o.worstP99} ms`).join(', ')}`,
    }];
  } finally {
    log.remove();
  }
};

await runStandalone(import.meta.url, 'projections-lag', run);
