import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runKeysRevoke } from '../../../api/cli/keys.js';
import { buildProgram, cliFailure } from '../../../api/cli/omsProgram.js';
import { runSimulate } from '../../../api/cli/simulateCommand.js';
import { openStores } from '../../../api/bootstrap/openStores.js';
import { loadConfig } from '../../../infrastructure/config/config.js';
import { NETWORK_NODES } from '../../../projections/network/nodesProjection.js';
import { physicalName } from '../../../projections/runtime/projection.js';

/**
 * Hostile arguments, files and environment for every `oms` command but the importers (their own
 * tests): a refusal is one line on stderr naming the argument and why, exit 2 for a usage error and
 * 1 otherwise, no stack trace, and nothing created (no data directory) when refused before work.
 * Parsed in-process through the same program and failure mapping as api/cli/oms.ts; a few runs of
 * the real entry point check the wiring.
 */
type Result = { exitCode: number; stderr: string; stdout: string };

const VALID = { id: 'v', version: 1, rules: [{ name: 'a', sort: ['cost'], splitPolicy: 'allowed', onShortfall: 'backorder' }] };

describe('oms CLI: hostile arguments', function () {
  this.timeout(30_000);
  let dir: string;
  let data: string;
  const saved = { ...process.env };
  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'oms-hostile-'));
    data = join(dir, 'never-created');
  });
  beforeEach(() => Object.assign(process.env, { OMS_DATA_DIR: data, OMS_SEED_DEMO: 'false', LOG_LEVEL: 'silent' }));
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** `oms ARGS…` in-process with extra environment; the exit code the entry point would use. */
  const oms = async (argv: string[], env: Record<string, string> = {}): Promise<Result> => {
    const before = { ...process.env };
    Object.assign(process.env, env);
    const err: string[] = [];
    const out: string[] = [];
    const program = buildProgram({ writeErr: (s) => err.push(s), writeOut: (s) => out.push(s) });
    const exitBefore = process.exitCode;
    try {
      await program.parseAsync(argv, { from: 'user' });
      return { exitCode: Number(process.exitCode ?? 0), stderr: err.join(''), stdout: out.join('') };
    } catch (error) {
      const { exitCode, line } = cliFailure(error);
      return { exitCode, stderr: err.join('') + (line ?? ''), stdout: out.join('') };
    } finally {
      process.exitCode = exitBefore;
      for (const k of Object.keys(env)) if (before[k] === undefined) delete process.env[k];
      Object.assign(process.env, before);
    }
  };

  const refused = (r: Result, exitCode: number, pattern: RegExp) => {
    expect(r.exitCode, r.stderr).to.equal(exitCode);
    expect(r.stderr.split('\n').filter(Boolean), r.stderr).to.have.length(1);
    expect(r.stderr).to.match(pattern).and.not.match(/\n\s+at /);
    expect(existsSync(data), `${data} created`).to.equal(false);
  };

  it('commander refusals (unknown option, missing or extra argument) exit 2', async () => {
    refused(await oms(['verify', 'inventory', '--bogus']), 2, /unknown option '--bogus'/);
    refused(await oms(['import', 'uci', 'invoices.csv', '--limit', 'abc']), 2, /--limit must be a positive integer, got abc/);
    refused(await oms(['audit', 'export']), 2, /missing required argument 'orderId'/);
    refused(await oms(['simulate', '--from', '2017-01-01']), 2, /required option '--rules <file>'/);
    refused(await oms(['keys', 'create']), 2, /required option '--role <role>'/);
    refused(await oms(['forget', 'customer']), 2, /missing required argument 'customerId'/);
    refused(await oms(['serve', 'now']), 2, /too many arguments for 'serve'/);
    expect((await oms(['--version'])).exitCode).to.equal(0);
  });

  it('dates: not a calendar day, not a date, a reversed window — exit 2 before any store opens', async () => {
    const rules = file('valid.json', JSON.stringify(VALID));
    refused(await oms(['report', 'promise-accuracy', '--from', '2017-13-45']), 2, /^oms: --from must be a calendar date YYYY-MM-DD, got "2017-13-45"$/m);
    refused(await oms(['report', 'promise-accuracy', '--to', 'yesterday']), 2, /--to must be a calendar date .* "yesterday"/);
    refused(await oms(['report', 'promise-accuracy', '--from', '2018-01-01', '--to', '2017-01-01']), 2, /--from 2018-01-01 is after --to 2017-01-01/);
    refused(await oms(['reconcile', '--date', '2017-02-29']), 2, /--date must be a calendar date .* "2017-02-29"/);
    refused(await oms(['reconcile', '--date', '1e9']), 2, /--date must be a calendar date/);
    refused(await oms(['simulate', '--rules', rules, '--from', '2017-13-45']), 2, /--from must be a calendar date/);
    refused(await oms(['simulate', '--rules', rules, '--to', 'yesterday']), 2, /--to must be a calendar date/);
    refused(await oms(['simulate', '--rules', rules, '--from', '2018-01-02', '--to', '2018-01-01']), 2, /is after --to/);
  });

  it('simulate --rules: unusable files are one line naming the file and the reason', async () => {
    const bad = (name: string, content: string | Buffer) => oms(['simulate', '--rules', file(name, content)]);
    refused(await oms(['simulate', '--rules', join(dir, 'missing.json')]), 1, /cannot read rules file .*missing\.json: ENOENT/);
    refused(await oms(['simulate', '--rules', dir]), 1, /cannot read rules file .*: EISDIR/);
    refused(await bad('empty.json', ''), 1, /invalid rules file .*empty\.json: \(file\): not valid JSON/);
    refused(await bad('trunc.json', '{"id":"v","version":1,"rules":['), 1, /trunc\.json: \(file\): not valid JSON/);
    refused(await bad('garbage.bin', Buffer.from([0x7b, 0x0a, 0xff, 0x00, 0x0a, 0x0d, 0x0a, 0x9c])), 1, /garbage\.bin: \(file\): not valid JSON/);
    refused(await bad('rules.yaml', 'id: v\nversion: 1\nrules:\n  - name: a\n'), 1, /rules\.yaml: \(file\): not valid JSON/);
    refused(await bad('array.json', '[1,2]'), 1, /must hold a JSON object/);
    refused(await bad('type.json', JSON.stringify({ ...VALID, version: '1' })), 1, /type\.json: version: must be a number/);
    refused(await bad('field.json', JSON.stringify({ ...VALID, rules: [{ ...VALID.rules[0], bogus: 1 }] })), 1, /rules\[0\]\.bogus: unknown field/);
    refused(await bad('inf.json', JSON.stringify(VALID).replace('"version":1', '"version":1e400')), 1, /version: must be a number/);
    refused(await bad('unsafe.json', JSON.stringify(VALID).replace('"version":1', '"version":99999999999999999999')), 1, /version must be a positive integer/);
    refused(await bad('dist.json', JSON.stringify({ ...VALID, rules: [{ ...VALID.rules[0], filters: { maxDistanceKm: -1 } }] })), 1, /maxDistanceKm must be ≥ 0/);
  });

  it('simulate: a path with spaces and unicode works; nodes the network does not know are warned about', async () => {
    const sub = join(dir, 'dossier ü');
    mkdirSync(sub);
    const rules = join(sub, 'règles ø.json');
    writeFileSync(rules, JSON.stringify({ ...VALID, nodePriority: { 'dc-1': 1, ghost: 2 }, rules: [{ ...VALID.rules[0], filters: { excludeNodeIds: ['ghost-2'] } }] }));
    const config = loadConfig({ OMS_DATA_DIR: join(dir, 'sim'), OMS_SEED_DEMO: 'false' });
    const stores = await openStores(config);
    await stores.readStore.collection(physicalName(NETWORK_NODES, 1)).insertOne({ _id: 'dc-1', type: 'dc' });
    await stores.eventStore.close();
    await stores.readStore.close();
    const out: string[] = [];
    const err: string[] = [];
    const report = await runSimulate(config, { rules }, { write: (s: string) => out.push(s) > 0 }, { write: (s: string) => err.push(s) > 0 });
    expect(report.ordersInWindow).to.equal(0);
    expect(out.join('')).to.match(/^orders placed \(start\) → \(end\): 0/);
    expect(err).to.deep.equal([`oms simulate: warning: ${rules} names node(s) not in the network: ghost, ghost-2\n`]);
  });

  it('keys: bad roles, node ids, key ids and master keys are refused before any store opens', async () => {
    refused(await oms(['keys', 'create', '--role', 'root']), 2, /role must be one of store, agent, operator, auditor, admin/);
    refused(await oms(['keys', 'create', '--role', 'store']), 2, /a store key needs at least one node/);
    refused(await oms(['keys', 'create', '--role', 'agent', '--node', 'dc-1']), 2, /only store keys are scoped to nodes/);
    refused(await oms(['keys', 'create', '--role', 'store', '--node', '../../etc']), 2, /invalid node id "\.\.\/\.\.\/etc"/);
    refused(await oms(['keys', 'revoke', 'nope ü']), 2, /keyId must be the 12-character key id/);
    refused(await oms(['keys', 'revoke', '']), 2, /keyId must be/);
    refused(await oms(['keys', 'rotate-master', '--new-key', '']), 2, /--new-key: the master key must be 32 bytes/);
    refused(await oms(['keys', 'rotate-master', '--new-key', 'AAAA']), 2, /--new-key: the master key must be 32 bytes/);
  });

  it('keys revoke of an unknown key: exit 1, the message on stderr', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const config = loadConfig({ OMS_DATA_DIR: join(dir, 'keys'), OMS_SEED_DEMO: 'false' });
    expect(await runKeysRevoke(config, 'abcdefabcdef', { write: (s: string) => out.push(s) > 0 }, { write: (s: string) => err.push(s) > 0 })).to.equal(1);
    expect({ out, err }).to.deep.equal({ out: [], err: ['oms keys revoke: no active key abcdefabcdef\n'] });
  });

  it('forget / audit export: empty or unusable ids and outputs are refused before any store opens', async () => {
    refused(await oms(['forget', 'customer', '']), 2, /customerId must be a non-empty id/);
    refused(await oms(['forget', 'customer', '  ']), 2, /customerId must be a non-empty id/);
    refused(await oms(['forget', 'customer', 'a'.repeat(501)]), 2, /customerId must be a non-empty id of at most 500/);
    refused(await oms(['audit', 'export', '']), 2, /orderId must be a non-empty id/);
    refused(await oms(['audit', 'export', 'o\n1']), 2, /orderId must be a non-empty id/);
    refused(await oms(['audit', 'export', 'o-1', '--out', dir]), 2, /--out .* is a directory/);
  });

  it('bad environment: one line naming the variable, exit 1, nothing created', async () => {
    refused(await oms(['verify', 'inventory'], { OMS_SQLITE_SYNCHRONOUS: 'maybe' }), 1, /OMS_SQLITE_SYNCHRONOUS must be FULL or NORMAL, got "maybe"/);
    refused(await oms(['verify', 'replay'], { OMS_REQUEST_TIMEOUT_MS: 'abc' }), 1, /OMS_REQUEST_TIMEOUT_MS must be an integer/);
    refused(await oms(['reconcile'], { OMS_REAPER_INTERVAL_MS: '-5' }), 1, /OMS_REAPER_INTERVAL_MS must be an integer/);
    refused(await oms(['keys', 'list'], { OMS_SEED_DEMO: 'perhaps' }), 1, /OMS_SEED_DEMO must be true or false/);
    refused(await oms(['reconcile'], { MONGO_URL: 'bogus://x' }), 1, /MONGO_URL must start with mongodb:\/\/ or mongodb\+srv:\/\//);
    refused(await oms(['verify', 'inventory'], { EVENTSTORE_URL: 'notaurl' }), 1, /EVENTSTORE_URL must start with esdb:\/\//);
    // The message names the scheme, never the rest of the URL (credentials).
    const leaked = await oms(['reconcile'], { MONGO_URL: 'mongo://admin:hunter2@db.internal/oms' });
    refused(leaked, 1, /MONGO_URL must start with mongodb:\/\//);
    expect(JSON.stringify(leaked)).to.not.contain('hunter2');
    refused(await oms(['keys', 'list'], { OMS_MASTER_KEY: 'short' }), 1, /OMS_MASTER_KEY must be 32 bytes/);
  });

  it('an OMS_DATA_DIR that is a file, or a data file that is not a database, is named', async () => {
    const notDir = file('not-a-dir', 'x');
    const r1 = await oms(['keys', 'list'], { OMS_DATA_DIR: notDir });
    expect(r1.exitCode).to.equal(1);
    expect(r1.stderr).to.match(/^oms: cannot create OMS_DATA_DIR .*not-a-dir: EEXIST/).and.not.match(/\n./);
    const corrupt = join(dir, 'corrupt');
    mkdirSync(corrupt);
    writeFileSync(join(corrupt, 'oms.db'), Buffer.alloc(8192, 0x5a));
    const r2 = await oms(['reconcile'], { OMS_DATA_DIR: corrupt });
    expect(r2.exitCode).to.equal(1);
    expect(r2.stderr).to.match(/^oms: cannot open .*corrupt\/oms\.db: file is not a database\n$/);
  });

  it('read-only commands refuse a data directory holding no store (a typo must not report "0 mismatches" on an empty one) and create nothing', async () => {
    const missing = join(dir, 'no-such-store');
    for (const args of [['reconcile'], ['verify', 'inventory'], ['verify', 'replay'], ['report', 'promise-accuracy'], ['audit', 'export', 'o-1']]) {
      const r = await oms(args, { OMS_DATA_DIR: missing });
      expect(r.exitCode, args.join(' ')).to.equal(1);
      expect(r.stderr, args.join(' ')).to.match(/^oms: no OMS store at .*no-such-store\/oms\.db \(OMS_DATA_DIR=.*\): nothing to /).and.not.match(/\n./);
      expect(existsSync(missing), args.join(' ')).to.equal(false);
    }
  });

  it('the real entry point: exit 2 on usage errors, one line for a multi-line parse error, no data directory', async function () {
    this.timeout(60_000);
    const run = (args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'api/cli/oms.ts', ...args], {
      env: { ...process.env, OMS_DATA_DIR: data, OMS_SEED_DEMO: 'false', LOG_LEVEL: 'silent' }, cwd: process.cwd(), timeout: 50_000,
    }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }));
    const yaml = file('entry.yaml', 'id: v\nversion: 1\n');
    // In parallel: loading the CLI under tsx takes seconds.
    const [date, option, multiLine] = await Promise.all([
      run(['report', 'promise-accuracy', '--from', '2017-13-45']),
      run(['keys', 'list', '--bogus']),
      run(['simulate', '--rules', yaml]),
    ]);
    expect(date).to.deep.equal({ code: 2, stderr: 'oms: --from must be a calendar date YYYY-MM-DD, got "2017-13-45"\n' });
    expect(option).to.deep.equal({ code: 2, stderr: "error: unknown option '--bogus'\n" });
    expect(multiLine.code).to.equal(1);
    expect(multiLine.stderr).to.match(/^oms: invalid rules file .*entry\.yaml: \(file\): not valid JSON \(.*\)\n$/);
    expect(existsSync(data)).to.equal(false);
  });
});
