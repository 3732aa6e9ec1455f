/**
 * Projection rebuild rate: every OMS projection (api/bootstrap/projections.ts) rebuilt from an
 * empty read store over a log of realistic order traffic (bench/projections/orderLog.ts), all of
 * them at once in one process as the OMS runs them, on the embedded store. The figure is log
 * events / wall-clock seconds until the last projection caught up with the head.
 *
 *   npx tsx bench/projections/projectionRebuildBench.ts [--quick] [--events N] [--prof FILE]
 *   (diagnostics: BENCH_ONLY=name,name rebuilds only those projections; BENCH_BATCH=N sets the runners' live batch size;
 *   BENCH_CHUNK=N their catch-up chunk, 0 = catch up through each runner's own subscription as before)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allProjections } from '../../api/bootstrap/projections.js';
import { openSqliteEventStore } from '../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore } from '../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { createProjectionRunner } from '../../projections/runtime/projectionRunner.js';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';
import { summarize } from '../lib/stats.js';
import { runStandalone } from '../lib/standalone.js';
import { buildOrderLog, type OrderLog } from './orderLog.js';

const TARGET = 100_000;

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

export type RebuildOutcome = Readonly<{ events: number; seconds: number; cpuSeconds: number; eventsPerSecond: number; perCpuSecond: number }>;

/** Rebuilds every projection from position 0 into a fresh read-store file beside the log. */
export const rebuildAll = async (log: OrderLog, profileTo?: string): Promise<RebuildOutcome> => {
  const dir = mkdtempSync(join(tmpdir(), 'oms-rebuild-'));
  const eventStore = openSqliteEventStore({ path: log.dbPath, synchronous: 'NORMAL' });
  const readStore = await openEmbeddedReadStore({ path: join(dir, 'read.db'), synchronous: 'NORMAL' });
  const session = profileTo ? new Session() : undefined;
  try {
    const only = process.env.BENCH_ONLY?.split(",");
    const tuning = {
      ...(process.env.BENCH_BATCH ? { batchSize: Number(process.env.BENCH_BATCH) } : {}),
      ...(process.env.BENCH_CHUNK ? { catchUpChunk: Number(process.env.BENCH_CHUNK) } : {}),
    };
    const runners = allProjections.filter((p) => !only || only.includes(p.name)).map((p) => createProjectionRunner(eventStore, readStore, p, tuning));
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(runners.map((r) => r.start()));
    await Promise.all(runners.map((r) => r.waitFor(log.head, 3_600_000)));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (session && profileTo) writeFileSync(profileTo, JSON.stringify((await session.post('Profiler.stop')).profile));
    await Promise.all(runners.map((r) => r.stop()));
    const events = Number(log.head);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return { events, seconds, cpuSeconds, eventsPerSecond: events / seconds, perCpuSecond: events / cpuSeconds };
  } finally {
    session?.disconnect();
    await readStore.close();
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

export const run = async (options: BenchOptions): Promise<BenchResult[]> => {
  const totalEvents = Number(argValue('--events') ?? (options.quick ? 20_000 : 300_000));
  const runs = options.quick ? 1 : 3;
  const log = await buildOrderLog({ templateOrders: options.quick ? 20 : 100, totalEvents, skus: options.quick ? 100 : 1_000, log: options.log });
  try {
    const outcomes: RebuildOutcome[] = [];
    for (let r = 0; r < runs; r++) {
      const profile = r === 0 ? argValue('--prof') : undefined;
      const o = await rebuildAll(log, profile);
      options.log(`run ${r + 1}: ${o.events} events in ${o.seconds.toFixed(2)} s = ${o.eventsPerSecond.toFixed(0)} events/s (${o.perCpuSecond.toFixed(0)} per CPU-s)${profile ? `, profile ${profile}` : ''}`);
      outcomes.push(o);
    }
    const cpu = summarize('cpu', 'events/CPU-s', outcomes.map((o) => ({ value: o.perCpuSecond })));
    return [
      summarize(`rebuild all ${allProjections.length} projections, ${log.head} events of order traffic`, 'events/s', outcomes.map((o) => ({ value: o.eventsPerSecond })), {
        target: TARGET,
        notes: `per CPU-s ${cpu.median.toFixed(0)} (${cpu.min.toFixed(0)}–${cpu.max.toFixed(0)}); template ${log.templateHead - log.seedHead} events of real orders, grown by copies`,
      }),
    ];
  } finally {
    log.remove();
  }
};

await runStandalone(import.meta.url, 'projections-rebuild', run);
