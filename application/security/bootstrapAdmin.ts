import { DuplicateKeyError, type Document, type ReadStore } from '../../infrastructure/readstore/readStore.js';
import type { ApiKeyRepository } from './apiKeys.js';

/**
 * First start of an installation without OMS_API_KEYS: one admin key is created so the operator
 * can log in at all. The claim is a unique insert, so of several instances starting together only
 * one creates it, and it happens once per installation — revoking every key later does not bring
 * a new bootstrap key back on restart.
 */

export const SECURITY_STATE_COLLECTION = 'security_state';
const BOOTSTRAP_ID = 'bootstrap-admin';

export type BootstrapResult = Readonly<{ created: false }> | Readonly<{ created: true; key: string; keyId: string }>;

export async function ensureBootstrapAdmin(readStore: ReadStore, apiKeys: ApiKeyRepository, at: string): Promise<BootstrapResult> {
  if ((await apiKeys.count()) > 0) return { created: false };
  try {
    await readStore.collection<Document & { at: string }>(SECURITY_STATE_COLLECTION).insertOne({ _id: BOOTSTRAP_ID, at });
  } catch (error) {
    if (error instanceof DuplicateKeyError) return { created: false };
    throw error;
  }
  const { key, info } = await apiKeys.create({ role: 'admin', name: 'bootstrap admin key', createdBy: 'system:bootstrap' });
  return { created: true, key, keyId: info.keyId };
}
