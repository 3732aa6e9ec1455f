import { randomBytes } from 'node:crypto';
import { generateKey, keyFingerprint, open, seal, type Wrapped } from './envelope.js';

/**
 * The key store: per-customer data keys (for the PII vault) and named installation secrets (the
 * tracking-token HMAC key), kept outside the event log and wrapped under the master key.
 * Destroying a subject's keys is crypto-shredding: every ciphertext made with them, wherever it
 * was copied (events, read models, exports, backups), becomes unreadable.
 *
 * Adapters store `KeyRow`s: `sqliteKeyRows` (embedded default: `keys.db`, a file of its own with
 * secure_delete) and `readStoreKeyRows` (shared deployments: a collection in the read store, so
 * every instance sees the same keys). A KMS-backed store implements the same `KeyStore` interface
 * by replacing the wrap/unwrap with KMS Encrypt/Decrypt calls (docs/security.md).
 */

export type KeyKind = 'data' | 'secret';

export type KeyRow = Readonly<Wrapped & {
  keyId: string;
  kind: KeyKind;
  /** The customer id (data keys) or the secret's name. */
  subject: string;
  /** Fingerprint of the master key that wrapped this row. */
  kek: string;
  createdAt: string;
}>;

export interface KeyRows {
  byId(keyId: string): Promise<KeyRow | undefined>;
  bySubject(kind: KeyKind, subject: string): Promise<KeyRow | undefined>;
  /** Inserts unless a row for (kind, subject) exists; returns the row that is stored afterwards (ours or the winner's). */
  insertIfAbsent(row: KeyRow): Promise<KeyRow>;
  deleteSubject(kind: KeyKind, subject: string): Promise<number>;
  /** Rewrites every row through `rewrap` in one atomic step (master key rotation). */
  rewrapAll(rewrap: (row: KeyRow) => KeyRow): Promise<number>;
  count(): Promise<number>;
  close(): Promise<void>;
}

export interface KeyStore {
  /** The subject's data key, created on first use. */
  dataKey(subject: string): Promise<Readonly<{ keyId: string; key: Buffer }>>;
  /** A data key by id; undefined once its subject was destroyed (or it never existed). */
  dataKeyById(keyId: string): Promise<Buffer | undefined>;
  /** Crypto-shredding: deletes the subject's data key(s). Returns how many were deleted. */
  destroySubject(subject: string): Promise<number>;
  /** A named 32-byte installation secret, created on first use. */
  secret(name: string): Promise<Buffer>;
  /** Re-wraps every key under `next` atomically; afterwards only `next` opens the store. */
  rotateMasterKey(next: Buffer): Promise<number>;
  count(): Promise<number>;
  close(): Promise<void>;
}

export type KeyStoreOptions = Readonly<{
  /** Called lazily, so a deployment that never needs a secret does not need a master key. */
  masterKey: () => Buffer;
  /** How long an unwrapped data key is reused in memory (ms); bounds how long another instance can still decrypt after a forget. */
  cacheMs?: number;
  clock?: () => number;
}>;

const aadOf = (row: Pick<KeyRow, 'keyId' | 'kind' | 'subject'>): string => `oms-key:v1:${row.kind}:${row.keyId}:${row.subject}`;

export function createKeyStore(rows: KeyRows, options: KeyStoreOptions): KeyStore {
  const cacheMs = options.cacheMs ?? 30_000;
  const clock = options.clock ?? Date.now;
  let master: Buffer | undefined;
  const kek = () => (master ??= options.masterKey());
  const dataCache = new Map<string, { key: Buffer; at: number }>();
  const secrets = new Map<string, Promise<Buffer>>();

  const unwrap = (row: KeyRow): Buffer => {
    const current = kek();
    if (row.kek !== keyFingerprint(current)) {
      throw new Error(`key ${row.keyId} is wrapped by another master key (${row.kek}); set OMS_MASTER_KEY to the key in use`);
    }
    return open(current, row, aadOf(row));
  };

  const newRow = (kind: KeyKind, subject: string, keyId: string): KeyRow => {
    const current = kek();
    const partial = { keyId, kind, subject };
    return { ...partial, ...seal(current, generateKey(), aadOf(partial)), kek: keyFingerprint(current), createdAt: new Date(clock()).toISOString() };
  };

  const cached = (keyId: string): Buffer | undefined => {
    const hit = dataCache.get(keyId);
    if (hit && clock() - hit.at < cacheMs) return hit.key;
    dataCache.delete(keyId);
    return undefined;
  };

  return {
    dataKey: async (subject) => {
      const existing = (await rows.bySubject('data', subject)) ?? (await rows.insertIfAbsent(newRow('data', subject, `dk_${randomBytes(12).toString('hex')}`)));
      const key = cached(existing.keyId) ?? unwrap(existing);
      dataCache.set(existing.keyId, { key, at: clock() });
      return { keyId: existing.keyId, key };
    },
    dataKeyById: async (keyId) => {
      const hit = cached(keyId);
      if (hit) return hit;
      const row = await rows.byId(keyId);
      if (!row || row.kind !== 'data') return undefined;
      const key = unwrap(row);
      dataCache.set(keyId, { key, at: clock() });
      return key;
    },
    destroySubject: async (subject) => {
      const row = await rows.bySubject('data', subject);
      if (row) dataCache.delete(row.keyId);
      return rows.deleteSubject('data', subject);
    },
    secret: (name) => {
      let pending = secrets.get(name);
      if (!pending) {
        pending = (async () => {
          const row = (await rows.bySubject('secret', name)) ?? (await rows.insertIfAbsent(newRow('secret', name, `secret_${name}`)));
          return unwrap(row);
        })();
        // A failure (store down, no master key) must not be cached: the next call retries.
        pending.catch(() => secrets.delete(name));
        secrets.set(name, pending);
      }
      return pending;
    },
    rotateMasterKey: async (next) => {
      const current = kek();
      const nextId = keyFingerprint(next);
      const count = await rows.rewrapAll((row) => {
        if (row.kek === nextId) return row;
        const plain = open(current, row, aadOf(row));
        return { ...row, ...seal(next, plain, aadOf(row)), kek: nextId };
      });
      master = next;
      return count;
    },
    count: () => rows.count(),
    close: () => rows.close(),
  };
}
