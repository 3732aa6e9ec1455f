import { existsSync } from 'node:fs';
import type { OmsConfig } from '../../infrastructure/config/config.js';
import { embeddedDatabasePath, openStores, type Stores } from '../bootstrap/openStores.js';

/**
 * The stores of an OMS that already exists, for commands that only read, verify or report.
 * Opening the embedded store creates it, so a mistyped `OMS_DATA_DIR` would make `oms reconcile`
 * report "0 mismatches" (or `verify` "no drift") on an empty store it just made: refused instead,
 * naming the path, before anything is created. With EVENTSTORE_URL set the server holds the log.
 */
export const openExistingStores = async (config: OmsConfig, what: string): Promise<Stores> => {
  const path = embeddedDatabasePath(config);
  if (!config.eventStoreUrl && !existsSync(path)) {
    throw new Error(`no OMS store at ${path} (OMS_DATA_DIR=${config.dataDir}): nothing to ${what}; run \`oms serve\` or an import first`);
  }
  return openStores(config);
};
