/**
 * In-memory transaction log of the EventStoreDB protocol stand-in. It models the parts of the
 * server's write path that the adapter depends on, after EventStoreDB's `IndexWriter.CheckCommit`
 * and `StorageWriterService` (read in the server source): expected-version checks, id-based
 * idempotency, soft delete through `$tb` in the `$$<stream>` metadata stream, and "soft undelete"
 * when a soft-deleted stream is written to again.
 *
 * Log positions grow by the size of each record (a few hundred bytes), like a real log, so they
 * are NOT gap-free; an event's `$all` position is (commit = prepare = its log position), which is
 * how the server reports events written through gRPC.
 */

import { randomUUID } from 'node:crypto';

export const DELETED_STREAM_TB = 9223372036854775807n; // Int64.MaxValue: EventNumber.DeletedStream

export type StoredEvent = Readonly<{
  id: string;
  streamName: string;
  revision: bigint;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** 100-ns ticks since the Unix epoch, as the server's `created` metadata key. */
  created: bigint;
  position: bigint;
  /** Log position just after this record (where the next record starts). */
  postPosition: bigint;
}>;

export type ProposedEvent = Readonly<{
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}>;

export type Expected =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'revision'; revision: bigint };

export type WriteOutcome =
  | { kind: 'ok'; firstRevision: bigint; lastRevision: bigint; commit: bigint; prepare: bigint }
  | { kind: 'idempotent'; lastRevision: bigint; position: bigint }
  | { kind: 'wrong_expected_version'; current: bigint }
  | { kind: 'stream_deleted' };

const expectedNumber = (e: Expected): bigint =>
  e.kind === 'any' ? -2n : e.kind === 'no_stream' ? -1n : e.kind === 'stream_exists' ? -4n : e.revision;

export type StandInLog = ReturnType<typeof createStandInLog>;

export function createStandInLog(now: () => number = Date.now) {
  const all: StoredEvent[] = [];
  const streams = new Map<string, StoredEvent[]>();
  const eventIds = new Map<string, { streamName: string; revision: bigint }>();
  const listeners = new Set<(written: readonly StoredEvent[]) => void>();
  // The first user record of a real log never sits at 0 (epoch and system records come first).
  let writerCheckpoint = 4096n;

  const lastRevision = (name: string): bigint => BigInt((streams.get(name)?.length ?? 0) - 1);

  function rawMetadata(name: string): Record<string, unknown> | undefined {
    const meta = streams.get(`$$${name}`);
    const last = meta?.[meta.length - 1];
    if (!last) return undefined;
    try {
      return JSON.parse(Buffer.from(last.data).toString('utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  /** `$tb` as a bigint; JSON.parse turns Int64.MaxValue into 2^63, which we map back. */
  function truncateBefore(name: string): bigint | undefined {
    const tb = rawMetadata(name)?.['$tb'];
    if (typeof tb !== 'number' || !Number.isFinite(tb)) return undefined;
    return tb >= 2 ** 63 ? DELETED_STREAM_TB : BigInt(Math.trunc(tb));
  }

  const isSoftDeleted = (name: string) => truncateBefore(name) === DELETED_STREAM_TB;

  function append(name: string, proposed: readonly ProposedEvent[]): StoredEvent[] {
    const stream = streams.get(name) ?? [];
    streams.set(name, stream);
    const created = BigInt(now()) * 10_000n;
    const written = proposed.map((p) => {
      const size = 160n + BigInt(p.data.length + p.customMetadata.length + name.length + p.type.length);
      const event: StoredEvent = {
        ...p,
        streamName: name,
        revision: BigInt(stream.length),
        created,
        position: writerCheckpoint,
        postPosition: writerCheckpoint + size,
      };
      writerCheckpoint = event.postPosition;
      stream.push(event);
      all.push(event);
      eventIds.set(p.id, { streamName: name, revision: event.revision });
      return event;
    });
    return written;
  }

  const metadataEvent = (json: string): ProposedEvent => ({
    id: randomUUID(),
    type: '$metadata',
    contentType: 'application/json',
    data: Buffer.from(json, 'utf8'),
    customMetadata: new Uint8Array(),
  });

  /** Rewrite the stream's metadata with `$tb` = recreateFrom (server: SoftUndeleteRawMeta). */
  function softUndelete(name: string, recreateFrom: bigint): StoredEvent[] {
    const meta = { ...(rawMetadata(name) ?? {}), $tb: Number(recreateFrom) };
    return append(`$$${name}`, [metadataEvent(JSON.stringify(meta))]);
  }

  /** IndexWriter.CheckCommit, without tombstones (the stand-in never hard-deletes). */
  function checkCommit(name: string, expected: Expected, ids: readonly string[]) {
    const cur = lastRevision(name);
    const exp = expectedNumber(expected);
    if (expected.kind === 'stream_exists') {
      if (isSoftDeleted(name)) return { decision: 'deleted' as const, cur };
      if (cur < 0n && lastRevision(`$$${name}`) < 0n) return { decision: 'wrong' as const, cur };
    }
    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      let first: bigint | undefined;
      let last: bigint | undefined;
      for (const id of ids) {
        const known = eventIds.get(id);
        if (!known || known.streamName !== name) {
          return first === undefined
            ? { decision: 'ok' as const, cur, softDeleted: isSoftDeleted(name) }
            : { decision: 'wrong' as const, cur };
        }
        first ??= known.revision;
        last = known.revision;
      }
      if (last === undefined) return { decision: 'ok' as const, cur, softDeleted: isSoftDeleted(name) };
      return { decision: 'idempotent' as const, cur, last };
    }
    if (exp < cur) {
      let n = exp;
      for (const id of ids) {
        n += 1n;
        const known = eventIds.get(id);
        if (known && known.streamName === name && known.revision === n) continue;
        if (n !== exp + 1n) return { decision: 'wrong' as const, cur }; // corrupted idempotency
        if (expected.kind === 'no_stream' && isSoftDeleted(name)) {
          return { decision: 'ok' as const, cur, softDeleted: true };
        }
        return { decision: 'wrong' as const, cur };
      }
      if (n === exp) return { decision: 'wrong' as const, cur };
      return { decision: 'idempotent' as const, cur, last: n };
    }
    if (exp > cur) return { decision: 'wrong' as const, cur };
    return { decision: 'ok' as const, cur, softDeleted: isSoftDeleted(name) };
  }

  function notify(written: readonly StoredEvent[]) {
    if (written.length === 0) return;
    for (const listener of [...listeners]) listener(written);
  }

  return {
    write(name: string, expected: Expected, proposed: readonly ProposedEvent[]): WriteOutcome {
      const check = checkCommit(name, expected, proposed.map((p) => p.id));
      if (check.decision === 'deleted') return { kind: 'stream_deleted' };
      if (check.decision === 'wrong') return { kind: 'wrong_expected_version', current: check.cur };
      if (check.decision === 'idempotent') {
        const event = streams.get(name)?.[Number(check.last)];
        return { kind: 'idempotent', lastRevision: check.last, position: event?.position ?? -1n };
      }
      // Decided before the write, as the server does: new metadata for a soft-deleted stream
      // undeletes it with its old events still hidden (SoftUndeleteMetastream).
      const original = name.startsWith('$$') ? name.slice(2) : undefined;
      const undeleteOriginal = original !== undefined && isSoftDeleted(original);
      const written = append(name, proposed);
      if (check.softDeleted) written.push(...softUndelete(name, check.cur + 1n));
      if (undeleteOriginal) written.push(...softUndelete(original, lastRevision(original) + 1n));
      notify(written);
      const first = written[0];
      const last = written[proposed.length - 1];
      if (!first || !last) return { kind: 'ok', firstRevision: check.cur, lastRevision: check.cur, commit: -1n, prepare: -1n };
      // Like WriteEventsCompleted: commit = log position of the last prepare, prepare = the first's.
      return { kind: 'ok', firstRevision: first.revision, lastRevision: last.revision, commit: last.position, prepare: first.position };
    },

    /** Soft delete (server: StorageWriterService WriteDelete with HardDelete = false). */
    softDelete(name: string, expected: Expected): WriteOutcome {
      const check = checkCommit(name, expected, [randomUUID()]);
      if (check.decision === 'deleted') return { kind: 'stream_deleted' };
      if (check.decision !== 'ok') return { kind: 'wrong_expected_version', current: check.cur };
      const written = append(`$$${name}`, [metadataEvent(`{"$tb":${DELETED_STREAM_TB}}`)]);
      notify(written);
      const p = written[0]!.position;
      return { kind: 'ok', firstRevision: check.cur, lastRevision: check.cur, commit: p, prepare: p };
    },

    /** Events of a stream as a reader sees them, or undefined when it reads as "not found". */
    visibleStream(name: string): StoredEvent[] | undefined {
      const stream = streams.get(name);
      if (!stream || stream.length === 0) return undefined;
      const tb = truncateBefore(name);
      if (tb === DELETED_STREAM_TB) return undefined;
      const meta = rawMetadata(name) ?? {};
      let visible = tb === undefined ? stream : stream.filter((e) => e.revision >= tb);
      const maxCount = meta['$maxCount'];
      if (typeof maxCount === 'number' && maxCount > 0) visible = visible.slice(-maxCount);
      const maxAge = meta['$maxAge'];
      if (typeof maxAge === 'number' && maxAge > 0) {
        const oldest = BigInt(now() - maxAge * 1000) * 10_000n;
        visible = visible.filter((e) => e.created >= oldest);
      }
      return visible;
    },

    all: (): readonly StoredEvent[] => all,
    /** Live subscriptions currently attached (lets tests check that unsubscribe reaches the server). */
    subscriberCount: (): number => listeners.size,
    onWrite(listener: (written: readonly StoredEvent[]) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
