import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allProjections } from '../../../api/bootstrap/projections.js';
import { buildOrderLog, type OrderLog } from '../../../bench/projections/orderLog.js';
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { createCatchUpReader } from '../../../projections/runtime/catchUpReader.js';
import { createProjectionRunner, type RunnerOptions } from '../../../projections/runtime/projectionRunner.js';

/**
 * Projections are pure functions of the log: every way of delivering it must produce the same read
 * models, byte for byte. Order traffic recorded through the real command path (then copied with
 * fresh ids, so orders interleave and span many chunks) is rebuilt by all OMS projections through
 * the live subscription path (small batches, every document reloaded from the store) and through
 * the catch-up path in small chunks: document projections folding every chunk in memory and
 * writing once at the end (deferred), one transaction per chunk with the document cache across
 * chunks, and a tiny cache with frequent flushes (evicting and flushing constantly).
 */
describe('e2e: projection catch-up and live delivery build identical read models', function () {
  this.timeout(120_000);
  let log: OrderLog;
  let dir: string;
  before(async () => {
    log = await buildOrderLog({ templateOrders: 6, totalEvents: 2_500, skus: 20, log: () => undefined });
    dir = mkdtempSync(join(tmpdir(), 'oms-catchup-eq-'));
  });
  after(() => {
    log?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const rebuild = async (label: string, options: RunnerOptions): Promise<string> => {
    const events = openSqliteEventStore({ path: log.dbPath });
    const reads = await openEmbeddedReadStore({ path: join(dir, `${label}.db`), synchronous: 'NORMAL' });
    try {
      const reader = createCatchUpReader(events);
      const runners = allProjections.map((p) => createProjectionRunner(events, reads, p, { ...options, catchUpReader: reader }));
      await Promise.all(runners.map((r) => r.start()));
      await Promise.all(runners.map((r) => r.waitFor(log.head, 60_000)));
      await Promise.all(runners.map((r) => r.stop()));
      const out: Record<string, unknown[]> = {};
      for (const name of await reads.listCollections()) {
        const docs = await reads.collection(name).find({}, { sort: { _id: 1 } });
        // Checkpoints: the position must agree; the time and `eventsApplied` (a diagnostic count that
        // depends on how the log was cut into batches: a batch whose events touch no document counts 0) need not.
        out[name] = name === 'projection_checkpoints' ? docs.map(({ updatedAt: _at, eventsApplied: _n, ...rest }) => rest) : docs;
      }
      return JSON.stringify(out);
    } finally {
      await reads.close();
      await events.close();
    }
  };

  it('live batches, deferred, cached and evicting catch-up chunks agree on every collection', async () => {
    const live = await rebuild('live', { catchUpChunk: 0, batchSize: 37 });
    const deferred = await rebuild('deferred', { catchUpChunk: 41 });
    const cached = await rebuild('cached', { catchUpChunk: 37, catchUpFlushEvents: 0 });
    const evicting = await rebuild('evicting', { catchUpChunk: 29, catchUpCachedDocuments: 3, catchUpFlushEvents: 100, catchUpPendingDocuments: 7 });
    const parsed = JSON.parse(live) as Record<string, unknown[]>;
    // The comparison is only meaningful on a log that fills the read models.
    for (const name of ['orderDetails_v1', 'orders_v1', 'settlements_v1', 'kpi_cells_v1', 'ats_v1', 'finance_v1']) expect(parsed[name], name).to.not.be.empty;
    expect(deferred).to.equal(live);
    expect(cached).to.equal(live);
    expect(evicting).to.equal(live);
  });
});
