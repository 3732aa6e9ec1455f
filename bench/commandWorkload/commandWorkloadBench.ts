/**
 * The same command workload on our command handling and on Emmett's (the peer), side by side:
 * same deciders (domain/inventory, domain/order), same commands, same concurrency, same process.
 *   npx tsx bench/commandWorkload/commandWorkloadBench.ts [--quick]     (or: npm run bench -- --only commandWorkload)
 * Emmett configurations: BENCH_EMMETT_MODES=memory,memory-serial,file-serial (default; `file` also exists).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';
import { ensurePeer } from '../lib/peer.js';
import { rawSqliteInsertRate } from '../lib/sqliteCeiling.js';
import { runStandalone } from '../lib/standalone.js';
import { median, summarize } from '../lib/stats.js';
import { formatNumber } from '../lib/table.js';
import { openEmmett, openOurs, type CommandSystem, type EmmettMode } from './commandSystem.js';
import { decideOnlyCpuMicros } from './decideOnly.js';
import { driveOrders, receiveStock, type DriveResult } from './driveWorkload.js';
import { loadEmmett, type EmmettApi } from './emmettApi.js';
import { buildWorkload, type Variant, type Workload } from './workloadCommands.js';

/** Orders in flight at once; each is 3 reservations (concurrent) then 1 placement. */
const CONCURRENCY = 64;
/** The issue's goal: at least 20× Emmett's throughput on the same command workload. */
const TARGET_RATIO = 20;

type Sizes = Readonly<{ runs: number; orders: Readonly<Record<Variant, number>>; warmupOrders: number; ceilingEvents: number; fsyncEvents: number }>;
const FULL: Sizes = { runs: 3, orders: { distinct: 256, hot: 128, 'reserve-only': 256 }, warmupOrders: 16, ceilingEvents: 100_000, fsyncEvents: 500 };
const QUICK: Sizes = { runs: 1, orders: { distinct: 32, hot: 16, 'reserve-only': 32 }, warmupOrders: 4, ceilingEvents: 10_000, fsyncEvents: 100 };

/** `warm`: keep the state cached while receiving stock (a server that saw these streams recently). */
type SystemSpec = Readonly<{ name: string; open: (path: string) => CommandSystem; setupConcurrency: number; peer: boolean; warm?: boolean }>;
type RunOutcome = Readonly<{ drive?: DriveResult; lost: number; error?: string; counters: Record<string, number>; logged: number }>;

const emmettModes = (): EmmettMode[] => {
  const allowed: EmmettMode[] = ['memory', 'memory-serial', 'file', 'file-serial'];
  const wanted = (process.env.BENCH_EMMETT_MODES ?? 'memory,memory-serial,file-serial').split(',').map((m) => m.trim());
  return allowed.filter((m) => wanted.includes(m));
};

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 160);

/**
 * Emmett 0.38.5 prints every failed transaction with console.log; during its runs those lines are
 * counted instead of printed (the failures themselves are counted by the driver).
 */
const counting = async <T>(peer: boolean, work: () => Promise<T>): Promise<{ value: T; logged: number }> => {
  if (!peer) return { value: await work(), logged: 0 };
  const original = console.log;
  let logged = 0;
  console.log = () => void logged++;
  try {
    return { value: await work(), logged };
  } finally {
    console.log = original;
  }
};

const streamsOf = (w: Workload) => [...new Set([...w.stock.map((s) => s.stream), ...w.orders.flatMap((o) => (o.placement ? [o.placement.stream] : []))])];

/** One run of one system on a fresh database: setup (untimed), timed orders, then read back what was stored. */
const runOnce = async (spec: SystemSpec, workload: Workload): Promise<RunOutcome> => {
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-commands-'));
  let system: CommandSystem | undefined;
  try {
    const { value, logged } = await counting(spec.peer, async (): Promise<Omit<RunOutcome, 'logged'>> => {
      system = spec.open(join(dir, `${spec.name}.db`));
      try {
        await receiveStock(system, workload, spec.setupConcurrency);
      } catch (error) {
        return { lost: 0, error: `setup failed: ${describeError(error)}`, counters: {} };
      }
      if (!spec.warm) system.forgetCache();
      const before = system.counters();
      const drive = await driveOrders(system, workload, CONCURRENCY);
      const after = system.counters();
      const counters = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
      // Every event a successful command reported must be readable; anything else was lost.
      const setupEvents = workload.stock.length;
      const stored = await system.storedEvents(streamsOf(workload));
      return { drive, lost: Math.max(0, setupEvents + drive.events - stored), counters };
    });
    return { ...value, logged };
  } catch (error) {
    return { lost: 0, error: describeError(error), counters: {}, logged: 0 };
  } finally {
    await system?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
};

const rate = (count: number, r: DriveResult) => (count / r.elapsedMs) * 1000;

/** Commands/s and events/s rows for one system, with what explains them in the notes. */
const systemResults = (variant: Variant, spec: SystemSpec, outcomes: readonly RunOutcome[]): BenchResult[] => {
  const ok = outcomes.filter((o) => o.drive);
  const failedRuns = outcomes.filter((o) => !o.drive).map((o) => o.error);
  const notes: string[] = [];
  if (failedRuns.length > 0) notes.push(`${failedRuns.length} run(s) failed: ${failedRuns[0]}`);
  if (ok.length === 0) return [{ name: `${variant}: ${spec.name} commands/s`, unit: 'commands/s', median: 0, min: 0, max: 0, runs: [], failed: notes.join('; ') }];
  const failures = ok.reduce((n, o) => n + o.drive!.failures, 0);
  const lost = ok.reduce((n, o) => n + o.lost, 0);
  if (failures > 0) notes.push(`${failures} failed command(s) over ${ok.length} run(s): ${Object.keys(ok.find((o) => o.drive!.failures > 0)!.drive!.errors).join(' | ')}`);
  if (lost > 0) notes.push(`${lost} acknowledged event(s) missing when read back`);
  const logged = ok.reduce((n, o) => n + o.logged, 0);
  if (logged > 0) notes.push(`${logged} error line(s) printed by the peer (muted)`);
  const cpuPerCommand = ok.map((o) => o.drive!.cpuMs / Math.max(1, o.drive!.commands));
  notes.push(`CPU ${formatNumber(median(cpuPerCommand))} ms/command`);
  const retries = ok.reduce((n, o) => n + (o.counters.retries ?? 0), 0);
  if (retries > 0) notes.push(`${retries} command(s) retried after SQLITE_BUSY`);
  const commits = ok.map((o) => o.counters.commits).filter((c): c is number => c !== undefined);
  if (commits.length > 0) notes.push(`${formatNumber(commits[0]! === 0 ? 0 : ok[0]!.drive!.commands / commits[0]!)} commands per fsync'd commit`);
  const commands = summarize(`${variant}: ${spec.name} commands/s`, 'commands/s', ok.map((o) => ({ value: rate(o.drive!.commands, o.drive!), latenciesMs: o.drive!.latenciesMs })), { notes: notes.join('; ') });
  const events = summarize(`${variant}: ${spec.name} events/s`, 'events/s', ok.map((o) => ({ value: rate(o.drive!.events, o.drive!) })));
  return [commands, events];
};

/** Paired per-run ratio (same run, back to back): ours / peer commands/s. */
const ratioResult = (variant: Variant, peer: SystemSpec, ours: readonly RunOutcome[], theirs: readonly RunOutcome[]): BenchResult | undefined => {
  const ratios = ours.flatMap((o, i) => {
    const t = theirs[i];
    if (!o.drive || !t?.drive || t.drive.commands === 0) return [];
    return [rate(o.drive.commands, o.drive) / rate(t.drive.commands, t.drive)];
  });
  if (ratios.length === 0) return undefined;
  const notes: string[] = [];
  const skipped = ours.length - ratios.length;
  if (skipped > 0) notes.push(`${skipped} run(s) without a ratio (a run failed)`);
  // CPU per command is far less sensitive than wall time to other processes on a shared machine.
  const cpu = (outcomes: readonly RunOutcome[]) =>
    outcomes.flatMap((o) => (o.drive && o.drive.commands > 0 ? [o.drive.cpuMs / o.drive.commands] : []));
  const [oursCpu, theirCpu] = [cpu(ours), cpu(theirs)];
  if (oursCpu.length > 0 && theirCpu.length > 0) {
    notes.push(`per CPU-second of the process: ${formatNumber(median(theirCpu) / median(oursCpu))}× (${formatNumber(median(oursCpu))} vs ${formatNumber(median(theirCpu))} CPU ms/command)`);
  }
  const peerFailures = theirs.reduce((n, t) => n + (t.drive?.failures ?? 0), 0);
  if (peerFailures > 0) notes.push(`the peer failed ${peerFailures} command(s) in these runs (its rate counts successes only): not a reliable configuration`);
  return summarize(`${variant}: ratio ours / ${peer.name} (commands/s)`, '×', ratios.map((value) => ({ value })), {
    target: TARGET_RATIO,
    ...(notes.length > 0 ? { notes: notes.join('; ') } : {}),
  });
};

const compareVariant = async (variant: Variant, specs: readonly SystemSpec[], sizes: Sizes, log: (line: string) => void): Promise<BenchResult[]> => {
  const orders = sizes.orders[variant];
  log(`command workload [${variant}]: ${orders} orders × ${variant === 'reserve-only' ? 3 : 4} commands, ${CONCURRENCY} orders in flight, ${sizes.runs} run(s) per system`);
  for (const spec of specs) await runOnce(spec, buildWorkload(variant, sizes.warmupOrders, `warmup-${spec.name}`)); // JIT warm-up, discarded
  const outcomes = new Map<string, RunOutcome[]>(specs.map((s) => [s.name, []]));
  for (let run = 0; run < sizes.runs; run++) {
    // Systems alternate within each run, so a burst of load from elsewhere hits all of them alike.
    for (const spec of specs) {
      const outcome = await runOnce(spec, buildWorkload(variant, orders, `${spec.name}-${run}`));
      outcomes.get(spec.name)!.push(outcome);
      const d = outcome.drive;
      log(`  run ${run + 1} ${spec.name.padEnd(20)} ${d ? `${formatNumber(rate(d.commands, d)).padStart(8)} commands/s  ${formatNumber(rate(d.events, d)).padStart(8)} events/s  failures ${d.failures}  lost ${outcome.lost}` : outcome.error}`);
    }
  }
  // Ratios use our cold-cache figure: every stream is read from the store once, as Emmett always does.
  const ours = specs.find((s) => s.name === 'ours')!;
  const peers = specs.filter((s) => s.peer);
  // Several rounds of a larger workload: one round is too short for process.cpuUsage's resolution.
  const decide = Array.from({ length: sizes.runs }, (_, r) => ({ value: decideOnlyCpuMicros(buildWorkload(variant, orders * 4, `decide-${r}`)) }));
  return [
    summarize(`${variant}: decide + evolve alone (no handler, no store)`, 'CPU µs/command', decide, {
      lowerIsBetter: true,
      notes: 'the work both systems share; ours/peer ≤ peer CPU per command ÷ this',
    }),
    ...specs.flatMap((spec) => systemResults(variant, spec, outcomes.get(spec.name)!)),
    ...peers.flatMap((peer) => ratioResult(variant, peer, outcomes.get(ours.name)!, outcomes.get(peer.name)!) ?? []),
  ];
};

const ceilings = (sizes: Sizes, log: (line: string) => void): BenchResult[] => {
  log('raw better-sqlite3 ceilings (same table, indexes and pragmas as the store; WAL, synchronous=FULL)');
  const times = (n: number, f: () => number) => Array.from({ length: n }, () => ({ value: f() }));
  return [
    summarize('raw better-sqlite3, one transaction (write ceiling)', 'events/s', times(sizes.runs, () => rawSqliteInsertRate(sizes.ceilingEvents, Number.MAX_SAFE_INTEGER)), {
      notes: `${formatNumber(sizes.ceilingEvents)} events in one transaction, one fsync`,
    }),
    summarize('raw better-sqlite3, one event per transaction (fsync rate)', 'events/s', times(sizes.runs, () => rawSqliteInsertRate(sizes.fsyncEvents, 1)), {
      notes: 'bounds any writer that commits one stream serially (the hot-stream case)',
    }),
  ];
};

export const run = async ({ quick, log }: BenchOptions): Promise<BenchResult[]> => {
  const sizes = quick ? QUICK : FULL;
  const results = ceilings(sizes, log);
  const specs: SystemSpec[] = [
    { name: 'ours', open: openOurs, setupConcurrency: CONCURRENCY, peer: false },
    { name: 'ours-warm-cache', open: openOurs, setupConcurrency: CONCURRENCY, peer: false, warm: true },
  ];
  const peer = ensurePeer(log);
  let peerNote: string | undefined;
  if (peer.available) {
    try {
      const emmett: EmmettApi = await loadEmmett();
      const version = peer.versions['@event-driven-io/emmett-sqlite'];
      // Emmett's setup runs one command at a time: its concurrency problems must show in the timed phase only.
      for (const mode of emmettModes()) specs.push({ name: `emmett-${mode}`, open: (path) => openEmmett(emmett, mode, path), setupConcurrency: 1, peer: true });
      log(`peer: Emmett ${version} (${Object.entries(peer.versions).map(([k, v]) => `${k}@${v}`).join(', ')})`);
    } catch (error) {
      peerNote = `peer unavailable: ${describeError(error)}`;
    }
  } else {
    peerNote = `peer unavailable: ${peer.reason}`;
  }
  if (peerNote) log(peerNote);
  for (const variant of ['distinct', 'hot', 'reserve-only'] as const) results.push(...(await compareVariant(variant, specs, sizes, log)));
  if (peerNote) results.push({ name: 'peer (Emmett)', unit: '', median: 0, min: 0, max: 0, runs: [], failed: peerNote });
  return results;
};

await runStandalone(import.meta.url, 'commandWorkload', run);
