import type { ExpectedRevision, StreamRevision } from './eventStore.js';

/**
 * Store errors every adapter maps its own failures onto. They carry a `code` and an HTTP status
 * like domain errors do, so the API edge treats them uniformly.
 */
export class EventStoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly retriable: boolean,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream is not at the expected revision: someone else appended first. Re-read and re-decide. */
export class ConcurrencyError extends EventStoreError {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    readonly actual: StreamRevision | undefined,
  ) {
    super(
      'CONCURRENCY_CONFLICT',
      `stream ${streamName} expected at ${String(expected)} but is at ${actual === undefined ? 'no stream' : String(actual)}`,
      409,
      true,
    );
  }
}

export class StreamNotFoundError extends EventStoreError {
  constructor(readonly streamName: string) {
    super('STREAM_NOT_FOUND', `stream ${streamName} does not exist`, 404, false);
  }
}

/** The store cannot be reached or is shutting down. Safe to retry later (503 + Retry-After at the edge). */
export class StoreUnavailableError extends EventStoreError {
  constructor(message: string, override readonly cause?: unknown) {
    super('STORE_UNAVAILABLE', message, 503, true);
  }
}

/** An append was rejected as a whole for its content (too large, invalid id, bad JSON). Nothing written. */
export class InvalidAppendError extends EventStoreError {
  constructor(message: string) {
    super('INVALID_APPEND', message, 400, false);
  }
}

/**
 * The same event id was already written with a different stream position or content: a
 * non-idempotent reuse of an idempotency key.
 */
export class DuplicateEventIdError extends EventStoreError {
  constructor(readonly eventId: string, readonly streamName: string) {
    super('DUPLICATE_EVENT_ID', `event id ${eventId} already exists with different content or position`, 409, false);
  }
}
