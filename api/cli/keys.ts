import type { Command } from 'commander';
import { randomBytes, randomUUID } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateKeyRequest } from '../../application/security/apiKeys.js';
import { createSecurityServices, type SecurityServices } from '../../application/security/securityServices.js';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import { generateKey, parseMasterKey } from '../../infrastructure/secrets/envelope.js';
import { MASTER_KEY_FILE, openKeyStore } from '../../infrastructure/secrets/openKeyStore.js';
import { openStores } from '../bootstrap/openStores.js';
import { UsageError } from './cliArguments.js';

/**
 * `oms keys …`: API keys (create, list, revoke), a random secret for OMS_API_KEYS, and master-key
 * rotation. Runs beside a live server against the same stores; a revocation reaches running
 * instances within their key cache (5 s). Each create/revoke is recorded in the access log.
 */

type Out = Pick<NodeJS.WriteStream, 'write'>;

export type CliSecurity = Readonly<{ services: SecurityServices; close: () => Promise<void> }>;

/** The security services without a server: no projections, no bootstrap key. */
export async function openCliSecurity(config: OmsConfig): Promise<CliSecurity> {
  const stores = await openStores(config);
  const keyStore = openKeyStore({ dataDir: config.dataDir, security: config.security, readStore: stores.readStore });
  const services = createSecurityServices({ config: config.security, readStore: stores.readStore, eventStore: stores.eventStore, keyStore, idempotencyLockMs: config.requestTimeoutMs + 5000 });
  return {
    services,
    close: async () => {
      await services.close();
      await stores.eventStore.close();
      await stores.readStore.close();
    },
  };
}

export const CLI_ACTOR = { kind: 'admin', id: `cli:${process.env.USER ?? 'unknown'}` } as const;

const audit = (s: SecurityServices, route: string, resource: Record<string, string>) =>
  s.accessLog.record({ kind: 'key-admin', actor: CLI_ACTOR, role: 'admin', method: 'CLI', route, resource, status: 0, requestId: randomUUID(), at: new Date().toISOString() });

export type CreateOptions = Readonly<{ role: string; node?: string[]; name?: string; json?: boolean }>;

/** Argument checks that need no store run first: a refused request creates nothing (no data directory, no master key). */
const usage = <T>(check: () => T, prefix = ''): T => {
  try {
    return check();
  } catch (error) {
    throw new UsageError(`${prefix}${error instanceof Error ? error.message : String(error)}`);
  }
};

export async function runKeysCreate(config: OmsConfig, opts: CreateOptions, out: Out = process.stdout): Promise<number> {
  usage(() => validateKeyRequest(opts.role, opts.node ?? []));
  const cli = await openCliSecurity(config);
  try {
    const { key, info } = await cli.services.apiKeys.create({ role: opts.role, nodes: opts.node ?? [], name: opts.name, createdBy: CLI_ACTOR.id });
    await audit(cli.services, 'oms keys create', { keyId: info.keyId, role: info.role });
    out.write(opts.json ? `${JSON.stringify({ key, ...info })}\n` : `${key}\n# key id ${info.keyId}, role ${info.role}${info.nodes.length ? `, nodes ${info.nodes.join(', ')}` : ''}. Shown only now: store it safely.\n`);
    return 0;
  } finally {
    await cli.close();
  }
}

export async function runKeysList(config: OmsConfig, opts: Readonly<{ all?: boolean; json?: boolean }>, out: Out = process.stdout): Promise<number> {
  const cli = await openCliSecurity(config);
  try {
    const keys = await cli.services.apiKeys.list({ includeRevoked: opts.all === true });
    if (opts.json) out.write(`${JSON.stringify(keys, null, 2)}\n`);
    else {
      out.write(`${'KEY ID'.padEnd(14)}${'ROLE'.padEnd(10)}${'CREATED'.padEnd(26)}${'REVOKED'.padEnd(26)}NODES / NAME\n`);
      for (const k of keys) out.write(`${k.keyId.padEnd(14)}${k.role.padEnd(10)}${k.createdAt.padEnd(26)}${(k.revokedAt ?? '-').padEnd(26)}${[k.nodes.join('+'), k.name].filter(Boolean).join(' ')}\n`);
    }
    return 0;
  } finally {
    await cli.close();
  }
}

/** The 12-character id `oms keys list` shows (the part after `oms_` of a key). */
const KEY_ID = /^[a-z0-9]{12}$/;

export async function runKeysRevoke(config: OmsConfig, keyId: string, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  if (!KEY_ID.test(keyId)) throw new UsageError(`keyId must be the 12-character key id shown by \`oms keys list\`, got ${JSON.stringify(keyId.slice(0, 60))}`);
  const cli = await openCliSecurity(config);
  try {
    const revoked = await cli.services.apiKeys.revoke(keyId, CLI_ACTOR.id);
    if (revoked) await audit(cli.services, 'oms keys revoke', { keyId });
    if (revoked) out.write(`revoked ${keyId}\n`);
    else err.write(`oms keys revoke: no active key ${keyId}\n`);
    return revoked ? 0 : 1;
  } finally {
    await cli.close();
  }
}

/**
 * Re-wraps every data key and secret under a new master key in one transaction. With the
 * generated master.key file the new key is written beside it first (`master.key.new`) and renamed
 * over it afterwards (if interrupted in between, the `.new` file is the key in use); with
 * OMS_MASTER_KEY the new key is printed and must replace the variable before the next start.
 */
export async function runRotateMaster(config: OmsConfig, opts: Readonly<{ newKey?: string }>, out: Out = process.stdout): Promise<number> {
  const next = opts.newKey !== undefined ? usage(() => parseMasterKey(opts.newKey!), '--new-key: ') : generateKey();
  const fileMode = config.security.keyStore === 'file' && config.security.masterKey === undefined;
  const file = join(config.dataDir, MASTER_KEY_FILE);
  const cli = await openCliSecurity(config);
  try {
    await cli.services.keyStore.count(); // opens the current master key before anything changes
    if (fileMode) writeFileSync(`${file}.new`, `${next.toString('base64')}\n`, { mode: 0o600 });
    const count = await cli.services.keyStore.rotateMasterKey(next);
    if (fileMode) renameSync(`${file}.new`, file);
    await audit(cli.services, 'oms keys rotate-master', { keys: String(count) });
    out.write(fileMode
      ? `re-wrapped ${count} key(s); ${file} now holds the new master key\n`
      : `re-wrapped ${count} key(s); set OMS_MASTER_KEY=${next.toString('base64')} on every instance before restarting them\n`);
    return 0;
  } finally {
    await cli.close();
  }
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds the `keys` command group. */
export const registerKeysCommand = (program: Command): void => {
  const keys = program.command('keys').description('API keys (create, list, revoke) and master-key rotation');
  keys.command('create').description('create an API key and print it once')
    .requiredOption('--role <role>', 'store, agent, operator, auditor or admin')
    .option('--node <nodeId>', 'a node a store key may act on (repeatable)', collect)
    .option('--name <text>', 'what the key is for')
    .option('--json', 'print key and metadata as JSON')
    .action(async (opts: CreateOptions) => {
      process.exitCode = await runKeysCreate(loadConfig(), opts);
    });
  keys.command('list').description('list keys (never their secrets)')
    .option('--all', 'include revoked keys').option('--json', 'print JSON')
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      process.exitCode = await runKeysList(loadConfig(), opts);
    });
  keys.command('revoke <keyId>').description('revoke a key (running servers stop accepting it within 5 s)')
    .action(async (keyId: string) => {
      process.exitCode = await runKeysRevoke(loadConfig(), keyId);
    });
  keys.command('generate').description('print a random secret suitable for OMS_API_KEYS entries')
    .action(() => {
      process.stdout.write(`${randomBytes(32).toString('base64url')}\n`);
    });
  keys.command('rotate-master').description('re-wrap every stored data key and secret under a new master key')
    .option('--new-key <base64>', 'the new master key (default: generated)')
    .action(async (opts: { newKey?: string }) => {
      process.exitCode = await runRotateMaster(loadConfig(), opts);
    });
};
