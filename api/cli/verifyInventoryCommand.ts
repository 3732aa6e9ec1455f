import type { Command } from 'commander';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import { formatVerifyReport, verifyInventory } from '../bootstrap/inventoryVerification.js';
import { openExistingStores } from './openExistingStores.js';

/**
 * `oms verify inventory`: opens the configured stores (without starting any projection, so it can
 * run beside a live server) and compares the inventory read models with a rebuild from the events.
 * Exit code 0 = no drift, 1 = drift (printed), anything else = the check itself failed.
 */
export const runVerifyInventory = async (config: OmsConfig, options: Readonly<{ json?: boolean }> = {}, out = process.stdout): Promise<number> => {
  const stores = await openExistingStores(config, 'verify');
  try {
    const report = await verifyInventory({ eventStore: stores.eventStore, readStore: stores.readStore });
    out.write(`${options.json ? JSON.stringify(report, null, 2) : formatVerifyReport(report)}\n`);
    return report.drift > 0 ? 1 : 0;
  } finally {
    await stores.eventStore.close();
    await stores.readStore.close();
  }
};

/** Adds `verify inventory` (creating the `verify` group if no other feature has yet). */
export const registerVerifyInventory = (program: Command): void => {
  const verify = program.commands.find((c) => c.name() === 'verify')
    ?? program.command('verify').description('compare read models with a rebuild from the event log');
  verify
    .command('inventory')
    .description('rebuild availability and reservations from the events and compare them with the live read models; exit 1 on drift')
    .option('--json', 'print the full report as JSON')
    .action(async (opts: { json?: boolean }) => {
      process.exitCode = await runVerifyInventory(loadConfig(), opts);
    });
};
