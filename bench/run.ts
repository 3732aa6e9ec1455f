/**
 * `npm run bench [-- --quick] [-- --only <area>[,<area>]]`
 *
 * Runs every benchmark it finds — `bench/<area>/*Bench.ts` — prints one table with the machine
 * it ran on, and writes bench/results/all.json. A module that exports
 * `run(options): Promise<BenchResult[]>` (bench/lib/benchResult.ts) is imported and called; any
 * other *Bench.ts is run as a child process (`--quick` passed on) and its JSON is read from
 * bench/results/<area>.json or <name>.json when it wrote one during this run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './lib/benchResult.js';
import { describeMachine, loadAverage, machineInfo } from './lib/machine.js';
import { ensurePeer, type PeerStatus } from './lib/peer.js';
import { adaptResultsJson } from './lib/resultsJson.js';
import { RESULTS_DIR } from './lib/standalone.js';
import { renderTable } from './lib/table.js';

const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url));
const ROOT = join(BENCH_DIR, '..');
/** Folders under bench/ that hold no benchmark. */
const NOT_AREAS = new Set(['lib', 'peer', 'results', 'node_modules']);
/** Areas whose benchmarks need the peer (Emmett) installed in bench/peer. */
const NEEDS_PEER = new Set(['commandWorkload']);
const CHILD_TIMEOUT_MS = 60 * 60_000;

type Found = Readonly<{ area: string; file: string; exportsRun: boolean }>;
type AreaReport = {
  area: string;
  module: string;
  mode: 'module' | 'child';
  status: 'ok' | 'failed' | 'no results';
  durationMs: number;
  error?: string;
  results: BenchResult[];
};

const log = (line: string) => void process.stdout.write(`${line}\n`);

const parseArgs = (argv: readonly string[]) => {
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--only') only.push(...(argv[++i] ?? '').split(','));
    else if (arg.startsWith('--only=')) only.push(...arg.slice('--only='.length).split(','));
    else if (arg !== '--quick') throw new Error(`unknown argument ${arg} (use --quick, --only <area>[,<area>])`);
  }
  return { quick: argv.includes('--quick'), only: only.map((a) => a.trim()).filter(Boolean) };
};

/** Convention: an exported `run` (function or const) marks a module the harness can call directly. */
const EXPORTS_RUN = /export\s+(?:async\s+)?(?:function\s+run\s*\(|const\s+run\s*[:=])/;

const discover = (): Found[] =>
  readdirSync(BENCH_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !NOT_AREAS.has(d.name) && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort()
    .flatMap((area) =>
      readdirSync(join(BENCH_DIR, area))
        .filter((f) => f.endsWith('Bench.ts'))
        .sort()
        .map((f) => {
          const file = join(BENCH_DIR, area, f);
          return { area, file, exportsRun: EXPORTS_RUN.test(readFileSync(file, 'utf8')) };
        }),
    );

const errorText = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

const runModule = async (found: Found, quick: boolean): Promise<BenchResult[]> => {
  const mod = (await import(pathToFileURL(found.file).href)) as Partial<BenchModule>;
  if (typeof mod.run !== 'function') throw new Error('module has no run() export');
  return mod.run({ quick, log: (line) => log(`  ${line}`) });
};

/** Runs a script-style benchmark and reads the JSON it wrote during this run (stale files are ignored). */
const runChild = async (found: Found, quick: boolean): Promise<BenchResult[] | undefined> => {
  const started = Date.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', found.file, ...(quick ? ['--quick'] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGTERM'), CHILD_TIMEOUT_MS);
    const relay = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop()!;
        lines.forEach((l) => log(`  ${l}`));
      });
      stream.on('end', () => rest && log(`  ${rest}`));
    };
    relay(child.stdout);
    relay(child.stderr);
    child.on('error', reject);
    child.on('close', (exit) => {
      clearTimeout(timer);
      resolve(exit);
    });
  });
  if (code !== 0) throw new Error(`${relative(ROOT, found.file)} exited with ${String(code)}`);
  const candidates = [found.area, basename(found.file, '.ts'), basename(found.file, 'Bench.ts')].map((n) => join(RESULTS_DIR, `${n}.json`));
  const fresh = candidates.find((f) => existsSync(f) && statSync(f).mtimeMs >= started - 1000);
  return fresh ? adaptResultsJson(JSON.parse(readFileSync(fresh, 'utf8'))) : undefined;
};

const main = async (): Promise<number> => {
  const { quick, only } = parseArgs(process.argv.slice(2));
  const all = discover();
  const areas = [...new Set(all.map((f) => f.area))];
  const unknown = only.filter((a) => !areas.includes(a));
  if (unknown.length > 0) throw new Error(`unknown area(s) ${unknown.join(', ')}; found: ${areas.join(', ')}`);
  const selected = only.length > 0 ? all.filter((f) => only.includes(f.area)) : all;
  const machine = machineInfo();
  const started = Date.now();
  log(`npm run bench${quick ? ' --quick' : ''}${only.length ? ` --only ${only.join(',')}` : ''} — ${describeMachine(machine)}`);
  log(`benchmarks: ${selected.map((f) => relative(BENCH_DIR, f.file)).join(', ') || 'none found'}`);

  let peer: PeerStatus | undefined;
  if (selected.some((f) => NEEDS_PEER.has(f.area))) {
    peer = ensurePeer(log);
    log(peer.available ? `peer: ${Object.entries(peer.versions).map(([k, v]) => `${k}@${v}`).join(', ')}` : `peer unavailable: ${peer.reason}`);
  }

  const reports: AreaReport[] = [];
  for (const found of selected) {
    const t0 = Date.now();
    const module = relative(ROOT, found.file);
    log(`\n▶ ${module}${found.exportsRun ? '' : ' (child process)'}`);
    const report: AreaReport = { area: found.area, module, mode: found.exportsRun ? 'module' : 'child', status: 'ok', durationMs: 0, results: [] };
    try {
      const results = found.exportsRun ? await runModule(found, quick) : await runChild(found, quick);
      if (results === undefined || results.length === 0) report.status = 'no results';
      else report.results = results;
    } catch (error) {
      report.status = 'failed';
      report.error = errorText(error);
      log(`  FAILED: ${report.error}`);
    }
    report.durationMs = Date.now() - t0;
    reports.push(report);
  }

  const loadAfter = loadAverage();
  log(`\n${describeMachine(machine)}`);
  log(renderTable(reports.flatMap((r) => r.results.map((result) => ({ area: r.area, result })))));
  for (const r of reports.filter((x) => x.status !== 'ok')) log(`${r.module}: ${r.status}${r.error ? ` — ${r.error.split('\n')[0]}` : ''}`);
  log(`load average before: ${machine.loadAverage.join(' ')}, after: ${loadAfter.join(' ')}; took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const command = `npm run bench${quick ? ' -- --quick' : ''}${only.length ? `${quick ? '' : ' --'} --only ${only.join(',')}` : ''}`;
  const out = { command, quick, only, machine, loadAfter, durationMs: Date.now() - started, peer, areas: reports };
  writeFileSync(join(RESULTS_DIR, 'all.json'), `${JSON.stringify(out, null, 2)}\n`);
  log(`written ${relative(ROOT, join(RESULTS_DIR, 'all.json'))}`);
  return reports.some((r) => r.status === 'failed') ? 1 : 0;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${errorText(error)}\n`);
    process.exitCode = 2;
  },
);
