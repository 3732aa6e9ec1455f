import type { Command } from 'commander';
import { formatReplayReport, verifyReplay, type ReplayReport } from '../../application/audit/verifyReplay.js';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import { openEmbeddedReadStore } from '../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { Projection } from '../../projections/runtime/projection.js';
import { openExistingStores } from './openExistingStores.js';
import { allProjections } from '../bootstrap/projections.js';

/**
 * `oms verify replay`: rebuilds every projection from the event log into a scratch in-memory store
 * (with the real projection runner, up to each live checkpoint) and compares canonical SHA-256
 * digests of every collection with the live read models. Opens the stores only (no projection
 * runs in this process), so it can run beside a live server.
 * Exit code 0 = identical, 1 = a difference (printed), anything else = the check itself failed.
 */
export const runVerifyReplay = async (
  config: OmsConfig,
  options: Readonly<{ json?: boolean; projections?: readonly Projection[] }> = {},
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
): Promise<{ exitCode: number; report: ReplayReport }> => {
  const stores = await openExistingStores(config, 'verify');
  const scratch = await openEmbeddedReadStore({ path: ':memory:' });
  try {
    const report = await verifyReplay(stores.eventStore, stores.readStore, scratch, options.projections ?? allProjections);
    out.write(`${options.json ? JSON.stringify(report, null, 2) : formatReplayReport(report)}\n`);
    return { exitCode: report.ok ? 0 : 1, report };
  } finally {
    await scratch.close();
    await stores.eventStore.close();
    await stores.readStore.close();
  }
};

/** Adds `verify replay` (creating the `verify` group if no other feature has yet). */
export const registerVerifyReplay = (program: Command): void => {
  const verify = program.commands.find((c) => c.name() === 'verify')
    ?? program.command('verify').description('compare read models with a rebuild from the event log');
  verify
    .command('replay')
    .description('rebuild every projection from an empty store and compare canonical SHA-256 digests with the live read models; exit 1 on any difference')
    .option('--json', 'print the full report as JSON')
    .action(async (opts: { json?: boolean }) => {
      process.exitCode = (await runVerifyReplay(loadConfig(), opts)).exitCode;
    });
};
