import {
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  InvalidArgumentError,
  InvalidTransactionError,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  EventStoreError,
  InvalidAppendError,
  StoreUnavailableError,
  StreamNotFoundError,
} from '../errors.js';
import { STREAM_EXISTS, type ExpectedRevision } from '../eventStore.js';

/**
 * One place that turns `@eventstore/db-client` errors into the port's errors.
 *
 * A tombstoned (hard-deleted) stream can never be written again; this adapter never tombstones,
 * so a StreamDeletedError means either a soft-deleted stream met STREAM_EXISTS (the server
 * answers "deleted" there, while the port says a soft-deleted stream reads as absent: a plain
 * ConcurrencyError with no actual revision) or someone else tombstoned it (permanent:
 * STREAM_DELETED, 410, not retriable).
 */

/** Transport-level failures: the node is down, restarting, not the leader, or too slow. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError
  );
}

export class StreamTombstonedError extends EventStoreError {
  constructor(readonly streamName: string) {
    super('STREAM_DELETED', `stream ${streamName} was hard-deleted and cannot be written again`, 410, false);
  }
}

/** Revision reported by the server for "actual"; negative numbers mean "no stream". */
const actualRevision = (value: unknown): bigint | undefined =>
  typeof value === 'bigint' && value >= 0n ? value : undefined;

export function mapWriteError(error: unknown, streamName: string, expected: ExpectedRevision): Error {
  if (error instanceof EventStoreError) return error;
  if (error instanceof WrongExpectedVersionError) {
    return new ConcurrencyError(streamName, expected, actualRevision(error.actualVersion));
  }
  if (error instanceof StreamDeletedError) {
    return expected === STREAM_EXISTS
      ? new ConcurrencyError(streamName, expected, undefined)
      : new StreamTombstonedError(streamName);
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new InvalidAppendError(`append to ${streamName} exceeds the server's maximum append size (${error.maxAppendSize} bytes)`);
  }
  if (error instanceof InvalidArgumentError || error instanceof InvalidTransactionError) {
    return new InvalidAppendError(`append to ${streamName} rejected: ${error.message}`);
  }
  return mapError(error);
}

export function mapReadError(error: unknown, streamName?: string): Error {
  if (error instanceof EsdbStreamNotFoundError) return new StreamNotFoundError(streamName ?? error.streamName);
  if (error instanceof StreamDeletedError) return new StreamNotFoundError(streamName ?? error.streamName);
  return mapError(error);
}

export function mapError(error: unknown): Error {
  if (error instanceof EventStoreError) return error;
  if (isTransient(error)) {
    return new StoreUnavailableError(`EventStoreDB unavailable: ${(error as Error).message}`, error);
  }
  if (isConnectionFailure(error)) {
    return new StoreUnavailableError(`EventStoreDB unreachable: ${(error as Error).message}`, error);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Errors raised before a call reaches gRPC status handling (refused sockets during connect). */
function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 14 || code === 4 || code === 1;
}
