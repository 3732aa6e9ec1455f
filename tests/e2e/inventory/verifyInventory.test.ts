import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { openEmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { key, receive, settle, setupNetwork } from '../../support/inventoryScenario.js';

/** Runs the real CLI against a data directory (no server needed); returns exit code and output. */
const cli = (dataDir: string) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/oms.ts', 'verify', 'inventory'], {
    env: { ...process.env, OMS_DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 60_000,
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
};

describe('e2e: oms verify inventory (self-healing check)', function () {
  this.timeout(90_000);
  let t: TestOms;
  before(async () => {
    t = await startTestOms({ OMS_REAPER_INTERVAL_MS: '60000' });
    await setupNetwork(t.app, ['dc-1', 'store-2'], ['V-1', 'V-2']);
    await receive(t.app, 'dc-1', 'V-1', 20);
    await receive(t.app, 'store-2', 'V-1', 3);
    await receive(t.app, 'dc-1', 'V-2', 9);
    await request(t.app).post('/inventory/reservations').set('Idempotency-Key', key())
      .send({ node: 'dc-1', sku: 'V-1', quantity: 5, orderId: 'o-1', lineId: 'l-1', ttlSeconds: 600 }).expect(201);
    await settle(t.oms);
  });
  after(async () => {
    await t.oms.close().catch(() => undefined);
    rmSync(t.dataDir, { recursive: true, force: true });
  });

  const verify = async () => (await request(t.app).post('/admin/verify/inventory').expect(200)).body;
  const gauge = async () => Number(/^oms_inventory_drift_documents (\S+)$/m.exec((await request(t.app).get('/metrics').expect(200)).text)?.[1]);

  it('finds no drift when the read models equal a rebuild from the events', async () => {
    const report = await verify();
    expect(report.drift).to.equal(0);
    expect(report.collections.map((c: { collection: string }) => c.collection)).to.include.members(['inventory_positions_v1', 'ats_v1', 'inventory_visibility_v1', 'inventory_reservations_v1']);
    expect(report.collections.find((c: { collection: string }) => c.collection === 'inventory_positions_v1')).to.include({ live: 3, rebuilt: 3 });
    expect(await gauge()).to.equal(0);
  });

  let missingDoc: Record<string, unknown> | undefined;

  it('reports a document edited behind the projection\'s back and one that went missing, and alarms in /metrics', async () => {
    await t.oms.readStore.collection('ats_v1').updateOne({ _id: 'online~V-1' }, { $inc: { available: 7 } });
    await t.oms.readStore.collection('inventory_positions_v1').deleteOne({ _id: 'dc-1~V-2' });
    const report = await verify();
    expect(report.drift).to.equal(2);
    const kinds = report.samples.map((s: { collection: string; id: string; kind: string; fields?: string[] }) => [s.collection, s.id, s.kind, s.fields]);
    expect(kinds).to.deep.include(['ats_v1', 'online~V-1', 'different', ['available']]);
    expect(kinds).to.deep.include(['inventory_positions_v1', 'dc-1~V-2', 'missing', undefined]);
    expect(await gauge()).to.equal(2);
    missingDoc = report.samples.find((s: { kind: string }) => s.kind === 'missing').rebuilt;
  });

  it('the CLI prints the drift and exits 1; once the documents are repaired it prints "no drift" and exits 0', async () => {
    await t.oms.close();
    const drifted = cli(t.dataDir);
    expect(drifted.out).to.contain('DRIFT in 2 document(s)');
    expect(drifted.out).to.contain('online~V-1');
    expect(drifted.code).to.equal(1);

    const reads = await openEmbeddedReadStore({ path: join(t.dataDir, 'oms.db') });
    await reads.collection('ats_v1').updateOne({ _id: 'online~V-1' }, { $inc: { available: -7 } });
    await reads.collection('inventory_positions_v1').insertOne(missingDoc as { _id: string });
    await reads.close();
    const clean = cli(t.dataDir);
    expect(clean.out).to.contain('inventory: no drift');
    expect(clean.code).to.equal(0);
  });
});

describe('e2e: the periodic inventory verification alarms in /metrics by itself', function () {
  this.timeout(30_000);
  let t: TestOms;
  before(async () => {
    t = await startTestOms({ OMS_REAPER_INTERVAL_MS: '60000', OMS_INVENTORY_VERIFY_INTERVAL_MS: '200' });
    await setupNetwork(t.app, ['dc-1'], ['P-1']);
    await receive(t.app, 'dc-1', 'P-1', 4);
    await settle(t.oms);
  });
  after(async () => t.close());

  const metric = async (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec((await request(t.app).get('/metrics').expect(200)).text)?.[1]);
  const until = async (done: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (!(await done()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    return done();
  };

  it('sets the drift gauge to 0 while consistent and raises it once a read-model document drifts — no request to /admin/verify needed', async () => {
    expect(await until(async () => (await metric('oms_inventory_last_verified_timestamp_seconds')) > 0)).to.equal(true);
    expect(await metric('oms_inventory_drift_documents')).to.equal(0);
    await t.oms.readStore.collection('inventory_visibility_v1').updateOne({ _id: 'P-1' }, { $inc: { onHand: 1 } });
    expect(await until(async () => (await metric('oms_inventory_drift_documents')) === 1)).to.equal(true);
  });
});
