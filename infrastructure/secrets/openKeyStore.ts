import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SecurityConfig } from '../config/securityConfig.js';
import type { ReadStore } from '../readstore/readStore.js';
import { loadOrCreateMasterKeyFile, MasterKeyError, parseMasterKey } from './envelope.js';
import { createKeyStore, type KeyStore } from './keyStore.js';
import { readStoreKeyRows } from './readStoreKeyRows.js';
import { sqliteKeyRows } from './sqliteKeyRows.js';

export const KEYS_FILE = 'keys.db';
export const MASTER_KEY_FILE = 'master.key';

export type KeyStoreSetup = Readonly<{ dataDir: string; security: SecurityConfig; readStore: ReadStore }>;

/**
 * The embedded default keeps wrapped keys in `<dataDir>/keys.db` and, unless OMS_MASTER_KEY is
 * set, the master key in `<dataDir>/master.key` (0600, generated on first use). Shared
 * deployments keep wrapped keys in the read store and must supply OMS_MASTER_KEY: a per-instance
 * generated master key could not open the other instances' keys. The master key is resolved
 * lazily, so an instance that never touches a secret starts without one.
 */
export function openKeyStore(setup: KeyStoreSetup): KeyStore {
  const { security, dataDir } = setup;
  const fromEnv = security.masterKey;
  if (security.keyStore === 'readstore') {
    return createKeyStore(readStoreKeyRows(setup.readStore), {
      masterKey: () => {
        if (!fromEnv) throw new MasterKeyError('OMS_MASTER_KEY must be set when keys are kept in the shared read store (OMS_KEY_STORE=readstore)');
        return parseMasterKey(fromEnv);
      },
    });
  }
  mkdirSync(dataDir, { recursive: true });
  return createKeyStore(sqliteKeyRows(join(dataDir, KEYS_FILE)), {
    masterKey: () => (fromEnv ? parseMasterKey(fromEnv) : loadOrCreateMasterKeyFile(join(dataDir, MASTER_KEY_FILE))),
  });
}
