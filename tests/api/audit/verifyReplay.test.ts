import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runAuditExport } from '../../../api/cli/auditExportCommand.js';
import { runVerifyReplay } from '../../../api/cli/verifyReplayCommand.js';
import { allProjections } from '../../../api/bootstrap/projections.js';
import { orderStreamName, type OrderCommand } from '../../../domain/order/index.js';
import { orderDecider } from '../../../domain/order/index.js';
import { projectionCollections } from '../../../projections/runtime/projection.js';
import { placeOrder } from '../../unit/domain/order/support/fixtures.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { settleProjections } from './support/settle.js';

const sink = () => {
  let text = '';
  return { write: (chunk: string) => ((text += chunk), true), text: () => text };
};

describe('oms verify replay and oms audit export', function () {
  this.timeout(30_000);
  let t: TestOms;

  before(async () => {
    t = await startTestOms({ OMS_SEED_DEMO: 'true' });
    for (const id of ['ord-v1', 'ord-v2', 'ord-v3']) {
      const place = placeOrder({ orderId: id });
      await t.oms.commands.handle(orderDecider, orderStreamName(id), { ...place, metadata: { ...place.metadata, commandId: `place-${id}` } } as OrderCommand);
    }
    await settleProjections(t);
  });
  after(() => t.close());

  it('passes on a populated store: every collection of every projection equals a rebuild from the log', async () => {
    const out = sink();
    const { exitCode, report } = await runVerifyReplay(t.oms.config, {}, out);
    expect(report.rows.filter((r) => !r.match), out.text()).to.deep.equal([]);
    expect(exitCode).to.equal(0);
    const expected = allProjections.flatMap((p) => projectionCollections(p)).sort();
    expect(report.rows.map((r) => r.collection).sort()).to.deep.equal(expected);
    expect(report.rows.some((r) => r.live.documents > 0 && r.position !== null)).to.equal(true);
    expect(out.text()).to.match(/verify replay: OK/);
  });

  it('fails (exit 1) and names the document when a live read-model document is tampered with', async () => {
    const row = (await runVerifyReplay(t.oms.config, {}, sink())).report.rows.find((r) => r.collection.startsWith('catalog_skus') && r.live.documents > 0)!;
    const collection = t.oms.readStore.collection(row.collection);
    const victim = (await collection.find({}, { limit: 1 }))[0]!;
    await collection.updateOne({ _id: victim._id }, { $set: { tampered: true } });
    try {
      const out = sink();
      const { exitCode, report } = await runVerifyReplay(t.oms.config, {}, out);
      expect(exitCode).to.equal(1);
      const bad = report.rows.filter((r) => !r.match);
      expect(bad.map((r) => r.collection)).to.deep.equal([row.collection]);
      expect(bad[0]!.differingIds).to.deep.equal([victim._id]);
      expect(out.text()).to.match(/FAILED/).and.to.include(victim._id);
    } finally {
      await collection.replaceOne({ _id: victim._id }, victim);
    }
    const deleted = (await collection.find({}, { limit: 1 }))[0]!;
    await collection.deleteOne({ _id: deleted._id });
    try {
      const { exitCode, report } = await runVerifyReplay(t.oms.config, {}, sink());
      expect(exitCode).to.equal(1);
      expect(report.rows.find((r) => r.collection === row.collection)!.differingIds).to.deep.equal([deleted._id]);
    } finally {
      await collection.insertOne(deleted);
    }
    expect((await runVerifyReplay(t.oms.config, {}, sink())).exitCode).to.equal(0);
  });

  it('`oms verify replay` as a process: exit 0 on a consistent store', () => {
    const run = spawnSync(process.execPath, ['bin/oms.js', 'verify', 'replay'], {
      env: { ...process.env, OMS_DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 25_000,
    });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/verify replay: OK/);
  });

  it('exports an order as CSV to a file and as JSON to stdout; exit 1 for an unknown order', async () => {
    const file = join(t.dataDir, 'ord-v1.csv');
    const err = sink();
    expect(await runAuditExport(t.oms.config, 'ord-v1', { format: 'csv', out: file }, sink(), err)).to.equal(0);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.type).slice(0, 2)).to.deep.equal(['OrderPlaced', 'OrderStatusChanged']);
    expect(rows[0]).to.include({ revision: '0', commandId: 'place-ord-v1', commandType: 'PlaceOrder' });
    const out = sink();
    expect(await runAuditExport(t.oms.config, 'ord-v2', { format: 'json' }, out, sink())).to.equal(0);
    const json = JSON.parse(out.text()) as { orderId: string; stream: string; events: { type: string }[] };
    expect(json).to.include({ orderId: 'ord-v2', stream: 'order-ord-v2' });
    expect(json.events[0]!.type).to.equal('OrderPlaced');
    const missing = sink();
    expect(await runAuditExport(t.oms.config, 'ord-nope', { format: 'json' }, sink(), missing)).to.equal(1);
    expect(missing.text()).to.match(/does not exist/);
  });
});
