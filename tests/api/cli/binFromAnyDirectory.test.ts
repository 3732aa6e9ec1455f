import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/oms.js', import.meta.url));

/**
 * `oms` is run from wherever its user stands (a global install, a data directory, a cron job),
 * not only from the repository: tsx used to read the tsconfig of the working directory, so the
 * request DTOs' decorators failed to load and every command crashed with a stack trace.
 */
describe('the oms command outside the repository', function () {
  this.timeout(60_000);
  let cwd: string;
  before(() => (cwd = mkdtempSync(join(tmpdir(), 'oms-cwd-'))));
  after(() => rmSync(cwd, { recursive: true, force: true }));

  it('starts from another working directory: --help, and a report on a missing store', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { cwd, encoding: 'utf8', timeout: 50_000 });
    expect(help.status, help.stderr).to.equal(0);
    expect(help.stdout).to.match(/^Usage: oms/);
    const report = spawnSync(process.execPath, [BIN, 'report', 'promise-accuracy'], {
      cwd,
      env: { ...process.env, OMS_DATA_DIR: join(cwd, 'nothing-here') },
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(report.status, report.stderr).to.equal(1);
    expect(report.stderr).to.match(/^oms: no OMS store/);
  });
});
