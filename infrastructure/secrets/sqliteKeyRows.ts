import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';
import type { KeyKind, KeyRow, KeyRows } from './keyStore.js';

/**
 * Key rows in a SQLite file of their own (`<OMS_DATA_DIR>/keys.db`, mode 0600), never the event
 * store's file: deleting a key must actually remove it. `secure_delete` zeroes deleted content
 * and the rollback journal (not WAL) leaves no old page copies behind after a commit.
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

  return {
    byId: async (keyId) => {
      const r = byId.get(keyId);
      return r ? toKeyRow(r) : undefined;
    },
    bySubject: async (kind, subject) => {
      const r = bySubject.get(kind, subject);
      return r ? toKeyRow(r) : undefined;
    },
    insertIfAbsent: async (row) => {
      insert.run(row);
      return toKeyRow(bySubject.get(row.kind, row.subject)!);
    },
    deleteSubject: async (kind, subject) => remove.run(kind, subject).changes,
    rewrapAll: async (rewrap) =>
      db.transaction(() => {
        const rows = all.all().map(toKeyRow);
        for (const row of rows) update.run(rewrap(row));
        return rows.length;
      })(),
    count: async () => count.get()!.n,
    close: async () => {
      if (db.open) db.close();
    },
  };
}
