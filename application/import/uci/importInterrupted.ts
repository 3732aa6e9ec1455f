import { StoreUnavailableError } from '../../../infrastructure/eventstore/errors.js';

/**
 * The OMS did not finish an invoice's work in time (a process or projection the replay waits for
 * stayed behind). Not the invoice's fault: the import stops here instead of recording the invoice
 * as failed, and a re-run resumes with this invoice (its commands carry derived ids, so what was
 * already done is replayed, not repeated).
 */
export class ImportDrainTimeoutError extends Error {
  readonly code = 'IMPORT_DRAIN_TIMEOUT';
  override readonly name = 'ImportDrainTimeoutError';
}

/** Failures that stop the import (resume later) rather than mark one invoice as failed. */
export const interruptsImport = (error: unknown): boolean => error instanceof ImportDrainTimeoutError || error instanceof StoreUnavailableError;
