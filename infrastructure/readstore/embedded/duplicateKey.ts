import { DuplicateKeyError } from '../readStore.js';
import type { CollectionInfo } from './catalog.js';
import { TABLE_PREFIX } from './sqlPaths.js';

const valueAt = (doc: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, part) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined), doc);

/**
 * Turns SQLite's UNIQUE/PRIMARY KEY failures into MongoDB's E11000 shape, naming the index and the
 * duplicated key so logs read the same with either adapter. Any other error is returned unchanged.
 */
export const mapConstraintError = (error: unknown, collection: CollectionInfo, doc?: Record<string, unknown>): unknown => {
  const code = (error as { code?: unknown } | null)?.code;
  const prefix = `E11000 duplicate key error collection: ${collection.name} index:`;
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new DuplicateKeyError(`${prefix} _id_ dup key: { _id: ${JSON.stringify(doc?._id)} }`);
  }
  if (code !== 'SQLITE_CONSTRAINT_UNIQUE') return error;
  const sqlName = /index '([^']*)'/.exec((error as Error).message)?.[1] ?? '';
  const indexName = sqlName.startsWith(`${TABLE_PREFIX}${collection.name}$`) ? sqlName.slice(TABLE_PREFIX.length + collection.name.length + 1) : sqlName;
  const index = collection.indexes.find((i) => i.name === indexName);
  if (!index || !doc) return new DuplicateKeyError(`${prefix} ${indexName} dup key`);
  const key = index.keys.map(([path]) => `${path}: ${JSON.stringify(valueAt(doc, path) ?? null)}`).join(', ');
  return new DuplicateKeyError(`${prefix} ${indexName} dup key: { ${key} }`);
};
