import type { EventStore, JsonValue, RecordedEvent, StreamRevision } from '../../infrastructure/eventstore/eventStore.js';
import { StreamNotFoundError } from '../../infrastructure/eventstore/errors.js';

/**
 * The audit trail of one aggregate stream: every event with its business time, who caused it,
 * which command, the correlation chain and the reason. Works for any stream (`order-…`,
 * `return-…`, `inventory-…`). Data is shown exactly as recorded (no upcasting): an audit shows
 * the facts as written, and `schemaVersion` says which shape they have.
 */
export type ActorRef = Readonly<{ kind: string; id: string }>;

export type HistoryEntry = Readonly<{
  /** Global position in `$all` (decimal string). */
  position: string;
  /** 0-based revision within the stream (decimal string). */
  revision: string;
  eventId: string;
  type: string;
  /** Business time the command was decided at (`metadata.now`); null for events written without it. */
  at: string | null;
  /** When the store recorded the event (store clock). */
  recordedAt: string;
  actor: ActorRef | null;
  commandId: string | null;
  commandType: string | null;
  correlationId: string | null;
  causationId: string | null;
  reason: string | null;
  schemaVersion: number | null;
  data: JsonValue;
}>;

export type HistoryPage = Readonly<{
  stream: string;
  events: readonly HistoryEntry[];
  /** Revision to pass as `from` for the next page; null on the last page. */
  next: string | null;
}>;

export const DEFAULT_HISTORY_PAGE = 100;
export const MAX_HISTORY_PAGE = 1000;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const actorOf = (value: unknown): ActorRef | null => {
  if (value === null || typeof value !== 'object') return null;
  const { kind, id } = value as { kind?: unknown; id?: unknown };
  return typeof kind === 'string' && typeof id === 'string' ? { kind, id } : null;
};

export const historyEntry = (event: RecordedEvent): HistoryEntry => {
  const m = event.metadata;
  const version = m.schemaVersion;
  return {
    position: event.position.toString(),
    revision: event.revision.toString(),
    eventId: event.id,
    type: event.type,
    at: text(m.now),
    recordedAt: event.created.toISOString(),
    actor: actorOf(m.actor),
    commandId: text(m.commandId),
    commandType: text(m.commandType),
    correlationId: text(m.correlationId),
    causationId: text(m.causationId),
    reason: text(m.reason),
    schemaVersion: typeof version === 'number' ? version : null,
    data: event.data,
  };
};

/**
 * One page of a stream's history, oldest first, from revision `from` (inclusive). Undefined when
 * the stream does not exist (or was deleted), so callers can answer with their own 404.
 */
export const streamHistory = async (
  eventStore: EventStore,
  stream: string,
  options: Readonly<{ from?: StreamRevision; limit?: number }> = {},
): Promise<HistoryPage | undefined> => {
  const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_HISTORY_PAGE), MAX_HISTORY_PAGE);
  const events: HistoryEntry[] = [];
  let next: string | null = null;
  try {
    // One extra event tells whether there is a next page without a second read.
    for await (const event of eventStore.readStream(stream, { fromRevision: options.from ?? 0n, maxCount: limit + 1 })) {
      if (events.length === limit) {
        next = event.revision.toString();
        break;
      }
      events.push(historyEntry(event));
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
  return { stream, events, next };
};

/** Every event of a stream as history entries (exports); undefined when the stream does not exist. */
export const fullStreamHistory = async (eventStore: EventStore, stream: string): Promise<HistoryEntry[] | undefined> => {
  const out: HistoryEntry[] = [];
  try {
    for await (const event of eventStore.readStream(stream)) out.push(historyEntry(event));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
  return out;
};
