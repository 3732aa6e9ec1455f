import type { GlobalPosition } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore, ReadStoreTransaction } from '../../infrastructure/readstore/readStore.js';

/**
 * Checkpoints live in the read store, next to the data they describe, and are written in the
 * same transaction as the batch they close: a crash either keeps both or neither.
 */
export const CHECKPOINTS = 'projection_checkpoints';

export type CheckpointDocument = {
  _id: string;
  /** Global position (decimal string) of the last event applied. */
  position: string;
  eventsApplied: number;
  updatedAt: string;
};

export class CheckpointMovedError extends Error {
  constructor(readonly processor: string) {
    super(`checkpoint of ${processor} was advanced by another instance; this instance lost its lease`);
  }
}

export const readCheckpoint = async (store: ReadStore | ReadStoreTransaction, processor: string): Promise<GlobalPosition | undefined> => {
  const doc = await store.collection<CheckpointDocument>(CHECKPOINTS).findOne({ _id: processor });
  return doc ? BigInt(doc.position) : undefined;
};

/**
 * Advances a checkpoint from `previous` to `next`. The filter on the previous position fences
 * out a stale instance: if someone else moved the checkpoint, nothing matches and the whole
 * transaction is rolled back.
 */
export const advanceCheckpoint = async (
  tx: ReadStoreTransaction,
  processor: string,
  previous: GlobalPosition | undefined,
  next: GlobalPosition,
  applied: number,
  now: string,
): Promise<void> => {
  const checkpoints = tx.collection<CheckpointDocument>(CHECKPOINTS);
  if (previous === undefined) {
    // First batch: an insert fails on the unique _id if another instance got there first.
    try {
      await checkpoints.insertOne({ _id: processor, position: next.toString(), eventsApplied: applied, updatedAt: now });
    } catch {
      throw new CheckpointMovedError(processor);
    }
    return;
  }
  const result = await checkpoints.updateOne(
    { _id: processor, position: previous.toString() },
    { $set: { position: next.toString(), updatedAt: now }, $inc: { eventsApplied: applied } },
  );
  if (result.matchedCount !== 1) throw new CheckpointMovedError(processor);
};
