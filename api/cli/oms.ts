import { Command } from 'commander';
import { loadConfig } from '../../infrastructure/config/config.js';
import { openOms } from '../bootstrap/openOms.js';
import { serve } from '../server.js';
import { registerVerifyInventory } from './verifyInventoryCommand.js';
import { registerKeysCommand } from './keys.js';
import { registerForgetCommand } from './forget.js';
import { registerAuditExport } from './auditExportCommand.js';
import { registerVerifyReplay } from './verifyReplayCommand.js';
import { registerReconcile } from './reconcileCommand.js';
import { registerImportOlist } from './importOlistCommand.js';
import { registerReportPromiseAccuracy } from './reportPromiseAccuracyCommand.js';
import { registerImportUci } from './importUciCommand.js';
import { registerSimulate } from './simulateCommand.js';

/**
 * The `oms` command line. Every subcommand reads the same environment configuration as the
 * server, so `oms verify …` against production means setting the same two URLs.
 */
const program = new Command();
program.name('oms').description('Order Ledger OMS: serve the API, import data, verify and report').version('0.1.0');

program
  .command('serve')
  .description('run the HTTP API and the projections (embedded default unless EVENTSTORE_URL / MONGO_URL are set)')
  .action(async () => {
    const oms = await openOms(loadConfig());
    await serve(oms);
  });

registerVerifyInventory(program);
registerKeysCommand(program);
registerForgetCommand(program);
registerAuditExport(program);
registerVerifyReplay(program);
registerReconcile(program);
registerImportOlist(program);
registerReportPromiseAccuracy(program);
registerImportUci(program);
registerSimulate(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`oms: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
