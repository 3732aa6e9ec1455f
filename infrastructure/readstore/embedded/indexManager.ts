import { DuplicateKeyError, ReadStoreError, type IndexSpec } from '../readStore.js';
import type { CollectionInfo, IndexKey } from './catalog.js';
import type { Engine } from './engine.js';
import { arrayGuard, indexSqlName, keyExpr, quoteIdent, splitPath, typeExpr, type PathShape } from './sqlPaths.js';

/**
 * MongoDB indexes as SQLite expression indexes over `ifnull(json_extract(doc, path), -Inf)` — the
 * same expression the query push-down emits, so the planner uses them. A unique index therefore
 * treats null and missing as one key, like MongoDB's.
 */
const ID_INDEX = '_id_';

const invalidIndex = (message: string): ReadStoreError => new ReadStoreError('INVALID_INDEX', message, 400, false);
const conflict = (message: string): ReadStoreError => new ReadStoreError('INDEX_CONFLICT', message, 409, false);

export const defaultIndexName = (keys: readonly IndexKey[]): string => keys.map(([path, dir]) => `${path}_${dir}`).join('_');

const sameKeys = (a: readonly IndexKey[], b: readonly IndexKey[]): boolean =>
  a.length === b.length && a.every(([path, dir], i) => b[i]?.[0] === path && b[i]?.[1] === dir);

const exists = (engine: Engine, info: CollectionInfo, where: string): boolean =>
  engine.db.prepare(`SELECT 1 FROM ${info.table} WHERE ${where} LIMIT 1`).get() !== undefined;

/** The worst shape already present in the data, so the flags are right from the first query on. */
const initialShape = (engine: Engine, info: CollectionInfo, parts: string[]): PathShape => {
  if (exists(engine, info, arrayGuard(parts))) return 'multikey';
  if (exists(engine, info, `${typeExpr(parts)} IN ('true','false','object')`)) return 'nonScalar';
  return 'scalar';
};

export const createIndex = (engine: Engine, name: string, spec: IndexSpec): string => {
  const keys = Object.entries(spec?.keys ?? {}) as [string, unknown][];
  if (keys.length === 0) throw invalidIndex('an index needs at least one key');
  for (const [path, dir] of keys) {
    if (dir !== 1 && dir !== -1) throw invalidIndex(`index direction for '${path}' must be 1 or -1`);
  }
  const typedKeys = keys as IndexKey[];
  const info = engine.catalog.ensure(name);
  if (typedKeys.length === 1 && typedKeys[0]?.[0] === '_id') return ID_INDEX;
  const indexName = spec.name ?? defaultIndexName(typedKeys);
  const unique = spec.unique === true;
  if (indexName === ID_INDEX) throw conflict(`index name ${ID_INDEX} is reserved`);
  const byName = info.indexes.find((i) => i.name === indexName);
  if (byName) {
    if (sameKeys(byName.keys, typedKeys) && byName.unique === unique) return indexName;
    throw conflict(`An existing index has the same name as the requested index but different keys or options: ${indexName}`);
  }
  const byKeys = info.indexes.find((i) => sameKeys(i.keys, typedKeys));
  if (byKeys) throw conflict(`Index already exists with a different name: ${byKeys.name}`);

  const columns: string[] = [];
  const shapes: Record<string, PathShape> = {};
  for (const [path, dir] of typedKeys) {
    const parts = splitPath(path);
    if (!parts) throw invalidIndex(`cannot index the path ${JSON.stringify(path)}`);
    columns.push(`${keyExpr(parts)}${dir === -1 ? ' DESC' : ''}`);
    shapes[path] = initialShape(engine, info, parts);
  }
  const sql = `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(indexSqlName(name, indexName))} ON ${info.table} (${columns.join(', ')})`;
  try {
    engine.db.exec(sql);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    throw new DuplicateKeyError(`E11000 duplicate key error collection: ${name} index: ${indexName} (existing documents share a key)`);
  }
  engine.catalog.addIndex(info, { name: indexName, keys: typedKeys, unique, shapes });
  return indexName;
};

export const listIndexes = (engine: Engine, name: string): IndexSpec[] => {
  const info = engine.catalog.get(name);
  if (!info) return [];
  return [
    { keys: { _id: 1 }, name: ID_INDEX, unique: true },
    ...info.indexes.map((i) => ({ keys: Object.fromEntries(i.keys) as Record<string, 1 | -1>, name: i.name, unique: i.unique })),
  ];
};
