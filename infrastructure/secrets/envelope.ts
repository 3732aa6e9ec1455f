import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Envelope encryption: data keys and named secrets are stored wrapped (AES-256-GCM) under a
 * master key (the key-encryption key, KEK) that never touches a database. The KEK comes from
 * `OMS_MASTER_KEY` (production: injected from a secret manager or derived from a KMS call, see
 * docs/security.md) or, on the embedded default, from a generated `master.key` file (mode 0600).
 */

export const KEY_BYTES = 32;
const IV_BYTES = 12;

export class MasterKeyError extends Error {
  readonly code = 'MASTER_KEY_UNAVAILABLE';
}

/** Short public fingerprint of a key (which KEK wrapped a row), never the key itself. */
export const keyFingerprint = (key: Buffer): string => createHash('sha256').update('oms-kek-id:').update(key).digest('hex').slice(0, 16);

/** Accepts 32 bytes as base64/base64url (43-44 chars) or hex (64 chars). */
export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) throw new MasterKeyError('the master key must be 32 bytes, given as 64 hex digits or base64');
  return key;
}

export const generateKey = (): Buffer => randomBytes(KEY_BYTES);

/** Reads the master key file, creating it (0600) with a fresh key when it does not exist. */
export function loadOrCreateMasterKeyFile(path: string): Buffer {
  if (!existsSync(path)) {
    // 'wx': fail rather than overwrite if another process created it meanwhile.
    try {
      writeFileSync(path, `${generateKey().toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(path, 0o600);
  return parseMasterKey(readFileSync(path, 'utf8'));
}

export type Wrapped = Readonly<{ iv: string; tag: string; ciphertext: string }>;

/** AES-256-GCM with additional authenticated data binding the ciphertext to its row id. */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Wrapped {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

/** Throws when the key, the AAD or any byte of the ciphertext is wrong (GCM authentication). */
export function open(key: Buffer, wrapped: Wrapped, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(wrapped.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(wrapped.ciphertext, 'base64')), decipher.final()]);
}
