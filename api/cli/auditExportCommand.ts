import { statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { fullOrderHistory } from '../../application/audit/orderHistory.js';
import { EXPORT_FORMATS, exportHistory, type ExportFormat } from '../../application/audit/exportHistory.js';
import { orderStreamName } from '../../domain/order/index.js';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import { openExistingStores } from './openExistingStores.js';
import { checkId, UsageError } from './cliArguments.js';

/**
 * `oms audit export ORDER_ID --format json|csv [--out FILE]`: an order's full audit trail (every
 * event with time, actor, command, causation and reason), deterministic so two exports of the same
 * history are byte-identical. Opens the stores only: runs beside a live server.
 * Exit code 0 = exported, 1 = no such order.
 */
export const runAuditExport = async (
  config: OmsConfig,
  orderId: string,
  options: Readonly<{ format: ExportFormat; out?: string }>,
  stdout: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
  stderr: Pick<NodeJS.WritableStream, 'write'> = process.stderr,
): Promise<number> => {
  // Refused before any store opens: nothing is created for an unusable argument.
  checkId('orderId', orderId);
  if (options.out !== undefined && statSync(options.out, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--out ${options.out} is a directory`);
  const stores = await openExistingStores(config, 'export');
  try {
    const entries = await fullOrderHistory(stores, orderId).catch((error: unknown) => {
      if (error instanceof Error && 'code' in error && error.code === 'ORDER_NOT_FOUND') return undefined;
      throw error;
    });
    if (!entries) {
      stderr.write(`oms audit export: order ${orderId} does not exist\n`);
      return 1;
    }
    const text = exportHistory(options.format, { orderId, stream: orderStreamName(orderId) }, entries);
    if (options.out) {
      writeFileSync(options.out, text);
      stderr.write(`oms audit export: ${entries.length} event(s) of order ${orderId} written to ${options.out}\n`);
    } else {
      stdout.write(text);
    }
    return 0;
  } finally {
    await stores.eventStore.close();
    await stores.readStore.close();
  }
};

export const registerAuditExport = (program: Command): void => {
  const audit = program.commands.find((c) => c.name() === 'audit') ?? program.command('audit').description('audit trails of orders');
  audit
    .command('export')
    .description("export an order's audit trail (every event with time, actor, command, causation, reason)")
    .argument('<orderId>', 'the order id')
    .option('--format <format>', `output format: ${EXPORT_FORMATS.join(' | ')}`, 'json')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (orderId: string, opts: { format: string; out?: string }) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
        process.stderr.write(`oms audit export: --format must be one of ${EXPORT_FORMATS.join(', ')}\n`);
        process.exitCode = 2;
        return;
      }
      process.exitCode = await runAuditExport(loadConfig(), orderId, { format: opts.format as ExportFormat, ...(opts.out ? { out: opts.out } : {}) });
    });
};
