import {
  MongoClientClosedError,
  MongoError,
  MongoInvalidArgumentError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { DuplicateKeyError, ReadStoreError, ReadStoreUnavailableError } from '../readStore.js';

/** Server codes that mean "no usable primary right now" (shutdown, step-down, unreachable host). */
const UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 10107, 11600, 11602, 13435, 13436]);

const codeOf = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
};

const writeErrorCodes = (error: unknown): number[] => {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.map((e) => codeOf(e) ?? codeOf((e as { err?: unknown }).err)).filter((c): c is number => c !== undefined);
};

/**
 * Socket errors the driver lets through unwrapped: a command written to a connection the server
 * has just closed fails with Node's own `Error: This socket has been ended by the other party`
 * (EPIPE), not a MongoNetworkError — seen under load while MongoDB stopped, answered as a 500.
 * Only errors out of driver calls reach this mapping, so a system network code here means the
 * connection to MongoDB, not a bug of ours.
 */
const SOCKET_ERROR_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ENOTCONN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_SOCKET_CLOSED']);

const isSocketError = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && !(error instanceof MongoError) && typeof code === 'string' && SOCKET_ERROR_CODES.has(code);
};

export const isUnavailable = (error: unknown): boolean =>
  isSocketError(error) ||
  error instanceof MongoServerSelectionError ||
  error instanceof MongoNetworkError ||
  error instanceof MongoTopologyClosedError ||
  error instanceof MongoNotConnectedError ||
  error instanceof MongoClientClosedError ||
  error instanceof MongoServerClosedError ||
  (error instanceof MongoServerError && UNAVAILABLE_CODES.has(error.code as number));

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Maps driver errors onto the port's: 11000 (also inside a bulk write) → DuplicateKeyError,
 * connectivity → ReadStoreUnavailableError, the common client mistakes → 400-class ReadStoreErrors
 * with the embedded adapter's codes. Anything else becomes a 500 ReadStoreError keeping the message.
 */
export const mapMongoError = (error: unknown): unknown => {
  if (error instanceof ReadStoreError || !(error instanceof Error)) return error;
  const code = codeOf(error);
  if (code === 11000 || code === 11001 || writeErrorCodes(error).includes(11000)) return new DuplicateKeyError(messageOf(error));
  if (isUnavailable(error)) return new ReadStoreUnavailableError(`MongoDB is unavailable: ${messageOf(error)}`, error);
  if (!(error instanceof MongoError)) return error;
  // The driver's own argument checks (e.g. "Update document requires atomic operators").
  if (error instanceof MongoInvalidArgumentError) return new ReadStoreError('INVALID_REQUEST', error.message, 400, false);
  switch (code) {
    case 66:
      return new ReadStoreError('IMMUTABLE_FIELD', error.message, 400, false);
    case 14:
      return new ReadStoreError('TYPE_MISMATCH', error.message, 400, false);
    case 9:
    case 40:
      return new ReadStoreError('INVALID_UPDATE', error.message, 400, false);
    case 2:
    case 28:
    case 52:
    case 73:
      return new ReadStoreError('INVALID_REQUEST', error.message, 400, false);
    case 85:
    case 86:
      return new ReadStoreError('INDEX_CONFLICT', error.message, 409, false);
    case 251:
      return new ReadStoreError('TRANSACTION_ABORTED', error.message, 409, false);
    default:
      return new ReadStoreError('MONGO_ERROR', error.message, 500, error.hasErrorLabel('TransientTransactionError'));
  }
};

/** Inside a transaction, transient errors stay raw so the driver's withTransaction can retry the callback. */
export const isRetriableInsideTransaction = (error: unknown): boolean =>
  error instanceof MongoError && error.hasErrorLabel('TransientTransactionError') && !isUnavailable(error);
