import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';
import type { KeyKind, KeyRow, KeyRows } from './keyStore.js';

/**
 * Key rows in a SQLite file of their own (`<OMS_DATA_DIR>/keys.db`, mode 0600), never the event
 * store's file: deleting a key must actually remove it. `secure_delete` zeroes deleted content
 * and the rollback journal (not WAL) leaves no old page copies behind after a commit.
 *
 * New keys are group-committed: every checkout of a new customer creates a data key, and with
 * `synchronous = FULL` and a rollback journal one insert costs several fsyncs that block the
 * event loop (9 % of a capture run's server time, one commit per order). Inserts requested in the
 * same turn share one transaction; each caller's promise resolves only after that commit, so a key
 * is still durable before any event it protects is appended. A delete or re-wrap first commits
 * the inserts queued before it, so operations apply in the order they were asked.
 */

type Row = { key_id: string; kind: string; subject: string; kek: string; iv: string; tag: string; ciphertext: string; created_at: string };

const toKeyRow = (r: Row): KeyRow => ({
  keyId: r.key_id,
  kind: r.kind as KeyKind,
  subject: r.subject,
  kek: r.kek,
  iv: r.iv,
  tag: r.tag,
  ciphertext: r.ciphertext,
  createdAt: r.created_at,
});

export function sqliteKeyRows(path: string): KeyRows {
  const fresh = path !== ':memory:' && !existsSync(path);
  const db = new Database(path, { timeout: 5000 });
  if (fresh) chmodSync(path, 0o600);
  db.pragma('journal_mode = DELETE');
  db.pragma('secure_delete = ON');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS keys (
    key_id TEXT PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT NULL, kek TEXT NOT NULL,
    iv TEXT NOT NULL, tag TEXT NOT NULL, ciphertext TEXT NOT NULL, created_at TEXT NOT NULL,
    UNIQUE (kind, subject))`);
  const byId = db.prepare<[string], Row>('SELECT * FROM keys WHERE key_id = ?');
  const bySubject = db.prepare<[string, string], Row>('SELECT * FROM keys WHERE kind = ? AND subject = ?');
  const insert = db.prepare(
    `INSERT INTO keys (key_id, kind, subject, kek, iv, tag, ciphertext, created_at)
     VALUES (@keyId, @kind, @subject, @kek, @iv, @tag, @ciphertext, @createdAt) ON CONFLICT DO NOTHING`,
  );
  const remove = db.prepare('DELETE FROM keys WHERE kind = ? AND subject = ?');
  const all = db.prepare<[], Row>('SELECT * FROM keys');
  const update = db.prepare('UPDATE keys SET kek = @kek, iv = @iv, tag = @tag, ciphertext = @ciphertext WHERE key_id = @keyId');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM keys');

  type Pending = { row: KeyRow; resolve: (row: KeyRow) => void; reject: (error: unknown) => void };
  let pending: Pending[] = [];
  const settle = (p: Pending) => p.resolve(toKeyRow(bySubject.get(p.row.kind, p.row.subject)!));
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    try {
      db.transaction(() => {
        for (const p of batch) insert.run(p.row);
      })();
      for (const p of batch) settle(p);
    } catch {
      // One bad row must not fail the others: fall back to one commit each.
      for (const p of batch) {
        try {
          insert.run(p.row);
          settle(p);
        } catch (error) {
          p.reject(error);
        }
      }
    }
  };

  return {
    byId: async (keyId) => {
      const r = byId.get(keyId);
      return r ? toKeyRow(r) : undefined;
    },
    bySubject: async (kind, subject) => {
      const r = bySubject.get(kind, subject);
      return r ? toKeyRow(r) : undefined;
    },
    insertIfAbsent: (row) =>
      new Promise<KeyRow>((resolve, reject) => {
        pending.push({ row, resolve, reject });
        if (pending.length === 1) setImmediate(flush);
      }),
    deleteSubject: async (kind, subject) => {
      flush();
      return remove.run(kind, subject).changes;
    },
    rewrapAll: async (rewrap) => {
      flush();
      return db.transaction(() => {
        const rows = all.all().map(toKeyRow);
        for (const row of rows) update.run(rewrap(row));
        return rows.length;
      })();
    },
    count: async () => {
      flush();
      return count.get()!.n;
    },
    close: async () => {
      flush();
      if (db.open) db.close();
    },
  };
}
