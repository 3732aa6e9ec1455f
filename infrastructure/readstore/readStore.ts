/**
 * The read-model store port, with MongoDB semantics (a subset of the driver's API, same shapes).
 * Adapters: embedded (SQLite file + mingo, `embedded/`) and MongoDB (official driver, `mongo/`).
 * One contract suite (tests/contract/readstore) runs against both.
 *
 * Documents are plain JSON objects with a string `_id`. bigint values are not allowed in
 * documents: store revisions and positions as decimal strings.
 */
export type Document = { _id: string; [key: string]: unknown };

/** A MongoDB query filter ({ field: value, field: { $gt: 1 }, $or: [...] , ... }). */
export type Filter = Record<string, unknown>;
/** A MongoDB update document ({ $set, $unset, $inc, $push, $addToSet, $pull, $max, $min, $setOnInsert }) or a pipeline-free replacement. */
export type Update = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;
export type Projection = Record<string, 0 | 1>;

export type FindOptions = Readonly<{
  sort?: Sort;
  skip?: number;
  limit?: number;
  projection?: Projection;
}>;

export type UpdateOptions = Readonly<{ upsert?: boolean }>;

export type UpdateResult = Readonly<{ matchedCount: number; modifiedCount: number; upsertedId?: string }>;
export type DeleteResult = Readonly<{ deletedCount: number }>;

export type WriteOperation =
  | { insertOne: { document: Document } }
  | { updateOne: { filter: Filter; update: Update; upsert?: boolean } }
  | { updateMany: { filter: Filter; update: Update; upsert?: boolean } }
  | { replaceOne: { filter: Filter; replacement: Document; upsert?: boolean } }
  | { deleteOne: { filter: Filter } }
  | { deleteMany: { filter: Filter } };

export type BulkWriteResult = Readonly<{
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  deletedCount: number;
  upsertedCount: number;
}>;

export type IndexSpec = Readonly<{ keys: Record<string, 1 | -1>; unique?: boolean; name?: string }>;

export interface ReadCollection<T extends Document = Document> {
  readonly name: string;
  findOne(filter: Filter, options?: FindOptions): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  countDocuments(filter?: Filter): Promise<number>;
  insertOne(document: T): Promise<void>;
  insertMany(documents: T[]): Promise<void>;
  updateOne(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  replaceOne(filter: Filter, replacement: T, options?: UpdateOptions): Promise<UpdateResult>;
  /** Atomically applies an update and returns the document after it (or null). */
  findOneAndUpdate(filter: Filter, update: Update, options?: UpdateOptions): Promise<T | null>;
  deleteOne(filter: Filter): Promise<DeleteResult>;
  deleteMany(filter: Filter): Promise<DeleteResult>;
  /** Ordered bulk write; stops at the first error (MongoDB ordered semantics). */
  bulkWrite(operations: WriteOperation[]): Promise<BulkWriteResult>;
  aggregate<R = Record<string, unknown>>(pipeline: Record<string, unknown>[]): Promise<R[]>;
  createIndex(spec: IndexSpec): Promise<string>;
  listIndexes(): Promise<IndexSpec[]>;
  drop(): Promise<void>;
}

/**
 * A unit of work over several collections. In the embedded adapter it is one SQLite
 * transaction; in MongoDB a session transaction (replica set required). The projection runner
 * writes a batch's read-model updates and its checkpoint through one of these.
 */
export interface ReadStoreTransaction {
  collection<T extends Document = Document>(name: string): ReadCollection<T>;
}

export interface ReadStore {
  collection<T extends Document = Document>(name: string): ReadCollection<T>;
  /** Runs `work` atomically: either every write inside it is visible afterwards, or none is. */
  withTransaction<R>(work: (tx: ReadStoreTransaction) => Promise<R>): Promise<R>;
  listCollections(): Promise<string[]>;
  /** Throws ReadStoreUnavailableError when the backing server cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class ReadStoreError extends Error {
  constructor(readonly code: string, message: string, readonly status: number, readonly retriable: boolean) {
    super(message);
    this.name = new.target.name;
  }
}

/** A unique index was violated (MongoDB error 11000). */
export class DuplicateKeyError extends ReadStoreError {
  constructor(message: string) {
    super('DUPLICATE_KEY', message, 409, false);
  }
}

export class ReadStoreUnavailableError extends ReadStoreError {
  constructor(message: string, override readonly cause?: unknown) {
    super('READ_STORE_UNAVAILABLE', message, 503, true);
  }
}
