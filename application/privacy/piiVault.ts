import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import type { KeyStore } from '../../infrastructure/secrets/keyStore.js';

/**
 * Personal data (names, addresses, e-mail addresses, phone numbers) never enters the event log in
 * clear. It is sealed with the customer's own data key (AES-256-GCM; keys in the key store, outside
 * the event log) and events carry the sealed blob. `forgetCustomer` deletes the key
 * (crypto-shredding): every copy of the blob — in events, read models, exports and backups —
 * becomes unreadable, while the events themselves, and so the order history, stay intact and
 * replayable.
 *
 * Read models should store the sealed blob and open it when serving (`openPii`). A read model that
 * caches opened data must keep it under a top-level `pii` member and mark the document with
 * `piiSubject: <customerId>`; `forgetCustomer` overwrites those members in every collection.
 */

export type SealedPii = Readonly<{ v: 1; alg: 'A256GCM'; keyId: string; iv: string; ciphertext: string; tag: string }>;

export type Forgotten = Readonly<{ forgotten: true }>;
export const FORGOTTEN: Forgotten = Object.freeze({ forgotten: true });
/** What read models and responses show in place of erased personal data. */
export const FORGOTTEN_TEXT = '[forgotten]';

export type PiiObject = Readonly<Record<string, unknown>>;

export type ForgetReport = Readonly<{
  customerId: string;
  /** Data keys destroyed (0 when the customer had none or was already forgotten). */
  keysDestroyed: number;
  /** Read-model documents whose cached personal data was overwritten, by collection. */
  readModelDocuments: Readonly<Record<string, number>>;
  /** Other cached copies removed (stored idempotent responses, ...). */
  cachedCopies: number;
}>;

export type PiiVault = Readonly<{
  sealPii: (customerId: string, value: PiiObject) => Promise<SealedPii>;
  openPii: <T extends PiiObject = PiiObject>(sealed: SealedPii) => Promise<T | Forgotten>;
  forgetCustomer: (customerId: string) => Promise<ForgetReport>;
}>;

export type PiiVaultDeps = Readonly<{
  keyStore: KeyStore;
  readStore: ReadStore;
  /** Collections never scanned for cached personal data (key material, logs). */
  skipCollections?: readonly string[];
  /** Further purges (e.g. stored idempotent responses of the customer); each returns a count. */
  purgeCopies?: ReadonlyArray<(customerId: string) => Promise<number>>;
}>;

const aadFor = (keyId: string): Buffer => Buffer.from(`oms-pii:v1:${keyId}`, 'utf8');

export const isSealedPii = (value: unknown): value is SealedPii => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.v === 1 && v.alg === 'A256GCM' && typeof v.keyId === 'string' && typeof v.iv === 'string' && typeof v.ciphertext === 'string' && typeof v.tag === 'string';
};

export const isForgotten = (value: unknown): value is Forgotten =>
  typeof value === 'object' && value !== null && (value as Record<string, unknown>).forgotten === true;

export function createPiiVault(deps: PiiVaultDeps): PiiVault {
  const skip = new Set(deps.skipCollections ?? []);
  return {
    sealPii: async (customerId, value) => {
      if (customerId === '') throw new Error('sealPii needs a customer id');
      const { keyId, key } = await deps.keyStore.dataKey(customerId);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aadFor(keyId));
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return { v: 1, alg: 'A256GCM', keyId, iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
    },

    openPii: async <T extends PiiObject>(sealed: SealedPii): Promise<T | Forgotten> => {
      if (!isSealedPii(sealed)) throw new Error('openPii: not a sealed personal-data blob');
      const key = await deps.keyStore.dataKeyById(sealed.keyId);
      if (!key) return FORGOTTEN;
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(aadFor(sealed.keyId));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as T;
    },

    forgetCustomer: async (customerId) => {
      const keysDestroyed = await deps.keyStore.destroySubject(customerId);
      const readModelDocuments: Record<string, number> = {};
      for (const name of await deps.readStore.listCollections()) {
        if (skip.has(name)) continue;
        const result = await deps.readStore.collection(name).updateMany({ piiSubject: customerId }, { $set: { pii: FORGOTTEN } });
        if (result.matchedCount > 0) readModelDocuments[name] = result.matchedCount;
      }
      let cachedCopies = 0;
      for (const purge of deps.purgeCopies ?? []) cachedCopies += await purge(customerId);
      return { customerId, keysDestroyed, readModelDocuments, cachedCopies };
    },
  };
}
