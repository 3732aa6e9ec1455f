import { jsonEvent, type JSONEventData, type JSONType, type ResolvedEvent, type AllStreamResolvedEvent } from '@eventstore/db-client';
import { InvalidAppendError } from '../errors.js';
import type { EventFilter, EventMetadata, EventToAppend, JsonValue, RecordedEvent } from '../eventStore.js';
import { assertRevision, encodePosition } from './position.js';

export const MAX_EVENT_BYTES = 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Port event → client event. The id passes through untouched: it is the idempotency key. */
export function toEventData(streamName: string, event: EventToAppend): JSONEventData {
  if (!UUID.test(event.id)) throw new InvalidAppendError(`event id ${JSON.stringify(event.id)} on ${streamName} is not a UUID`);
  if (event.type.length === 0) throw new InvalidAppendError(`event without a type on ${streamName}`);
  // JSON.stringify throws on bigint and cycles and returns undefined for undefined/functions:
  // catch all of it here, before anything is sent.
  let metadata: Record<string, JsonValue>;
  let size: number;
  try {
    const dataJson = JSON.stringify(event.data);
    const metadataJson = JSON.stringify(event.metadata ?? {});
    if (dataJson === undefined || metadataJson === undefined) throw new Error('not a JSON value');
    metadata = JSON.parse(metadataJson) as Record<string, JsonValue>;
    size = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson) + Buffer.byteLength(event.type);
  } catch (error) {
    throw new InvalidAppendError(`event ${event.id} on ${streamName} is not serializable: ${(error as Error).message}`);
  }
  // EventStoreDB's default MaxAppendSize is 1 MiB per append; one event over it can never be
  // written, so say so without a round trip (the server still enforces the per-append total).
  if (size > MAX_EVENT_BYTES) {
    throw new InvalidAppendError(`event ${event.id} on ${streamName} is ${size} bytes, over ${MAX_EVENT_BYTES}`);
  }
  // JSONType omits bare numbers/booleans/null, which the client serializes all the same.
  return jsonEvent<{ type: string; data: JSONType; metadata: Record<string, JsonValue> }>({
    id: event.id,
    type: event.type,
    data: event.data as JSONType,
    metadata,
  });
}

/** `$`-prefixed streams are EventStoreDB's own (metadata `$$x`, `$settings`, stats...). */
export const isSystemStream = (streamName: string): boolean => streamName.startsWith('$');

export function matchesFilter(event: Pick<RecordedEvent, 'streamName' | 'type'>, filter: EventFilter | undefined): boolean {
  if (isSystemStream(event.streamName)) return false;
  if (!filter) return true;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => event.streamName.startsWith(p))) return false;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  return true;
}

const asMetadata = (value: unknown): EventMetadata =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)
    ? (value as EventMetadata)
    : {};

/** Client event → port event. Position comes from the event or, for stream reads, may be absent. */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e) return undefined; // unresolved link: we never read with resolveLinkTos
  const data: JsonValue = e.isJson
    ? (e.data as JsonValue)
    : (Buffer.from(e.data as Uint8Array).toString('base64') as JsonValue);
  return {
    id: e.id,
    type: e.type,
    streamName: e.streamId,
    revision: assertRevision(e.revision),
    position: e.position ? encodePosition(e.position) : 0n,
    data,
    metadata: asMetadata(e.metadata),
    created: e.created,
  };
}
