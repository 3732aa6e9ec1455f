import { createHash } from 'node:crypto';
import { DuplicateKeyError, type Document, type ReadStore } from '../../infrastructure/readstore/readStore.js';
import { createKeyedMutex } from '../keyedMutex.js';

/**
 * Generic Idempotency-Key handling for every mutating route. A record
 * `{key, principal, route, fingerprint, state, response}` lives in the read store (collection
 * `idempotency_keys`) for `ttlMs` (24 h by default) and is swept afterwards.
 *
 * - Same key, same request (fingerprint = method + path + query + canonical body): the first
 *   response is replayed; nothing runs twice.
 * - Same key, different request: refused (`reused`, 422 at the edge).
 * - Concurrent duplicates: in one process they queue on a keyed mutex; across instances the
 *   unique insert of a `pending` record decides who runs, the others poll until it is `done`
 *   (or its lock lapses, when the first instance died mid-request and a retry may take over).
 * - Only responses the handler returned are stored; when the handler throws (validation, domain
 *   rule, store unavailable) the pending record is removed so a retry runs again: such failures
 *   wrote nothing.
 */

export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 3600_000;

export type StoredResponse = Readonly<{ status: number; headers: Readonly<Record<string, string>>; body?: string }>;

export type IdempotencyDoc = Document & {
  key: string;
  principalId: string;
  method: string;
  route: string;
  path: string;
  fingerprint: string;
  state: 'pending' | 'done';
  owner: string;
  lockedUntilMs: number;
  createdAt: string;
  expiresAtMs: number;
  response?: StoredResponse;
  /** Customer whose personal data the stored response contains (purged by `oms forget`). */
  subject?: string;
};

export type IdempotencyRequest = Readonly<{
  principalId: string;
  key: string;
  method: string;
  route: string;
  path: string;
  fingerprint: string;
  /** Unique per attempt: owns the pending record. */
  owner: string;
}>;

export type Executed = Readonly<{ response: StoredResponse; subject?: string }>;

export type IdempotencyResult =
  | Readonly<{ kind: 'executed' | 'replayed'; response: StoredResponse }>
  | Readonly<{ kind: 'reused' }>
  | Readonly<{ kind: 'in-progress' }>;

export type IdempotencyStore = Readonly<{
  execute: (req: IdempotencyRequest, run: () => Promise<Executed>) => Promise<IdempotencyResult>;
  /** Deletes expired records; returns how many. */
  sweep: () => Promise<number>;
  /** Creates the collection's index at start-up, so no request (refused ones included) changes the schema. */
  prepare: () => Promise<void>;
  /** Deletes stored responses carrying a customer's personal data. */
  purgeSubject: (subject: string) => Promise<number>;
  ttlMs: number;
}>;

export type IdempotencyOptions = Readonly<{
  ttlMs?: number;
  /** How long a pending record blocks duplicates before another attempt may take it over. */
  lockMs?: number;
  /** How long a duplicate waits for another instance's pending attempt (then `in-progress`). */
  waitMs?: number;
  pollMs?: number;
  clock?: () => number;
}>;

export const recordId = (principalId: string, key: string): string =>
  createHash('sha256').update(principalId).update('\u0000').update(key).digest('hex');

export function createIdempotencyStore(readStore: ReadStore, options: IdempotencyOptions = {}): IdempotencyStore {
  const ttlMs = options.ttlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  const lockMs = options.lockMs ?? 60_000;
  const waitMs = options.waitMs ?? 10_000;
  const pollMs = options.pollMs ?? 25;
  const clock = options.clock ?? Date.now;
  const mutex = createKeyedMutex();
  const records = () => readStore.collection<IdempotencyDoc>(IDEMPOTENCY_COLLECTION);
  let indexed: Promise<unknown> | undefined;
  const ensureIndex = () =>
    (indexed ??= records().createIndex({ keys: { expiresAtMs: 1 }, name: 'expires' }).catch((error: unknown) => {
      indexed = undefined;
      throw error;
    }));

  const claim = async (id: string, req: IdempotencyRequest): Promise<boolean> => {
    const now = clock();
    const doc: IdempotencyDoc = {
      _id: id, key: req.key, principalId: req.principalId, method: req.method, route: req.route, path: req.path,
      fingerprint: req.fingerprint, state: 'pending', owner: req.owner, lockedUntilMs: now + lockMs,
      createdAt: new Date(now).toISOString(), expiresAtMs: now + ttlMs,
    };
    try {
      await records().insertOne(doc);
      return true;
    } catch (error) {
      if (error instanceof DuplicateKeyError) return false;
      throw error;
    }
  };

  const runClaimed = async (id: string, req: IdempotencyRequest, run: () => Promise<Executed>): Promise<IdempotencyResult> => {
    let executed: Executed;
    try {
      executed = await run();
    } catch (error) {
      await records().deleteOne({ _id: id, owner: req.owner }).catch(() => undefined);
      throw error;
    }
    const done: Record<string, unknown> = { state: 'done', response: executed.response };
    if (executed.subject !== undefined) done.subject = executed.subject;
    await records().updateOne({ _id: id, owner: req.owner }, { $set: done });
    return { kind: 'executed', response: executed.response };
  };

  const attempt = async (id: string, req: IdempotencyRequest, run: () => Promise<Executed>): Promise<IdempotencyResult> => {
    const deadline = clock() + waitMs;
    // Nearly every key is new: claim first (one write), and read only when the key is taken.
    if (await claim(id, req)) return runClaimed(id, req, run);
    for (;;) {
      const existing = await records().findOne({ _id: id });
      const now = clock();
      if (existing && existing.expiresAtMs <= now) {
        await records().deleteOne({ _id: id, expiresAtMs: existing.expiresAtMs });
        continue;
      }
      if (!existing) {
        if (await claim(id, req)) return runClaimed(id, req, run);
        continue; // another instance claimed it between our read and insert
      }
      if (existing.fingerprint !== req.fingerprint) return { kind: 'reused' };
      if (existing.state === 'done' && existing.response) return { kind: 'replayed', response: existing.response };
      if (existing.lockedUntilMs <= now) {
        // The attempt that claimed it died (crash, lost instance): take it over.
        const taken = await records().updateOne(
          { _id: id, owner: existing.owner, state: 'pending' },
          { $set: { owner: req.owner, lockedUntilMs: now + lockMs } },
        );
        if (taken.modifiedCount === 1) return runClaimed(id, req, run);
        continue;
      }
      if (now >= deadline) return { kind: 'in-progress' };
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };

  return {
    ttlMs,
    prepare: async () => void (await ensureIndex()),
    execute: async (req, run) => {
      await ensureIndex();
      const id = recordId(req.principalId, req.key);
      return mutex.run(id, () => attempt(id, req, run));
    },
    sweep: async () => (await records().deleteMany({ expiresAtMs: { $lte: clock() } })).deletedCount,
    purgeSubject: async (subject) => (await records().deleteMany({ subject })).deletedCount,
  };
}
