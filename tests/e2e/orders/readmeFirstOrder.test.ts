import { expect } from 'chai';
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { listen } from '../web/support/webServer.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** The shell block between the README's first-order markers, as a newcomer would paste it. */
export const firstOrderBlock = (readme: string): string => {
  const m = /<!-- first-order:start -->\s*```sh\n([\s\S]*?)```\s*<!-- first-order:end -->/.exec(readme);
  if (!m) throw new Error('README.md has no first-order block between its markers');
  return m[1]!;
};

const run = (script: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    // Asynchronous on purpose: the server answering the script runs on this process's event loop.
    execFile('bash', ['-euo', 'pipefail', '-c', script], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

/**
 * README § "Your first order in a minute" (issue 4: a newcomer places, ships and tracks an order
 * within a minute using the README) run verbatim with curl and jq against a freshly seeded OMS
 * with real authentication — the demo network, the bootstrap admin key file and the processes
 * exactly as `npm start` opens them.
 */
describe('README: your first order in a minute', function () {
  this.timeout(120_000);
  let t: TestOms;
  let server: Awaited<ReturnType<typeof listen>>;

  before(async function () {
    const missing = ['curl', 'jq'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
    if (missing.length > 0) {
      console.warn(`skipped: ${missing.join(', ')} not installed (.ci/run installs them)`);
      this.skip();
    }
    t = await startTestOms({ OMS_SEED_DEMO: 'true', OMS_AUTH_TEST_DEFAULT_ROLE: '' });
    server = await listen(t.app);
  });
  after(async () => {
    await server?.close();
    await t?.close();
  });

  const countEvents = async (stream: string): Promise<number> => {
    let n = 0;
    for await (const _ of t.oms.eventStore.readStream(stream)) n++;
    return n;
  };

  it('places, ships, delivers and tracks the order; run again, it changes nothing', async () => {
    const script = firstOrderBlock(readFileSync(README, 'utf8'));
    const env = { OMS: server.base, OMS_DATA_DIR: t.dataDir };
    const first = await run(script, env);
    expect(first.code, first.stderr).to.equal(0);
    const orderId = /"orderId": "(ord-[^"]+)"/.exec(first.stdout)?.[1];
    expect(orderId, first.stdout).to.be.a('string');
    expect(first.stdout).to.match(/"node": "dc-/);
    expect(first.stdout).to.include('{"status":"shipped","events":["OrderShipmentShipped","OrderStatusChanged"]}');
    expect(first.stdout).to.include('{"status":"delivered","shipments":[{"carrier":"colissimo","trackingNumber":"6A00000001"');
    expect(first.stdout).to.match(/^0 OrderPlaced$/m).and.match(/OrderPaymentAuthorized/).and.match(/OrderLinesReleased/).and.match(/OrderShipmentDelivered/);
    const eventsAfterFirst = await countEvents(`order-${orderId}`);
    expect(eventsAfterFirst).to.equal(12);

    const second = await run(script, env);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout).to.include(`"orderId": "${orderId}"`);
    expect(await countEvents(`order-${orderId}`)).to.equal(eventsAfterFirst);
  });
});
