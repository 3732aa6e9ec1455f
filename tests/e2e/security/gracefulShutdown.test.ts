import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { FIXTURE_PREFIX } from '../../api/security/support/fixtureRoutes.js';
import { startChild } from './childServer.js';

const KEY = 'g'.repeat(40);

/**
 * SIGTERM on a real server process: in-flight requests are answered (drained), new connections
 * are refused, the group commit is flushed and the process exits 0 — every write that was
 * acknowledged is in the file.
 */
describe('e2e security: graceful shutdown drains in-flight requests and flushes the store (child process)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'oms-drain-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers every in-flight request, then exits 0 with all acknowledged writes durable', async () => {
    const child = await startChild({ OMS_DATA_DIR: dir, OMS_SEED_DEMO: 'false', OMS_API_KEYS: `agent:${KEY}`, OMS_RATE_LIMIT_PER_IP: '0', OMS_FIXTURE_TRACE: '1' });
    const allStarted = child.lines(/"slow":"started"/, 8);
    const url = `http://127.0.0.1:${child.port}`;
    const inFlight = Array.from({ length: 8 }, (_, i) =>
      fetch(`${url}${FIXTURE_PREFIX}/counters/drain/slow-increment`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', 'Idempotency-Key': `drain-${i}`, Connection: 'close' },
        body: JSON.stringify({ by: 1 }),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as { value: number } })),
    );
    await allStarted; // all eight are inside the handler's pause now
    const stopping = child.nextLine(/"signal":"SIGTERM"/);
    child.process.kill('SIGTERM');
    await stopping;
    const late = await fetch(`${url}/health`).then((r) => r.status, (e: Error) => e.cause ?? e);
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).to.deep.equal(Array(8).fill(201));
    expect(Math.max(...answers.map((a) => a.body.value))).to.equal(8);
    expect(String((late as { code?: string }).code ?? late)).to.match(/ECONNREFUSED|ECONNRESET|503/);
    expect(await child.exited).to.deep.equal({ code: 0, signal: null });

    const store = openSqliteEventStore({ path: join(dir, 'oms.db') });
    let events = 0;
    for await (const _ of store.readStream('counter-drain')) events += 1;
    await store.close();
    expect(events).to.equal(8);
  });
});
