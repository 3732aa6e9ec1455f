import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import { CLI_ACTOR, openCliSecurity } from './keys.js';
import { checkId } from './cliArguments.js';

/**
 * `oms forget customer <id>`: the right to erasure. Destroys the customer's data key (every
 * sealed copy of their personal data — events, read models, exports, backups — becomes
 * unreadable), overwrites read-model documents that cached it, deletes stored responses carrying
 * it, and records the erasure in the access log. The event history stays intact and replayable.
 * Running instances may still hold the key in memory for up to 30 s (their key cache).
 */

type Out = Pick<NodeJS.WriteStream, 'write'>;

export async function runForgetCustomer(config: OmsConfig, customerId: string, opts: Readonly<{ json?: boolean }> = {}, out: Out = process.stdout): Promise<number> {
  // An empty id would record an erasure of nobody in the access log.
  checkId('customerId', customerId);
  const cli = await openCliSecurity(config);
  try {
    const report = await cli.services.vault.forgetCustomer(customerId);
    await cli.services.accessLog.record({
      kind: 'erasure', actor: CLI_ACTOR, role: 'admin', method: 'CLI', route: 'oms forget customer', resource: { customerId },
      status: 0, requestId: randomUUID(), at: new Date().toISOString(), subject: customerId,
    });
    if (opts.json) out.write(`${JSON.stringify(report)}\n`);
    else {
      const docs = Object.entries(report.readModelDocuments).map(([c, n]) => `${c}: ${n}`).join(', ') || 'none';
      out.write(`customer ${customerId} forgotten: ${report.keysDestroyed} data key(s) destroyed; cached read-model documents overwritten: ${docs}; stored responses deleted: ${report.cachedCopies}\n`);
    }
    return 0;
  } finally {
    await cli.close();
  }
}

/** Adds `forget customer <id>`. */
export const registerForgetCommand = (program: Command): void => {
  const forget = program.command('forget').description('erase personal data (crypto-shredding)');
  forget.command('customer <customerId>')
    .description("make a customer's personal data unreadable everywhere; the order history stays replayable")
    .option('--json', 'print the report as JSON')
    .action(async (customerId: string, opts: { json?: boolean }) => {
      process.exitCode = await runForgetCustomer(loadConfig(), customerId, opts);
    });
};
