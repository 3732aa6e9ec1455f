import type { Document, Filter, ReadCollection, ReadStore, ReadStoreTransaction, WriteOperation } from '../../infrastructure/readstore/readStore.js';
import { jsonExact } from './documentCache.js';

/**
 * Catch-up of a document projection across several log chunks with one write per document.
 *
 * In a rebuild an order's events are spread over the log, so with one transaction per chunk its
 * documents were rewritten in nearly every chunk (100k-event log, 20k chunks: ~5 writes per order
 * document and projection; writing was ~45 % of the CPU). Here `applyBatch` folds each chunk
 * against `overlay()`: a transaction look-alike whose by-id writes stay in memory and whose reads
 * see them, falling back to the store (outside any transaction) for the rest. `flush(tx)` then
 * writes each changed document once, in the transaction that moves the checkpoint.
 *
 * Safe because: nothing is durable before the flush, which writes documents and checkpoint
 * together (a crash re-folds from the checkpoint, nothing is applied twice); only this runner
 * writes the projection's collection, and the flush's checkpoint fence rolls it back had anything
 * else moved the checkpoint meanwhile; a document is served from memory only when it reads back
 * identically from its JSON (`jsonExact`, `_id` first) — otherwise the runner flushes right after
 * the chunk (`mustFlush`), so the next read comes from the store, as without deferral.
 */
export type DeferredDocuments = Readonly<{
  overlay: () => ReadStoreTransaction;
  /** Documents changed in memory since the last flush. */
  pending: () => number;
  /** A document that does not read back identically from JSON was written: flush before reading on. */
  mustFlush: () => boolean;
  flush: (tx: ReadStoreTransaction) => Promise<void>;
  /** Forgets what was not flushed (after a failed flush, whose writes were rolled back). */
  clear: () => void;
}>;

type Pending = { op: WriteOperation; doc: Document | null };

const idOf = (filter: Filter): string | undefined => {
  const keys = Object.keys(filter);
  return keys.length === 1 && keys[0] === '_id' && typeof filter._id === 'string' ? filter._id : undefined;
};

const unsupported = (): never => {
  throw new Error('deferred catch-up serves document projections only: find({_id: {$in}}) and bulkWrite of by-id replaceOne/deleteOne');
};

export const createDeferredDocuments = (readStore: ReadStore, collection: string): DeferredDocuments => {
  const pending = new Map<string, Pending>();
  let inexact = false;

  const find = async (filter: Filter, options?: object): Promise<Document[]> => {
    const cond = filter._id as { $in?: unknown } | undefined;
    if (options !== undefined || Object.keys(filter).length !== 1 || !Array.isArray(cond?.$in) || Object.keys(cond).length !== 1) return unsupported();
    const found: Document[] = [];
    const missing: string[] = [];
    for (const id of new Set(cond.$in as string[])) {
      const p = pending.get(id);
      if (p === undefined) missing.push(id);
      else if (p.doc !== null) found.push(p.doc);
    }
    if (missing.length === 0) return found;
    return [...found, ...(await readStore.collection(collection).find({ _id: { $in: missing } }))];
  };

  const bulkWrite = async (operations: WriteOperation[]) => {
    for (const op of operations) {
      if ('replaceOne' in op && op.replaceOne.upsert === true) {
        const id = idOf(op.replaceOne.filter);
        const doc = op.replaceOne.replacement;
        if (id === undefined || doc._id !== id) return unsupported();
        let first = true;
        for (const key in doc) {
          first = key === '_id';
          break;
        }
        if (!first || !jsonExact(doc)) inexact = true;
        pending.delete(id); // re-inserted last: written in the order last changed
        pending.set(id, { op, doc });
      } else if ('deleteOne' in op) {
        const id = idOf(op.deleteOne.filter);
        if (id === undefined) return unsupported();
        pending.delete(id);
        pending.set(id, { op, doc: null });
      } else return unsupported();
    }
    return { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0 };
  };

  const overlayCollection = { name: collection, find, bulkWrite } as unknown as ReadCollection;
  const overlay: ReadStoreTransaction = {
    collection: <T extends Document = Document>(name: string) => {
      if (name !== collection) unsupported();
      return overlayCollection as unknown as ReadCollection<T>;
    },
  };

  return {
    overlay: () => overlay,
    pending: () => pending.size,
    mustFlush: () => inexact,
    flush: async (tx) => {
      if (pending.size > 0) await tx.collection(collection).bulkWrite([...pending.values()].map((p) => p.op));
      pending.clear();
      inexact = false;
    },
    clear: () => {
      pending.clear();
      inexact = false;
    },
  };
};
