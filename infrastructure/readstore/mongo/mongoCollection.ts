import type { AnyBulkWriteOperation, ClientSession, Db, Document as MongoDocument, FindOptions as MongoFindOptions } from 'mongodb';
import type {
  BulkWriteResult,
  Document,
  FindOptions,
  IndexSpec,
  ReadCollection,
  UpdateResult,
  WriteOperation,
} from '../readStore.js';
import { withInsertId, withUpsertId } from './upsertIds.js';

/** Runs one driver call with the adapter's error mapping (and, outside a transaction, its scope guard). */
export type MongoRunner = <R>(fn: () => Promise<R>) => Promise<R>;

const findOptions = (options: FindOptions | undefined, session: ClientSession | undefined): MongoFindOptions => ({
  ...(options?.sort ? { sort: options.sort } : {}),
  ...(options?.skip ? { skip: options.skip } : {}),
  ...(options?.limit ? { limit: options.limit } : {}),
  ...(options?.projection ? { projection: options.projection } : {}),
  ...(session ? { session } : {}),
});

const updateResult = (r: { matchedCount: number; modifiedCount: number; upsertedId?: unknown }): UpdateResult => ({
  matchedCount: r.matchedCount,
  modifiedCount: r.modifiedCount,
  ...(r.upsertedId !== null && r.upsertedId !== undefined ? { upsertedId: String(r.upsertedId) } : {}),
});

const bulkOperation = (op: WriteOperation): AnyBulkWriteOperation<MongoDocument> => {
  if ('insertOne' in op) return { insertOne: { document: withInsertId(op.insertOne.document) as MongoDocument } };
  if ('updateOne' in op) {
    const { filter, update, upsert } = op.updateOne;
    return { updateOne: { filter, update: upsert ? withUpsertId(filter, update) : update, upsert: upsert === true } };
  }
  if ('updateMany' in op) {
    const { filter, update, upsert } = op.updateMany;
    return { updateMany: { filter, update: upsert ? withUpsertId(filter, update) : update, upsert: upsert === true } };
  }
  if ('replaceOne' in op) return { replaceOne: { ...op.replaceOne, upsert: op.replaceOne.upsert === true } };
  if ('deleteOne' in op) return { deleteOne: op.deleteOne };
  return { deleteMany: op.deleteMany };
};

const isNamespaceNotFound = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 26;

/** The port's collection API as a thin mapping onto the driver; `session` is set inside transactions. */
export const mongoCollection = <T extends Document>(db: Db, name: string, run: MongoRunner, session?: ClientSession): ReadCollection<T> => {
  const coll = db.collection<MongoDocument>(name);
  const s = session ? { session } : {};
  return {
    name,
    findOne: (filter, options) => run(async () => (await coll.findOne(filter, findOptions(options, session))) as T | null),
    find: (filter, options) => run(async () => (await coll.find(filter, findOptions(options, session)).toArray()) as unknown as T[]),
    countDocuments: (filter = {}) => run(() => coll.countDocuments(filter, s)),
    insertOne: (document) => run(async () => void (await coll.insertOne(withInsertId(document) as MongoDocument, s))),
    insertMany: (documents) =>
      run(async () => {
        if (documents.length > 0) await coll.insertMany(documents.map((d) => withInsertId(d) as MongoDocument), { ordered: true, ...s });
      }),
    updateOne: (filter, update, options) =>
      run(async () => updateResult(await coll.updateOne(filter, options?.upsert ? withUpsertId(filter, update) : update, { upsert: options?.upsert === true, ...s }))),
    updateMany: (filter, update, options) =>
      run(async () => updateResult(await coll.updateMany(filter, options?.upsert ? withUpsertId(filter, update) : update, { upsert: options?.upsert === true, ...s }))),
    replaceOne: (filter, replacement, options) =>
      run(async () => updateResult(await coll.replaceOne(filter, replacement, { upsert: options?.upsert === true, ...s }))),
    findOneAndUpdate: (filter, update, options) =>
      run(async () => {
        const upsert = options?.upsert === true;
        const after = await coll.findOneAndUpdate(filter, upsert ? withUpsertId(filter, update) : update, {
          upsert,
          returnDocument: 'after',
          includeResultMetadata: false,
          ...s,
        });
        return after as T | null;
      }),
    deleteOne: (filter) => run(async () => ({ deletedCount: (await coll.deleteOne(filter, s)).deletedCount })),
    deleteMany: (filter) => run(async () => ({ deletedCount: (await coll.deleteMany(filter, s)).deletedCount })),
    bulkWrite: (operations): Promise<BulkWriteResult> =>
      run(async () => {
        if (operations.length === 0) return { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0 };
        const r = await coll.bulkWrite(operations.map(bulkOperation), { ordered: true, ...s });
        return { insertedCount: r.insertedCount, matchedCount: r.matchedCount, modifiedCount: r.modifiedCount, deletedCount: r.deletedCount, upsertedCount: r.upsertedCount };
      }),
    aggregate: <R>(pipeline: Record<string, unknown>[]) => run(async () => (await coll.aggregate(pipeline, s).toArray()) as R[]),
    createIndex: (spec: IndexSpec) =>
      run(() => coll.createIndex(spec.keys, { ...(spec.unique ? { unique: true } : {}), ...(spec.name ? { name: spec.name } : {}), ...s })),
    listIndexes: () =>
      run(async () => {
        try {
          const indexes = await coll.listIndexes(s).toArray();
          return indexes.map((i) => ({ keys: i.key as Record<string, 1 | -1>, name: i.name as string, unique: i.unique === true || i.name === '_id_' }));
        } catch (error) {
          if (isNamespaceNotFound(error)) return [];
          throw error;
        }
      }),
    drop: () =>
      run(async () => {
        try {
          await coll.drop(s);
        } catch (error) {
          if (!isNamespaceNotFound(error)) throw error;
        }
      }),
  };
};
