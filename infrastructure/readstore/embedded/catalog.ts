import type { Database } from 'better-sqlite3';
import { ReadStoreError } from '../readStore.js';
import { CATALOG_TABLE, TABLE_PREFIX, pathShape, quoteIdent, splitPath, tableName, type PathShape } from './sqlPaths.js';

export type IndexKey = readonly [path: string, direction: 1 | -1];

export type IndexInfo = {
  readonly name: string;
  readonly keys: readonly IndexKey[];
  readonly unique: boolean;
  /** Worst shape seen per key path since the index was created (only ever gets worse). */
  readonly shapes: Record<string, PathShape>;
};

export type CollectionInfo = { readonly name: string; readonly table: string; readonly indexes: IndexInfo[] };

const RANK: Record<PathShape, number> = { scalar: 0, nonScalar: 1, multikey: 2 };

export const validateCollectionName = (name: string): void => {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200 || name.includes('$') || name.includes('\u0000') || name.startsWith('system.')) {
    throw new ReadStoreError('INVALID_COLLECTION_NAME', `invalid collection name: ${JSON.stringify(name)}`, 400, false);
  }
};

/**
 * Which collections (tables) and indexes exist, and for each indexed path whether it has ever held
 * an array (multikey) or a boolean/object. Those flags decide which predicates and sorts may run in
 * SQL exactly; they are persisted next to the data and written in the same transaction.
 *
 * The catalog is cached in memory and reloaded when another connection (another process, or the
 * event store's connection on the same file) has committed since we last looked (`data_version`).
 */
export type Catalog = ReturnType<typeof createCatalog>;

export const createCatalog = (db: Database) => {
  db.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdent(CATALOG_TABLE)} (
    collection TEXT NOT NULL, name TEXT NOT NULL, seq INTEGER NOT NULL, keys TEXT NOT NULL,
    is_unique INTEGER NOT NULL, shapes TEXT NOT NULL, PRIMARY KEY (collection, name))`);
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const listTables = db.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND substr(name,1,3)='${TABLE_PREFIX}'`).pluck();
  const listIndexRows = db.prepare(`SELECT collection, name, keys, is_unique, shapes FROM ${quoteIdent(CATALOG_TABLE)} ORDER BY seq`);
  const writeShapes = db.prepare(`UPDATE ${quoteIdent(CATALOG_TABLE)} SET shapes=? WHERE collection=? AND name=?`);
  const insertIndexRow = db.prepare(
    `INSERT INTO ${quoteIdent(CATALOG_TABLE)} (collection, name, seq, keys, is_unique, shapes)
     VALUES (?, ?, (SELECT ifnull(max(seq),0)+1 FROM ${quoteIdent(CATALOG_TABLE)}), ?, ?, ?)`,
  );
  const deleteIndexRows = db.prepare(`DELETE FROM ${quoteIdent(CATALOG_TABLE)} WHERE collection=?`);

  let collections = new Map<string, CollectionInfo>();
  let seenVersion = -1;

  const load = () => {
    const next = new Map<string, CollectionInfo>();
    for (const table of listTables.all() as string[]) {
      if (table === CATALOG_TABLE) continue;
      const name = table.slice(TABLE_PREFIX.length);
      next.set(name, { name, table: tableName(name), indexes: [] });
    }
    for (const row of listIndexRows.all() as { collection: string; name: string; keys: string; is_unique: number; shapes: string }[]) {
      next.get(row.collection)?.indexes.push({
        name: row.name,
        keys: JSON.parse(row.keys) as IndexKey[],
        unique: row.is_unique === 1,
        shapes: JSON.parse(row.shapes) as Record<string, PathShape>,
      });
    }
    collections = next;
  };

  const refreshIfChanged = () => {
    const version = dataVersion.get() as number;
    if (version !== seenVersion) {
      load();
      seenVersion = version;
    }
  };

  load();
  seenVersion = dataVersion.get() as number;

  return {
    refreshIfChanged,
    reload: load,
    get: (name: string): CollectionInfo | undefined => collections.get(name),
    names: (): string[] => [...collections.keys()].sort(),

    ensure(name: string): CollectionInfo {
      const existing = collections.get(name);
      if (existing) return existing;
      validateCollectionName(name);
      const info: CollectionInfo = { name, table: tableName(name), indexes: [] };
      db.exec(`CREATE TABLE IF NOT EXISTS ${info.table} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      collections.set(name, info);
      return info;
    },

    drop(name: string): void {
      db.exec(`DROP TABLE IF EXISTS ${tableName(name)}`);
      deleteIndexRows.run(name);
      collections.delete(name);
    },

    addIndex(collection: CollectionInfo, index: IndexInfo): void {
      insertIndexRow.run(collection.name, index.name, JSON.stringify(index.keys), index.unique ? 1 : 0, JSON.stringify(index.shapes));
      collection.indexes.push(index);
    },

    /** The worst shape any index has recorded for `path`, or undefined when no index covers it. */
    shapeOf(collection: CollectionInfo | undefined, path: string): PathShape | undefined {
      let worst: PathShape | undefined;
      for (const index of collection?.indexes ?? []) {
        const shape = index.shapes[path];
        if (shape !== undefined && (worst === undefined || RANK[shape] > RANK[worst])) worst = shape;
      }
      return worst;
    },

    /** Called for every document written: records the first array/boolean/object seen at an indexed path. */
    noteDocument(collection: CollectionInfo, doc: unknown): void {
      for (const index of collection.indexes) {
        let changed = false;
        for (const [path, current] of Object.entries(index.shapes)) {
          if (current === 'multikey') continue;
          const parts = splitPath(path);
          const shape = parts ? pathShape(doc, parts) : 'multikey';
          if (RANK[shape] > RANK[current]) {
            index.shapes[path] = shape;
            changed = true;
          }
        }
        if (changed) writeShapes.run(JSON.stringify(index.shapes), collection.name, index.name);
      }
    },
  };
};
