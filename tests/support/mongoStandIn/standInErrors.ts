import { DuplicateKeyError, ReadStoreError } from '../../../infrastructure/readstore/readStore.js';

/** A command failure with MongoDB's numeric code and code name, rendered as `{ ok: 0, ... }`. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export const noSuchTransaction = (message = 'Transaction has been aborted.'): CommandError => new CommandError(251, 'NoSuchTransaction', message);

/** Maps the embedded engine's errors to the codes a real server would send for the same mistake. */
export const toCommandError = (error: unknown): CommandError => {
  if (error instanceof CommandError) return error;
  if (error instanceof DuplicateKeyError) return new CommandError(11000, 'DuplicateKey', error.message);
  if (error instanceof ReadStoreError) {
    switch (error.code) {
      case 'IMMUTABLE_FIELD':
        return new CommandError(66, 'ImmutableField', error.message);
      case 'TYPE_MISMATCH':
        return new CommandError(14, 'TypeMismatch', error.message);
      case 'INVALID_UPDATE':
        return /conflict/.test(error.message)
          ? new CommandError(40, 'ConflictingUpdateOperators', error.message)
          : new CommandError(9, 'FailedToParse', error.message);
      case 'INDEX_CONFLICT':
        return new CommandError(85, 'IndexOptionsConflict', error.message);
      case 'TRANSACTION_ABORTED':
      case 'TRANSACTION_ENDED':
        return noSuchTransaction(error.message);
      case 'INVALID_COLLECTION_NAME':
        return new CommandError(73, 'InvalidNamespace', error.message);
      default:
        return new CommandError(2, 'BadValue', error.message);
    }
  }
  return new CommandError(1, 'InternalError', error instanceof Error ? error.message : String(error));
};

export const errorReply = (error: unknown): Record<string, unknown> => {
  const e = toCommandError(error);
  return { ok: 0, errmsg: e.message, code: e.code, codeName: e.codeName };
};
