import type { Command } from 'commander';
import { promiseAccuracy, type PromiseAccuracyReport } from '../../application/promise/promiseAccuracy.js';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import { openExistingStores } from './openExistingStores.js';
import { checkWindow } from './cliArguments.js';

/**
 * `oms report promise-accuracy [--from DATE] [--to DATE] [--json]`: scores the promises recorded
 * in the ledger against the deliveries, beside the external baseline recorded on import (Olist's
 * estimated delivery date). Opens the stores only: runs beside a live server.
 */
// An empty window has no rate: 'n/a' rather than 'NaN %'.
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)} %` : 'n/a');
const days = (x: number) => (Number.isFinite(x) ? `${x} d` : 'n/a');

export const formatPromiseAccuracy = (r: PromiseAccuracyReport): string =>
  [
    `orders purchased ${r.window.from ?? '(start)'} → ${r.window.to ?? '(end)'}: ${r.ordersInWindow}; scored (delivered, both promises): ${r.delivered}`,
    `ours    : on-time ${pct(r.onTimeRate)}, median promised ${days(r.medianPromisedDays)}, MAE ${days(r.meanAbsErrorDays)}`,
    `baseline: on-time ${pct(r.baselineOnTimeRate)}, median promised ${days(r.baselineMedianPromisedDays)}, MAE ${days(r.baselineMeanAbsErrorDays)}`,
    `lead reduction ${Number.isFinite(r.leadReductionPct) ? `${r.leadReductionPct} %` : 'n/a'}; revised promises ${r.revisedPromises}; unscored ${JSON.stringify(r.unscored)}`,
    '',
  ].join('\n');

export const runPromiseAccuracy = async (
  config: OmsConfig,
  options: Readonly<{ from?: string; to?: string; json?: boolean }>,
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
): Promise<PromiseAccuracyReport> => {
  checkWindow(options); // before opening any store
  const stores = await openExistingStores(config, 'report on');
  try {
    const report = await promiseAccuracy(stores.eventStore, {
      ...(options.from ? { from: `${options.from}T00:00:00.000Z` } : {}),
      ...(options.to ? { to: `${options.to}T00:00:00.000Z` } : {}),
    });
    out.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatPromiseAccuracy(report));
    return report;
  } finally {
    await stores.eventStore.close();
    await stores.readStore.close();
  }
};

export const registerReportPromiseAccuracy = (program: Command): void => {
  const report = program.commands.find((c) => c.name() === 'report') ?? program.command('report').description('reports read from the ledger');
  report
    .command('promise-accuracy')
    .description('on-time rate and promised lead of delivered orders purchased in a window, beside the imported baseline')
    .option('--from <date>', 'purchased on or after (YYYY-MM-DD)')
    .option('--to <date>', 'purchased before (YYYY-MM-DD)')
    .option('--json', 'print JSON')
    .action(async (opts: { from?: string; to?: string; json?: boolean }) => {
      await runPromiseAccuracy(loadConfig(), opts);
    });
};
