import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/shared/decider.js';
import type { Document, ReadStore } from '../../infrastructure/readstore/readStore.js';
import { coalescingWriter } from './coalescingWriter.js';

/**
 * The access log: who changed what, and who read which customer's data, when. One document per
 * successful change or personal-data read in the read store collection `access_log` (shared by
 * every instance, queryable by auditors, retained `retentionDays` and then swept). It names
 * resources by id only, never their content, so it holds no personal data itself and survives
 * `oms forget`. Refused requests are not recorded here (they changed and revealed nothing); they
 * go to the application log.
 *
 * Why not an event stream: reads are recorded too, at request rate, and the entries must expire —
 * neither belongs in an append-only business ledger. The actor of every change is in the event
 * metadata as well, so the event log alone still answers "who changed this order".
 */

export const ACCESS_LOG_COLLECTION = 'access_log';

export type AccessKind = 'change' | 'read' | 'erasure' | 'key-admin';

export type AccessEntry = Readonly<{
  kind: AccessKind;
  actor: Actor;
  role: string;
  keyId?: string;
  method: string;
  /** Route template (`/orders/:orderId`) or CLI command. */
  route: string;
  /** Resource ids the request named (path params, and the ids a route reports). */
  resource: Readonly<Record<string, string>>;
  status: number;
  requestId: string;
  /** Business time at the edge (ISO-8601). */
  at: string;
  /** The response was a replay of an earlier one (Idempotency-Key). */
  replayed?: boolean;
  /** Customer whose data was read or erased, when the route says. */
  subject?: string;
}>;

export type AccessLogDoc = Document & AccessEntry & { atMs: number; day: string };

export type AccessLog = Readonly<{
  record: (entry: AccessEntry) => Promise<void>;
  /** Newest first. */
  find: (filter?: Readonly<{ actorId?: string; subject?: string; since?: string; limit?: number }>) => Promise<AccessLogDoc[]>;
  sweep: (nowMs: number) => Promise<number>;
  /** Creates the collection's index at start-up, so no request changes the schema. */
  prepare: () => Promise<void>;
}>;

export function createAccessLog(readStore: ReadStore, retentionDays = 400): AccessLog {
  const log = () => readStore.collection<AccessLogDoc>(ACCESS_LOG_COLLECTION);
  let indexed: Promise<unknown> | undefined;
  const ensureIndex = () =>
    (indexed ??= log().createIndex({ keys: { atMs: 1 }, name: 'at' }).catch((error: unknown) => {
      indexed = undefined;
      throw error;
    }));
  // Entries of requests finishing in the same turn of the event loop share one write (one commit
  // instead of one per request); each caller still learns when its own entry is stored.
  const batcher = coalescingWriter<AccessLogDoc>((docs) => log().insertMany(docs));
  return {
    prepare: async () => void (await ensureIndex()),
    record: async (entry) => {
      await ensureIndex();
      const atMs = Date.parse(entry.at);
      await batcher.add({ _id: randomUUID(), ...entry, atMs, day: entry.at.slice(0, 10) });
    },
    find: async (filter = {}) => {
      const query: Record<string, unknown> = {};
      if (filter.actorId !== undefined) query['actor.id'] = filter.actorId;
      if (filter.subject !== undefined) query.subject = filter.subject;
      if (filter.since !== undefined) query.atMs = { $gte: Date.parse(filter.since) };
      return log().find(query, { sort: { atMs: -1 }, limit: filter.limit ?? 1000 });
    },
    sweep: async (nowMs) => (await log().deleteMany({ atMs: { $lt: nowMs - retentionDays * 86_400_000 } })).deletedCount,
  };
}
