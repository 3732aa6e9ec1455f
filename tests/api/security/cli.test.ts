import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runForgetCustomer } from '../../../api/cli/forget.js';
import { openCliSecurity, runKeysCreate, runKeysList, runKeysRevoke, runRotateMaster } from '../../../api/cli/keys.js';
import { loadConfig } from '../../../infrastructure/config/config.js';
import { MASTER_KEY_FILE } from '../../../infrastructure/secrets/openKeyStore.js';

const run = promisify(execFile);

const capture = () => {
  const chunks: string[] = [];
  return { out: { write: (s: string) => chunks.push(s) > 0 }, text: () => chunks.join('') };
};

describe('security: oms keys / oms forget', function () {
  this.timeout(60_000);
  let dir: string;
  const config = () => loadConfig({ OMS_DATA_DIR: dir, OMS_SEED_DEMO: 'false' });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'oms-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a key (printed once), lists it without its secret, revokes it — each recorded in the access log', async () => {
    const created = capture();
    expect(await runKeysCreate(config(), { role: 'store', node: ['berlin-1', 'berlin-2'], name: 'berlin tills', json: true }, created.out)).to.equal(0);
    const { key, keyId, role, nodes } = JSON.parse(created.text()) as { key: string; keyId: string; role: string; nodes: string[] };
    expect(key).to.match(/^oms_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect({ role, nodes }).to.deep.equal({ role: 'store', nodes: ['berlin-1', 'berlin-2'] });
    const listed = capture();
    await runKeysList(config(), {}, listed.out);
    expect(listed.text()).to.contain(keyId).and.to.contain('berlin-1+berlin-2').and.not.to.contain(key.slice(18));
    const revoked = capture();
    expect(await runKeysRevoke(config(), keyId, revoked.out)).to.equal(0);
    expect(await runKeysRevoke(config(), keyId, capture().out)).to.equal(1);
    const after = capture();
    await runKeysList(config(), { json: true }, after.out);
    expect(JSON.parse(after.text())).to.deep.equal([]);
    const cli = await openCliSecurity(config());
    const log = await cli.services.accessLog.find({});
    await cli.close();
    expect(log.map((e) => e.route).sort()).to.deep.equal(['oms keys create', 'oms keys revoke']);
  });

  it('refuses invalid key requests', async () => {
    for (const opts of [{ role: 'customer' }, { role: 'store' }, { role: 'agent', node: ['x'] }, { role: 'root' }]) {
      const error = await runKeysCreate(config(), opts, capture().out).then(() => undefined, (e: Error) => e);
      expect(error, JSON.stringify(opts)).to.be.instanceOf(Error);
    }
  });

  it('rotates the master key: data stays readable under the new key file', async () => {
    const cli = await openCliSecurity(config());
    const sealed = await cli.services.vault.sealPii('cust-rot', { name: 'Rosa Rotation' });
    await cli.close();
    const before = readFileSync(join(dir, MASTER_KEY_FILE), 'utf8');
    const out = capture();
    expect(await runRotateMaster(config(), {}, out.out)).to.equal(0);
    expect(out.text()).to.match(/re-wrapped \d+ key\(s\)/);
    expect(readFileSync(join(dir, MASTER_KEY_FILE), 'utf8')).not.to.equal(before);
    expect(existsSync(join(dir, `${MASTER_KEY_FILE}.new`))).to.equal(false);
    const again = await openCliSecurity(config());
    expect(await again.services.vault.openPii(sealed)).to.deep.equal({ name: 'Rosa Rotation' });
    await again.close();
  });

  it('forget customer: the key is destroyed, the erasure recorded', async () => {
    const cli = await openCliSecurity(config());
    const sealed = await cli.services.vault.sealPii('cust-cli', { email: 'cli@example.com' });
    await cli.close();
    const out = capture();
    expect(await runForgetCustomer(config(), 'cust-cli', { json: true }, out.out)).to.equal(0);
    expect(JSON.parse(out.text())).to.include({ customerId: 'cust-cli', keysDestroyed: 1 });
    const check = await openCliSecurity(config());
    expect(await check.services.vault.openPii(sealed)).to.deep.equal({ forgotten: true });
    expect((await check.services.accessLog.find({ subject: 'cust-cli' })).map((e) => e.kind)).to.deep.equal(['erasure']);
    await check.close();
  });

  it('is wired into the oms command line', async () => {
    const env = { ...process.env, OMS_DATA_DIR: dir, OMS_SEED_DEMO: 'false', LOG_LEVEL: 'silent' };
    // One child process (loading the CLI under tsx takes seconds); `forget` is registered beside it.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'api/cli/oms.ts', 'keys', 'create', '--role', 'auditor', '--name', 'child'], { env, cwd: process.cwd() });
    expect(stdout).to.match(/^oms_[a-z0-9]{12}_/);
    expect(readFileSync('api/cli/omsProgram.ts', 'utf8')).to.match(/registerForgetCommand\(program\)/);
  });
});
