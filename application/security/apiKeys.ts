import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Document, ReadStore } from '../../infrastructure/readstore/readStore.js';
import { isPrincipalRole, type PrincipalRole } from './roles.js';

/**
 * API keys: `oms_<keyId>_<secret>` with a 12-character key id (public, shown by `oms keys list`,
 * recorded in the access log) and a 256-bit random secret. Only a SHA-256 hash of the whole key is
 * stored (collection `api_keys` in the read store, shared by every instance). A slow hash (scrypt)
 * buys nothing for 256-bit random secrets and would cost milliseconds on every request.
 */

export const API_KEYS_COLLECTION = 'api_keys';
const KEY_SHAPE = /^oms_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
/** Roles a key can carry: customers authenticate with tracking tokens, not keys. */
export const KEY_ROLES: readonly PrincipalRole[] = ['store', 'agent', 'operator', 'auditor', 'admin'];
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const NODE_ID = /^[A-Za-z0-9._:@~-]{1,128}$/;

/** What `oms keys list` shows: everything but the hash. */
export type ApiKeyInfo = Readonly<{
  keyId: string;
  role: PrincipalRole;
  nodes: string[];
  name: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
  revokedBy?: string;
}>;

export type ApiKeyDoc = Document & Omit<ApiKeyInfo, 'keyId'> & { hash: string };

export class ApiKeyError extends Error {
  readonly code = 'INVALID_API_KEY_REQUEST';
}

export const hashApiKey = (key: string): string => `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;

/** Constant-time comparison of two hashes (equal length by construction). */
export const sameHash = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export const parseApiKey = (key: string): Readonly<{ keyId: string }> | undefined => {
  const m = KEY_SHAPE.exec(key);
  return m ? { keyId: m[1]! } : undefined;
};

const newKeyId = (): string => [...randomBytes(12)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');

export const mintApiKey = (): Readonly<{ keyId: string; key: string }> => {
  const keyId = newKeyId();
  return { keyId, key: `oms_${keyId}_${randomBytes(32).toString('base64url')}` };
};

export function validateKeyRequest(role: string, nodes: readonly string[]): PrincipalRole {
  if (!isPrincipalRole(role) || !KEY_ROLES.includes(role)) throw new ApiKeyError(`role must be one of ${KEY_ROLES.join(', ')}`);
  if (role === 'store' && nodes.length === 0) throw new ApiKeyError('a store key needs at least one node');
  if (role !== 'store' && nodes.length > 0) throw new ApiKeyError('only store keys are scoped to nodes');
  const bad = nodes.find((n) => !NODE_ID.test(n));
  if (bad !== undefined) throw new ApiKeyError(`invalid node id "${bad}"`);
  return role;
}

export const toInfo = (doc: ApiKeyDoc): ApiKeyInfo => ({
  keyId: doc._id, role: doc.role, nodes: doc.nodes, name: doc.name, createdAt: doc.createdAt, createdBy: doc.createdBy,
  ...(doc.revokedAt !== undefined ? { revokedAt: doc.revokedAt } : {}),
  ...(doc.revokedBy !== undefined ? { revokedBy: doc.revokedBy } : {}),
});

export type CreateKeyRequest = Readonly<{ role: string; nodes?: readonly string[]; name?: string; createdBy: string }>;

export type ApiKeyRepository = Readonly<{
  create: (req: CreateKeyRequest) => Promise<Readonly<{ key: string; info: ApiKeyInfo }>>;
  list: (options?: Readonly<{ includeRevoked?: boolean }>) => Promise<ApiKeyInfo[]>;
  /** Returns false when the key does not exist or was already revoked. */
  revoke: (keyId: string, by: string) => Promise<boolean>;
  /** The active key document a presented key belongs to, or undefined. */
  verify: (key: string) => Promise<ApiKeyDoc | undefined>;
  count: () => Promise<number>;
}>;

export type ApiKeyRepositoryOptions = Readonly<{ clock?: () => Date; cacheMs?: number }>;

/**
 * Stored keys with a short in-process cache (default 5 s): a revocation made by this process is
 * effective at once, one made elsewhere (the CLI, another instance) within `cacheMs`.
 */
export function createApiKeyRepository(readStore: ReadStore, options: ApiKeyRepositoryOptions = {}): ApiKeyRepository {
  const clock = options.clock ?? (() => new Date());
  const cacheMs = options.cacheMs ?? 5000;
  const keys = () => readStore.collection<ApiKeyDoc>(API_KEYS_COLLECTION);
  const cache = new Map<string, { doc: ApiKeyDoc | null; at: number }>();

  const lookup = async (keyId: string): Promise<ApiKeyDoc | null> => {
    const hit = cache.get(keyId);
    if (hit && Date.now() - hit.at < cacheMs) return hit.doc;
    const doc = await keys().findOne({ _id: keyId });
    if (cache.size > 10_000) cache.clear();
    cache.set(keyId, { doc, at: Date.now() });
    return doc;
  };

  return {
    create: async (req) => {
      const nodes = [...new Set(req.nodes ?? [])].sort();
      const role = validateKeyRequest(req.role, nodes);
      const { keyId, key } = mintApiKey();
      const doc: ApiKeyDoc = { _id: keyId, role, nodes, name: (req.name ?? '').slice(0, 200), hash: hashApiKey(key), createdAt: clock().toISOString(), createdBy: req.createdBy };
      await keys().insertOne(doc);
      return { key, info: toInfo(doc) };
    },
    list: async (opts = {}) => {
      const docs = await keys().find(opts.includeRevoked ? {} : { revokedAt: { $exists: false } }, { sort: { createdAt: 1, _id: 1 } });
      return docs.map(toInfo);
    },
    revoke: async (keyId, by) => {
      const result = await keys().updateOne({ _id: keyId, revokedAt: { $exists: false } }, { $set: { revokedAt: clock().toISOString(), revokedBy: by } });
      cache.delete(keyId);
      return result.modifiedCount === 1;
    },
    verify: async (key) => {
      const parsed = parseApiKey(key);
      if (!parsed) return undefined;
      const doc = await lookup(parsed.keyId);
      if (!doc || doc.revokedAt !== undefined) return undefined;
      return sameHash(doc.hash, hashApiKey(key)) ? doc : undefined;
    },
    count: () => keys().countDocuments({}),
  };
}

/** A key from OMS_API_KEYS: held in memory only, as a hash. */
export type EnvApiKey = Readonly<{ id: string; role: PrincipalRole; nodes: readonly string[]; hash: string }>;

/**
 * `OMS_API_KEYS=admin:<key>,operator:<key>,store@berlin-1+berlin-2:<key>`. Keys must be at least
 * 32 characters (generate them with `oms keys generate` or `openssl rand -base64 32`).
 */
export function parseEnvApiKeys(text: string | undefined): EnvApiKey[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((entry, i) => {
    const sep = entry.indexOf(':');
    if (sep <= 0) throw new ApiKeyError(`OMS_API_KEYS entry ${i + 1} must be role:key`);
    const [role, nodeList] = entry.slice(0, sep).trim().split('@') as [string, string | undefined];
    const key = entry.slice(sep + 1).trim();
    if (key.length < 32) throw new ApiKeyError(`OMS_API_KEYS entry ${i + 1}: the key must be at least 32 characters`);
    const nodes = nodeList ? nodeList.split('+').filter((n) => n !== '') : [];
    const hash = hashApiKey(key);
    return { id: `env-${hash.slice(7, 19)}`, role: validateKeyRequest(role, nodes), nodes, hash };
  });
}
