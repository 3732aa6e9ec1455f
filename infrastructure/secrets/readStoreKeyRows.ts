import { DuplicateKeyError, type Document, type ReadStore } from '../readstore/readStore.js';
import type { KeyKind, KeyRow, KeyRows } from './keyStore.js';

/**
 * Key rows in a read-store collection, for deployments where several instances must share the
 * keys (MongoDB). Rows are wrapped under the master key, so the database alone reveals nothing;
 * deleting a row is the crypto-shredding step (backups keep wrapped copies until they expire:
 * see docs/security.md on backup retention).
 */
export const KEYS_COLLECTION = 'security_keys';

type KeyDoc = Document & Omit<KeyRow, 'keyId'>;

const toRow = ({ _id, ...rest }: KeyDoc): KeyRow => ({ keyId: _id, ...rest });
const toDoc = ({ keyId, ...rest }: KeyRow): KeyDoc => ({ _id: keyId, ...rest });

export function readStoreKeyRows(readStore: ReadStore, collectionName = KEYS_COLLECTION): KeyRows {
  const keys = () => readStore.collection<KeyDoc>(collectionName);
  let indexed: Promise<unknown> | undefined;
  const ready = async () => {
    indexed ??= keys().createIndex({ keys: { kind: 1, subject: 1 }, unique: true, name: 'kind_subject' }).catch((error: unknown) => {
      indexed = undefined;
      throw error;
    });
    await indexed;
    return keys();
  };
  const bySubject = async (kind: KeyKind, subject: string) => {
    const doc = await (await ready()).findOne({ kind, subject });
    return doc ? toRow(doc) : undefined;
  };
  return {
    byId: async (keyId) => {
      const doc = await (await ready()).findOne({ _id: keyId });
      return doc ? toRow(doc) : undefined;
    },
    bySubject,
    insertIfAbsent: async (row) => {
      try {
        await (await ready()).insertOne(toDoc(row));
        return row;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        const winner = await bySubject(row.kind, row.subject);
        if (!winner) throw error;
        return winner;
      }
    },
    deleteSubject: async (kind, subject) => (await (await ready()).deleteMany({ kind, subject })).deletedCount,
    rewrapAll: async (rewrap) => {
      await ready();
      return readStore.withTransaction(async (tx) => {
        const col = tx.collection<KeyDoc>(collectionName);
        const docs = await col.find({});
        for (const doc of docs) await col.replaceOne({ _id: doc._id }, toDoc(rewrap(toRow(doc))));
        return docs.length;
      });
    },
    count: async () => (await ready()).countDocuments({}),
    close: async () => undefined,
  };
}
