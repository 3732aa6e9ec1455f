import { NO_STREAM, STREAM_EXISTS, type AppendResult, type ExpectedRevision, type StreamRevision } from '../eventStore.js';
import { ConcurrencyError, DuplicateEventIdError } from '../errors.js';
import type { CommittedEvent } from './recentEvents.js';
import type { SerializedEvent } from './rowMapping.js';
import { visibleRevision, type StreamInfo, type Statements } from './schema.js';
import type { StreamInfoCache, TransactionStreams } from './streamInfoCache.js';

export type WriteOp =
  | Readonly<{ kind: 'append'; streamName: string; events: readonly SerializedEvent[]; expected: ExpectedRevision }>
  | Readonly<{ kind: 'delete'; streamName: string; expected: ExpectedRevision }>
  | Readonly<{ kind: 'metadata'; streamName: string; json: string }>;

export type Outcome = { ok: true; result: AppendResult | undefined } | { ok: false; error: Error };

/**
 * Applies a group of write operations in ONE transaction (one fsync). Each operation succeeds or
 * fails on its own: expectations are checked before anything is written, and a multi-event
 * append runs under a savepoint, so a rejected operation never leaves a trace nor rolls back the
 * others. Positions come from a counter that only advances for writes that stayed, so they are
 * gap-free. Throws when the transaction as a whole fails; then nothing of the group is written.
 */
export function commitBatch(
  stmts: Statements,
  cache: StreamInfoCache,
  ops: readonly WriteOp[],
  now: number,
): { outcomes: Outcome[]; written: number; committed: CommittedEvent[] } {
  stmts.begin.run();
  try {
    const streams = cache.begin();
    let head = (stmts.head.get() as bigint | null) ?? 0n;
    let written = 0;
    const created = BigInt(now);
    // What stayed written, for the in-memory tail readers are served from (recentEvents.ts).
    const committed: CommittedEvent[] = [];
    const outcomes = ops.map((op): Outcome => {
      switch (op.kind) {
        case 'append': {
          const outcome = append(stmts, streams, op, head, created);
          if (outcome.ok && outcome.written > 0) {
            for (let i = 0; i < op.events.length; i++) {
              committed.push({ position: head + BigInt(i) + 1n, streamName: op.streamName, revision: outcome.firstRevision + BigInt(i), event: op.events[i]!, created: now });
            }
            head += BigInt(outcome.written);
            written += outcome.written;
          }
          return outcome;
        }
        case 'delete':
          return deleteStream(stmts, streams, op);
        case 'metadata':
          stmts.setMetadata.run(op.streamName, op.json);
          return { ok: true, result: undefined };
      }
    });
    stmts.commit.run();
    streams.commit();
    return { outcomes, written, committed };
  } catch (error) {
    cache.invalidate();
    // A failed COMMIT may already have rolled back; ROLLBACK then throws "no transaction".
    try {
      stmts.rollback.run();
    } catch {
      /* already rolled back */
    }
    throw error;
  }
}

function matches(expected: ExpectedRevision, visible: StreamRevision | undefined): boolean {
  if (expected === NO_STREAM) return visible === undefined;
  if (expected === STREAM_EXISTS) return visible !== undefined;
  return visible === expected;
}

type AppendOutcome = ({ ok: true; result: AppendResult } | { ok: false; error: Error }) & { written: number; firstRevision: bigint };

function append(
  stmts: Statements,
  streams: TransactionStreams,
  op: Extract<WriteOp, { kind: 'append' }>,
  head: bigint,
  created: bigint,
): AppendOutcome {
  const { streamName, events, expected } = op;
  const info = streams.get(streamName);
  const visible = visibleRevision(info);
  if (!matches(expected, visible)) {
    const retried = idempotentRetry(stmts, op, info);
    if (retried !== undefined) return { ok: true, result: retried, written: 0, firstRevision: 0n };
    return { ok: false, error: new ConcurrencyError(streamName, expected, visible), written: 0, firstRevision: 0n };
  }
  // A recreated (soft-deleted) stream continues after its last revision, like EventStoreDB.
  const nextRevision = info.last === undefined ? 0n : info.last + 1n;
  const multi = events.length > 1;
  // A single INSERT is atomic by itself; only multi-event appends need a savepoint.
  if (multi) stmts.savepoint.run();
  let index = 0;
  try {
    for (; index < events.length; index++) {
      const e = events[index]!;
      stmts.insertEvent.run(head + BigInt(index) + 1n, streamName, nextRevision + BigInt(index), e.id, e.type, e.data, e.metadata, created);
    }
  } catch (error) {
    if (!isUniqueEventIdViolation(error)) throw error;
    if (multi) {
      stmts.rollbackToSavepoint.run();
      stmts.release.run();
    }
    return { ok: false, error: new DuplicateEventIdError(events[index]!.id, streamName), written: 0, firstRevision: 0n };
  }
  // Only a recreation writes stream state; a plain append touches the events table alone.
  if (info.deleted) stmts.setStreamState.run(streamName, 0, nextRevision);
  if (multi) stmts.release.run();
  const last = nextRevision + BigInt(events.length) - 1n;
  streams.set(streamName, { last, deleted: false, firstRevision: info.deleted ? nextRevision : info.firstRevision });
  return { ok: true, result: { nextExpectedRevision: last, position: head + BigInt(events.length) }, written: events.length, firstRevision: nextRevision };
}

/**
 * A retry is the same ids sitting, in order, right after the expected revision (for NO_STREAM:
 * at the start of the current incarnation). Anything else is a concurrency conflict.
 */
function idempotentRetry(stmts: Statements, op: Extract<WriteOp, { kind: 'append' }>, info: StreamInfo): AppendResult | undefined {
  if (info.last === undefined || op.expected === STREAM_EXISTS) return undefined;
  const start = op.expected === NO_STREAM ? info.firstRevision : op.expected + 1n;
  const found = stmts.idsFrom.all(op.streamName, start, op.events.length) as Array<[string, bigint]>;
  if (found.length !== op.events.length || found.some(([id], i) => id !== op.events[i]!.id)) return undefined;
  return { nextExpectedRevision: start + BigInt(found.length) - 1n, position: found.at(-1)![1] };
}

function deleteStream(stmts: Statements, streams: TransactionStreams, op: Extract<WriteOp, { kind: 'delete' }>): Outcome {
  const info = streams.get(op.streamName);
  const visible = visibleRevision(info);
  if (!matches(op.expected, visible)) return { ok: false, error: new ConcurrencyError(op.streamName, op.expected, visible) };
  if (visible !== undefined) {
    stmts.setStreamState.run(op.streamName, 1, info.firstRevision);
    streams.set(op.streamName, { ...info, deleted: true });
  }
  return { ok: true, result: undefined };
}

function isUniqueEventIdViolation(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('events.event_id')
  );
}
