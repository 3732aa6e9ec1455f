import type { Command } from 'commander';
import { formatReconcileReport, reconcileFinance, type ReconcileReport } from '../../application/finance/reconcileFinance.js';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import { openExistingStores } from './openExistingStores.js';
import { checkDay } from './cliArguments.js';

/**
 * `oms reconcile [--date YYYY-MM-DD] [--json]`: recomputes the finance ledger from the event log and
 * compares it with the finance and settlement read models and with the orders' own books; prints
 * every mismatch. Opens the stores only (no projection or process runs here), so it can run beside
 * a live server. Exit code 0 = reconciled, 1 = at least one mismatch.
 */
export const runReconcile = async (
  config: OmsConfig,
  options: Readonly<{ date?: string; json?: boolean }> = {},
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
): Promise<{ exitCode: number; report: ReconcileReport }> => {
  checkDay('--date', options.date); // before opening any store
  const stores = await openExistingStores(config, 'reconcile');
  try {
    const report = await reconcileFinance(stores.eventStore, stores.readStore, options.date ? { date: options.date } : {});
    out.write(`${options.json ? JSON.stringify(report, null, 2) : formatReconcileReport(report)}\n`);
    return { exitCode: report.mismatches.length === 0 ? 0 : 1, report };
  } finally {
    await stores.eventStore.close();
    await stores.readStore.close();
  }
};

export const registerReconcile = (program: Command): void => {
  program
    .command('reconcile')
    .description('recompute the finance ledger from the event log, compare with the finance projection and the order totals; exit 1 on any mismatch')
    .option('--date <date>', 'only the orders with money movements on this UTC day (YYYY-MM-DD) and that day\'s settlement')
    .option('--json', 'print the full report as JSON')
    .action(async (opts: { date?: string; json?: boolean }) => {
      process.exitCode = (await runReconcile(loadConfig(), opts)).exitCode;
    });
};
