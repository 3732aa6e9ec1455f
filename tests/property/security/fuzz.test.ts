import { expect } from 'chai';
import fc from 'fast-check';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { routeTable } from '../../../api/http/route.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { requestArb, storeWatcher, type FuzzRequest } from './fuzzSupport.js';

/** Every projection has applied the last event its filter selects (filtered runners only report the head now and then). */
const settle = async (t: TestOms, timeoutMs = 10_000): Promise<void> => {
  for (const status of t.oms.projections.statuses()) {
    const runner = t.oms.projections.runner(status.processor.replace(/_v\d+$/, ''));
    if (!runner) continue;
    for await (const last of t.oms.eventStore.readAll({ direction: 'backwards', maxCount: 1, filter: runner.projection.filter })) await runner.waitFor(last.position, timeoutMs);
  }
};

const RUNS = Number(process.env.OMS_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.OMS_FUZZ_SEED ?? 20_251_127);

type Answer = Readonly<{ status: number; contentType: string | undefined; body: string }>;

/**
 * 10,000 random and malformed requests against every route of the real app (demo data seeded,
 * real authentication, an admin key): methods × table paths × hostile path params, queries,
 * bodies and headers. No answer may be ≥ 500, every error is problem+json, and a refused (4xx)
 * request must leave the event log head and every read-model table exactly as they were.
 */
describe('security: fuzzing every route with hostile input (fast-check)', function () {
  // ~25 s of CPU on an idle 2-core machine; the margin is for machines busy with other suites.
  this.timeout(300_000);
  let t: TestOms;
  let server: http.Server;
  let agent: http.Agent;
  let port: number;

  before(async () => {
    t = await startTestOms({ OMS_AUTH_TEST_DEFAULT_ROLE: '', OMS_SEED_DEMO: 'true', OMS_REAPER_INTERVAL_MS: '3600000', OMS_INVENTORY_VERIFY_INTERVAL_MS: '0' });
    await settle(t);
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  });
  after(async () => {
    agent?.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
    await t?.close();
  });

  const send = (r: FuzzRequest): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.body ? { ...r.headers, 'content-length': String(r.body.length) } : r.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(r.body);
    });

  it(`${RUNS} requests: no 5xx, problems for errors, refused requests change nothing`, async () => {
    const table = routeTable(t.app);
    expect(table.length).to.be.greaterThan(10);
    const nodes = (await t.oms.readStore.listCollections()).filter((c) => c.startsWith('network_nodes'));
    const knownIds = ['placeholder', 'TEE', 'dc-paris'];
    for (const c of nodes) for (const d of await t.oms.readStore.collection(c).find({}, { limit: 5 })) knownIds.push(d._id);
    for (const c of (await t.oms.readStore.listCollections()).filter((n) => n.startsWith('catalog_skus'))) for (const d of await t.oms.readStore.collection(c).find({}, { limit: 5 })) knownIds.push(d._id);

    const watcher = storeWatcher(t.dataDir);
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    let baseline = { version: watcher.version(), digest: watcher.digest() };
    const counts = new Map<number, number>();
    const rebaseline = async () => {
      await settle(t);
      baseline = { version: watcher.version(), digest: watcher.digest() };
    };
    try {
      await fc.assert(
        fc.asyncProperty(requestArb(table, knownIds, t.adminKey), async (r) => {
          const answer = await send(r);
          counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
          if (process.env.OMS_FUZZ_DEBUG) console.log(answer.status, r.method, r.path.slice(0, 100), answer.body.slice(0, 100));
          const what = `${r.method} ${r.path.slice(0, 200)} body=${r.body?.toString('utf8').slice(0, 200)} → ${answer.status} ${answer.body.slice(0, 300)}`;
          expect(answer.status, what).to.be.lessThan(500);
          if (answer.status >= 400 && r.method !== 'HEAD') expect(answer.contentType, what).to.match(/^application\/problem\+json/);
          if (answer.status >= 400) {
            // Fast path: nothing committed at all. Otherwise (a pending idempotency record added and removed) compare contents.
            if (watcher.version() !== baseline.version) {
              expect(watcher.digest(), `a refused request changed the stores: ${what}`).to.equal(baseline.digest);
              baseline = { version: watcher.version(), digest: baseline.digest };
            }
          } else await rebaseline();
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    } finally {
      watcher.close();
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(total).to.equal(RUNS);
    // The generator must reach past the edge often enough to mean something.
    const accepted = [...counts].filter(([s]) => s < 400).reduce((a, [, n]) => a + n, 0);
    expect(accepted, JSON.stringify([...counts])).to.be.greaterThan(RUNS / 50);
    console.log(`      statuses: ${JSON.stringify(Object.fromEntries([...counts].sort(([a], [b]) => a - b)))}`);
  });
});
