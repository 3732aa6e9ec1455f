import { ConflictError, NotFoundError } from '../shared/errors.js';
import type { ReturnState } from './state.js';
import type { ReturnStatus } from './vocabulary.js';

/** The return named by the command exists in this stream (404 otherwise). */
export const existing = (state: ReturnState, returnId: string): ReturnState => {
  if (state.status === 'none' || state.returnId !== returnId) {
    throw new NotFoundError('RETURN_NOT_FOUND', `return ${returnId} does not exist`, { returnId });
  }
  return state;
};

/** Fails with a stable code when the command is not allowed in the current status. */
export const requireStatus = (state: ReturnState, allowed: readonly ReturnStatus[], action: string): void => {
  if (allowed.includes(state.status)) return;
  if (state.status === 'pending_approval') {
    throw new ConflictError('RETURN_NOT_APPROVED', `return ${state.returnId} awaits approval; cannot ${action}`, { returnId: state.returnId, status: state.status });
  }
  throw new ConflictError('INVALID_RETURN_TRANSITION', `cannot ${action} a return that is ${state.status}`, {
    returnId: state.returnId, status: state.status, allowed,
  });
};

export const requireKind = (state: ReturnState, allowed: readonly NonNullable<ReturnState['kind']>[], action: string): void => {
  if (state.kind !== null && allowed.includes(state.kind)) return;
  throw new ConflictError('INVALID_RETURN_TRANSITION', `cannot ${action} on a ${state.kind}`, { returnId: state.returnId, kind: state.kind });
};
