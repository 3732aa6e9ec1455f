import { Command, CommanderError, type OutputConfiguration } from 'commander';
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
import { UsageError } from './cliArguments.js';

/**
 * The `oms` command line (api/cli/oms.ts runs it). Every subcommand reads the same environment
 * configuration as the server, so `oms verify …` against production means setting the same two URLs.
 * Built by a function so tests can parse arguments in-process with their own output streams.
 */
export const buildProgram = (output?: OutputConfiguration): Command => {
  const program = new Command();
  program.name('oms').description('Order Ledger OMS: serve the API, import data, verify and report').version('0.1.0');
  // Commander's own refusals (unknown option, missing argument) come back as a CommanderError
  // rather than exiting 1, so every usage error exits 2 (cliFailure); subcommands inherit both.
  program.exitOverride();
  if (output) program.configureOutput(output);

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
  return program;
};

/**
 * How a failed command ends: exit 2 for a usage error (commander's, already printed, or a
 * UsageError), 1 for anything else; the message as one line (a JSON parser quotes the file's own
 * lines), never a stack. `--help` and `--version` arrive here too, with exit 0 and nothing to print.
 */
export const cliFailure = (error: unknown): Readonly<{ exitCode: number; line?: string }> => {
  if (error instanceof CommanderError) return { exitCode: error.exitCode === 0 ? 0 : 2 };
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return { exitCode: error instanceof UsageError ? 2 : 1, line: `oms: ${message}\n` };
};
