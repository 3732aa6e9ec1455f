import { BadRequestError } from '../../domain/shared/errors.js';
import type { EventFilter, EventMetadata, GlobalPosition, JsonValue, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';

/**
 * An event as integrators receive it, from `GET /events` and from webhooks alike. Revisions and
 * positions are decimal strings (they may exceed 2^53 on EventStoreDB); `position` is the resume
 * token: pass it back as `after` (or `Last-Event-ID`) to continue exactly behind this event.
 */
export type WireEvent = Readonly<{
  id: string;
  type: string;
  stream: string;
  revision: string;
  position: string;
  data: JsonValue;
  metadata: EventMetadata;
  /** When the store recorded it (store clock); business time is `metadata.now`. */
  recordedAt: string;
}>;

export const toWireEvent = (event: RecordedEvent): WireEvent => ({
  id: event.id,
  type: event.type,
  stream: event.streamName,
  revision: event.revision.toString(),
  position: event.position.toString(),
  data: event.data,
  metadata: event.metadata,
  recordedAt: event.created.toISOString(),
});

/** EventStoreDB positions are 128-bit: up to 39 decimal digits. */
const POSITION = /^(0|[1-9]\d{0,38})$/;

/** A position from the wire (query, header, body); 400 INVALID_POSITION otherwise. */
export const parsePosition = (text: string | undefined, field = 'after'): GlobalPosition => {
  if (text === undefined || text === '') return 0n;
  if (!POSITION.test(text)) {
    throw new BadRequestError('INVALID_POSITION', `${field} must be a global position: a decimal integer such as "0" or "1842" (the "position" or "next" of an event page)`, { field });
  }
  return BigInt(text);
};

/** Event type names: PascalCase identifiers. */
export const EVENT_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;
/** Stream prefixes: the characters of stream names (`order-`, `inventory-dc-lyon~`). */
export const STREAM_PREFIX_PATTERN = /^[A-Za-z0-9._:@~%-]{1,200}$/;
export const MAX_FILTER_VALUES = 50;

const list = (text: string | undefined): string[] =>
  text === undefined ? [] : text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);

/** `types=A,B` and `streamPrefix=order-,return-` as an event filter (AND between the two, OR within each). */
export const parseFilter = (types: string | undefined, streamPrefixes: string | undefined): EventFilter => {
  const eventTypes = list(types);
  const prefixes = list(streamPrefixes);
  const bad = (field: string, detail: string) => new BadRequestError('INVALID_FILTER', `${field}: ${detail}`, { field });
  if (eventTypes.length > MAX_FILTER_VALUES) throw bad('types', `at most ${MAX_FILTER_VALUES} event types`);
  if (prefixes.length > MAX_FILTER_VALUES) throw bad('streamPrefix', `at most ${MAX_FILTER_VALUES} prefixes`);
  const wrongType = eventTypes.find((t) => !EVENT_TYPE_PATTERN.test(t));
  if (wrongType !== undefined) throw bad('types', 'event types are comma-separated names such as OrderPlaced,OrderShipmentShipped');
  const wrongPrefix = prefixes.find((p) => !STREAM_PREFIX_PATTERN.test(p));
  if (wrongPrefix !== undefined) throw bad('streamPrefix', 'stream prefixes are comma-separated such as order-,return-');
  return {
    ...(eventTypes.length > 0 ? { eventTypes: [...new Set(eventTypes)] } : {}),
    ...(prefixes.length > 0 ? { streamPrefixes: [...new Set(prefixes)] } : {}),
  };
};
