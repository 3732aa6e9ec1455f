import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImportUci } from '../../api/cli/importUciCommand.js';
import type { ImportSummary } from '../../application/import/uci/importSummary.js';
import { loadConfig } from '../../infrastructure/config/config.js';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';

/**
 * `oms import uci --limit N` on a fresh embedded store (durable writes, synchronous=FULL), the
 * real file from ../shared/data: wall-clock throughput of invoices replayed through checkout,
 * the fulfilment and returns processes, shipments and deliveries. Quick: one run of 20 invoices;
 * full: three runs of 200.
 */
const FILE = join(process.cwd(), '..', 'shared', 'data', 'uci_online_retail', 'online_retail.csv.gz');

const stats = (name: string, unit: string, runs: number[], notes: string): BenchResult => {
  const sorted = [...runs].sort((a, b) => a - b);
  return { name, unit, median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)!, runs, notes };
};

export const run = async (options: BenchOptions): Promise<BenchResult[]> => {
  const limit = options.quick ? 20 : 200;
  const runs = options.quick ? 1 : 3;
  const summaries: ImportSummary[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'oms-uci-bench-'));
    try {
      const config = loadConfig({ ...process.env, OMS_DATA_DIR: dir, OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'bench' });
      const s = await runImportUci(config, FILE, { limit, json: true, progress: false }, { write: () => true });
      options.log(`run ${i + 1}: ${s.invoices.total} invoices, ${s.orders.placed} orders, ${s.eventsAppended} events in ${s.wallSeconds} s (peak RSS ${s.peakRssMb} MB)`);
      summaries.push(s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const note = `--limit ${limit} on a fresh embedded store; ${summaries[0]?.orders.placed ?? 0} orders, ${summaries[0]?.eventsAppended ?? 0} events per run`;
  return [
    stats('UCI import: orders/s', 'orders/s', summaries.map((s) => s.ordersPerSecond), note),
    stats('UCI import: events/s', 'events/s', summaries.map((s) => s.eventsPerSecond), note),
    stats('UCI import: invoices/s', 'invoices/s', summaries.map((s) => Math.round((s.invoices.total / s.wallSeconds) * 10) / 10), note),
  ];
};
