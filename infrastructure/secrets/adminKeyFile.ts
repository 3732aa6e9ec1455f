import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN_KEY_FILE = 'admin.key';

export const adminKeyPath = (dataDir: string): string => join(dataDir, ADMIN_KEY_FILE);

/** Writes the bootstrap admin key for the quick start (`curl -H "Authorization: Bearer $(cat .data/admin.key)"`), readable by the owner only. */
export function writeAdminKeyFile(dataDir: string, key: string): string {
  const path = adminKeyPath(dataDir);
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

export function readAdminKeyFile(dataDir: string): string | undefined {
  const path = adminKeyPath(dataDir);
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}
