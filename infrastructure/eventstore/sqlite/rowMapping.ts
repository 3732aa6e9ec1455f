import type { EventMetadata, EventToAppend, RecordedEvent, StreamMetadata } from '../eventStore.js';
import { InvalidAppendError } from '../errors.js';

/** Largest accepted event (data + metadata as UTF-8 JSON), like EventStoreDB's default. */
export const MAX_EVENT_BYTES = 1024 * 1024;

/** An event validated and serialized by the caller, so the writer's transaction does no JSON work. */
export type SerializedEvent = Readonly<{ id: string; type: string; data: string; metadata: string }>;

export const EVENT_COLUMNS = 'position, stream_name, revision, event_id, type, data, metadata, created';
/**
 * Columns as read: data and metadata concatenated into one JSON array so each row costs one
 * JSON.parse instead of two (measurably cheaper on catch-up reads).
 */
export const EVENT_SELECT = "position, stream_name, revision, event_id, type, '[' || data || ',' || metadata || ']', created";
/** Raw row as read with `raw(true)` + `safeIntegers(true)` (see EVENT_SELECT). */
export type EventRow = [bigint, string, bigint, string, string, string, bigint];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toRecordedEvent(row: EventRow): RecordedEvent {
  const [data, metadata] = JSON.parse(row[5]) as [RecordedEvent['data'], RecordedEvent['metadata']];
  return {
    id: row[3],
    type: row[4],
    streamName: row[1],
    revision: row[2],
    position: row[0],
    data,
    metadata,
    created: new Date(Number(row[6])),
  };
}

/**
 * Validates a whole append up front and serializes it: the append is rejected as a unit
 * (nothing queued, nothing written) when any event is invalid.
 */
export function serializeAppend(streamName: string, events: readonly EventToAppend[]): SerializedEvent[] {
  if (typeof streamName !== 'string' || streamName.length === 0) throw new InvalidAppendError('stream name must be a non-empty string');
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(`append to ${streamName} has no events`);
  const ids = new Set<string>();
  return events.map((event, index) => {
    const where = `event #${index} of the append to ${streamName}`;
    if (typeof event.id !== 'string' || !UUID.test(event.id)) throw new InvalidAppendError(`${where}: id must be a UUID`);
    // Canonical lowercase form, so a retry with differently-cased ids is still recognised.
    const id = event.id.toLowerCase();
    if (ids.has(id)) throw new InvalidAppendError(`${where}: duplicate event id ${id} within the append`);
    ids.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0) throw new InvalidAppendError(`${where}: type must be a non-empty string`);
    // Stringify first: it throws on cycles and bigint, so the walk below never meets a cycle.
    const data = stringify(event.data, where);
    const metadata = event.metadata === undefined ? '{}' : stringify(event.metadata, where);
    if (!isJson(event.data)) throw new InvalidAppendError(`${where}: data is not plain JSON`);
    if (event.metadata !== undefined && !isMetadata(event.metadata)) throw new InvalidAppendError(`${where}: metadata is not plain JSON`);
    // UTF-8 needs at most 3 bytes per UTF-16 unit: only measure exactly when it could matter.
    const units = data.length + metadata.length;
    if (units * 3 > MAX_EVENT_BYTES && Buffer.byteLength(data) + Buffer.byteLength(metadata) > MAX_EVENT_BYTES) {
      throw new InvalidAppendError(`${where}: larger than ${MAX_EVENT_BYTES} bytes`);
    }
    return { id, type: event.type, data, metadata };
  });
}

function stringify(value: unknown, where: string): string {
  try {
    // undefined for a top-level undefined/function/symbol: caught by the isJson walk.
    return JSON.stringify(value) ?? '';
  } catch {
    throw new InvalidAppendError(`${where}: not serializable as JSON`);
  }
}

/**
 * True for values that survive a JSON round trip unchanged. JSON.stringify alone would silently
 * drop undefined/functions and turn NaN into null. Called after a successful stringify, so the
 * only way to hide a cycle is a toJSON member, which is rejected before descending.
 */
function isJson(value: unknown, depth = 0): boolean {
  if (depth > 200) return false;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      if ('toJSON' in value) return false;
      for (const key in value) if (!isJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** Metadata is a JSON object whose top-level values may be undefined (they are dropped). */
function isMetadata(value: unknown): value is EventMetadata {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const [, v] of Object.entries(value)) if (v !== undefined && !isJson(v, 1)) return false;
  return true;
}

/** Stream metadata as stored: bigint truncateBefore becomes a decimal string. */
export function serializeStreamMetadata(metadata: StreamMetadata): string {
  const { truncateBefore, ...rest } = metadata;
  const json = stringify(truncateBefore === undefined ? rest : { ...rest, truncateBefore: truncateBefore.toString() }, 'stream metadata');
  if (rest.custom !== undefined && !isJson(rest.custom)) throw new InvalidAppendError('stream metadata custom is not plain JSON');
  return json;
}

export function parseStreamMetadata(json: string): StreamMetadata {
  const parsed = JSON.parse(json) as Omit<StreamMetadata, 'truncateBefore'> & { truncateBefore?: string };
  const { truncateBefore, ...rest } = parsed;
  return truncateBefore === undefined ? rest : { ...rest, truncateBefore: BigInt(truncateBefore) };
}
