import type { Document, Filter, ReadCollection, ReadStoreTransaction, WriteOperation } from '../../infrastructure/readstore/readStore.js';

/**
 * Read-model documents a runner wrote during one catch-up, kept in memory across its chunks.
 *
 * A rebuild writes a hot document (a day's settlements, a KPI cell, an order whose events
 * straddle two chunks) in one chunk and reads it back in the next: loading and parsing those
 * documents was ~12 % of a rebuild. The runner wraps each catch-up transaction with `wrap`:
 * `find({ _id: { $in } })` answers the ids it holds from memory and asks the store for the rest.
 *
 * Why this cannot serve stale documents:
 * - Only the runner that owns the collections writes them, and each chunk's transaction moves its
 *   checkpoint from the exact position the previous chunk left it at. Had anything else written
 *   in between (another instance, a reset), that fence fails and the transaction rolls back.
 * - The cache lives for one catch-up only and is dropped with it on any error (which includes a
 *   rollback: writes it took in may not have been committed), so a retry starts from the store.
 * - Only documents written by `_id` are kept, and only when their JSON text reads back as the same
 *   value (plain data, `_id` first, no undefined / non-finite numbers / -0 / class instances):
 *   the cached object then equals what parsing the stored row would give, so folds see the same
 *   input as after a reload. Any other write to a collection forgets all of that collection.
 * - Projections must not mutate documents they are given (the `evolve` contract: pure).
 *
 * Bounded: at most `maxPerCollection` documents per collection, least recently written first out.
 */
export type DocumentCache = Readonly<{
  wrap: (tx: ReadStoreTransaction) => ReadStoreTransaction;
  stats: () => Readonly<{ hits: number; misses: number; size: number }>;
}>;

export const DEFAULT_CACHED_DOCUMENTS = 5_000;

const proto = Object.prototype;

/** True when `JSON.parse(JSON.stringify(value))` gives back an equal value (same keys, order, types). */
export const jsonExact = (value: unknown): boolean => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !(value === 0 && 1 / value < 0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !jsonExact(value[i])) return false;
        return true;
      }
      const p: unknown = Object.getPrototypeOf(value);
      if (p !== proto) return false;
      for (const key in value) if (!jsonExact((value as Record<string, unknown>)[key])) return false;
      return Object.getOwnPropertySymbols(value).length === 0;
    }
    default:
      return false;
  }
};

/** `_id` first and equal to `id` (how both stores keep it), then plain JSON data. */
const keepable = (doc: Document, id: string): boolean => {
  for (const key in doc) {
    if (key !== '_id' || doc._id !== id) return false;
    break;
  }
  return jsonExact(doc);
};

const idsIn = (filter: Filter): string[] | undefined => {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== '_id') return undefined;
  const cond = filter._id as Record<string, unknown> | null;
  if (typeof cond !== 'object' || cond === null || Array.isArray(cond)) return undefined;
  const ops = Object.keys(cond);
  if (ops.length !== 1 || ops[0] !== '$in' || !Array.isArray(cond.$in)) return undefined;
  return cond.$in.every((v) => typeof v === 'string') ? (cond.$in as string[]) : undefined;
};

const idOf = (filter: Filter): string | undefined => {
  const keys = Object.keys(filter);
  return keys.length === 1 && keys[0] === '_id' && typeof filter._id === 'string' ? filter._id : undefined;
};

export const createDocumentCache = (options: Readonly<{ maxPerCollection?: number }> = {}): DocumentCache => {
  const max = Math.max(0, options.maxPerCollection ?? DEFAULT_CACHED_DOCUMENTS);
  const collections = new Map<string, Map<string, Document>>();
  let hits = 0;
  let misses = 0;

  const docsOf = (name: string): Map<string, Document> => {
    let docs = collections.get(name);
    if (!docs) collections.set(name, (docs = new Map()));
    return docs;
  };

  const remember = (docs: Map<string, Document>, id: string, doc: Document): void => {
    docs.delete(id); // re-inserted last: Map order is the eviction order
    if (max === 0 || !keepable(doc, id)) return;
    docs.set(id, doc);
    if (docs.size > max) docs.delete(docs.keys().next().value as string);
  };

  /** What a successful write leaves in the cache; anything not a by-id replace/delete forgets the collection. */
  const afterWrite = (name: string, op: WriteOperation): void => {
    const docs = docsOf(name);
    if ('replaceOne' in op) {
      const id = idOf(op.replaceOne.filter);
      const { replacement, upsert } = op.replaceOne;
      if (id !== undefined && (replacement._id === undefined || replacement._id === id)) {
        // Without upsert a missing document stays missing: not known to exist, so not kept.
        if (upsert === true) remember(docs, id, replacement);
        else docs.delete(id);
        return;
      }
    } else if ('deleteOne' in op) {
      const id = idOf(op.deleteOne.filter);
      if (id !== undefined) {
        docs.delete(id);
        return;
      }
    }
    docs.clear();
  };

  const wrapCollection = <T extends Document>(name: string, inner: ReadCollection<T>): ReadCollection<T> => {
    const forgetting =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      (...args: A): Promise<R> => {
        collections.get(name)?.clear();
        return fn(...args);
      };
    /** A write that failed may have applied part of its operations: forget the collection. */
    const writing = async <R>(pending: Promise<R>, operations: readonly WriteOperation[]): Promise<R> => {
      try {
        const result = await pending;
        for (const op of operations) afterWrite(name, op);
        return result;
      } catch (error) {
        collections.get(name)?.clear();
        throw error;
      }
    };
    return {
      name: inner.name,
      findOne: (filter, options) => inner.findOne(filter, options),
      find: async (filter, options) => {
        const ids = options === undefined ? idsIn(filter) : undefined;
        const docs = collections.get(name);
        if (ids === undefined || docs === undefined || docs.size === 0) return inner.find(filter, options);
        // Result order is unspecified without a sort, as in MongoDB.
        const found: T[] = [];
        const missing: string[] = [];
        for (const id of new Set(ids)) {
          const doc = docs.get(id);
          if (doc === undefined) missing.push(id);
          else found.push(doc as T);
        }
        hits += found.length;
        misses += missing.length;
        if (missing.length === 0) return found;
        return [...found, ...(await inner.find({ _id: { $in: missing } }))];
      },
      countDocuments: (filter) => inner.countDocuments(filter),
      insertOne: forgetting((d: T) => inner.insertOne(d)),
      insertMany: forgetting((d: T[]) => inner.insertMany(d)),
      updateOne: forgetting((f: Filter, u: Record<string, unknown>, o?: { upsert?: boolean }) => inner.updateOne(f, u, o)),
      updateMany: forgetting((f: Filter, u: Record<string, unknown>, o?: { upsert?: boolean }) => inner.updateMany(f, u, o)),
      findOneAndUpdate: forgetting((f: Filter, u: Record<string, unknown>, o?: { upsert?: boolean }) => inner.findOneAndUpdate(f, u, o)),
      deleteMany: forgetting((f: Filter) => inner.deleteMany(f)),
      drop: forgetting(() => inner.drop()),
      replaceOne: (filter, replacement, options) =>
        writing(inner.replaceOne(filter, replacement, options), [{ replaceOne: { filter, replacement, upsert: options?.upsert ?? false } }]),
      deleteOne: (filter) => writing(inner.deleteOne(filter), [{ deleteOne: { filter } }]),
      bulkWrite: (operations) => writing(inner.bulkWrite(operations), operations),
      aggregate: (pipeline) => inner.aggregate(pipeline),
      createIndex: (spec) => inner.createIndex(spec),
      listIndexes: () => inner.listIndexes(),
    };
  };

  return {
    wrap: (tx) => ({ collection: <T extends Document = Document>(name: string) => wrapCollection<T>(name, tx.collection<T>(name)) }),
    stats: () => ({ hits, misses, size: [...collections.values()].reduce((n, m) => n + m.size, 0) }),
  };
};
