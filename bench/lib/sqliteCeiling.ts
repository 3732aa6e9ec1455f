import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../infrastructure/eventstore/sqlite/schema.js';

/**
 * What the disk and SQLite allow on this machine, measured in the same run as the figures they
 * bound: raw better-sqlite3 inserts into the event store's own table and indexes, with the
 * store's own pragmas (WAL, synchronous=FULL), without the adapter.
 * - `perCommit` = all rows: one transaction, one fsync: the write ceiling;
 * - `perCommit` = 1: one fsync per event: what any serial writer of one stream can at best do.
 */
export const rawSqliteInsertRate = (events: number, perCommit: number): number => {
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-ceiling-'));
  try {
    const db = openDatabase(join(dir, 'ceiling.db'), { synchronous: 'FULL', busyTimeoutMs: 5000, pageSize: 4096, walAutoCheckpointPages: 10_000 });
    const insert = db.prepare(
      'INSERT INTO events (position, stream_name, revision, event_id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // A reservation-sized event with the standard metadata, serialized as the store does (JSON text).
    const rows = Array.from({ length: events }, (_, i) => ({
      stream: `inventory-dc-paris~SKU-${i >> 2}`,
      revision: i & 3,
      id: randomUUID(),
      data: JSON.stringify({ nodeId: 'dc-paris', sku: `SKU-${i >> 2}`, reservationId: `res-${i}`, orderId: `ord-${i}`, lineId: 'L1', quantity: 1, expiresAt: '2025-03-03T09:30:00.000Z' }),
      metadata: JSON.stringify({ commandId: randomUUID(), commandType: 'ReserveStock', correlationId: `c-${i}`, causationId: `c-${i}`, actor: { kind: 'customer', id: 'bench' }, now: '2025-03-03T09:00:00.000Z', reason: null, schemaVersion: 1 }),
    }));
    const commit = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const r = rows[i]!;
        insert.run(i + 1, r.stream, r.revision, r.id, 'StockReserved', r.data, r.metadata, Date.now());
      }
    });
    const start = performance.now();
    for (let from = 0; from < events; from += perCommit) commit(from, Math.min(events, from + perCommit));
    const seconds = (performance.now() - start) / 1000;
    db.close();
    return events / seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
