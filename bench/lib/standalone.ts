import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchResult } from './benchResult.js';
import { describeMachine, loadAverage, machineInfo } from './machine.js';
import { renderTable } from './table.js';

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

const sameFile = (a: string, b: string): boolean => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
};

/**
 * Lets a benchmark module also run on its own (`npx tsx bench/<area>/<x>Bench.ts [--quick]`):
 * when it is the entry script, runs it, prints the table and writes bench/results/<area>.json.
 * Does nothing when the module is imported (by bench/run.ts).
 */
export const runStandalone = async (moduleUrl: string, area: string, run: (options: BenchOptions) => Promise<BenchResult[]>): Promise<void> => {
  const entry = process.argv[1];
  if (!entry || !sameFile(entry, fileURLToPath(moduleUrl))) return;
  const quick = process.argv.includes('--quick');
  const machine = machineInfo();
  const log = (line: string) => void process.stdout.write(`${line}\n`);
  log(`${area}${quick ? ' [quick]' : ''} — ${describeMachine(machine)}`);
  const results = await run({ quick, log });
  log(renderTable(results.map((result) => ({ area, result }))));
  const loadAfter = loadAverage();
  log(`load average after: ${loadAfter.join(' ')}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}${area}.json`;
  writeFileSync(file, `${JSON.stringify({ area, quick, machine, loadAfter, results }, null, 2)}\n`);
  log(`written ${file}`);
};
