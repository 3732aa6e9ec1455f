import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../../../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore } from '../../../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { ReadStore } from '../../../../../infrastructure/readstore/readStore.js';

export type SharedStores = Readonly<{ eventStore: EventStore; readStore: ReadStore; path: string; close: () => Promise<void> }>;

/**
 * The embedded default: event store and read store in ONE SQLite file, as `npm start` runs them —
 * so a process that held a read-store transaction across event-store work would deadlock here.
 */
export const openSharedStores = async (dir: string): Promise<SharedStores> => {
  const path = join(dir, 'oms.db');
  const eventStore = openSqliteEventStore({ path, synchronous: 'NORMAL', pollIntervalMs: 20 });
  const readStore = await openEmbeddedReadStore({ path, synchronous: 'NORMAL' });
  return {
    eventStore,
    readStore,
    path,
    close: async () => {
      await eventStore.close();
      await readStore.close();
    },
  };
};

export const tempDir = (): { dir: string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'oms-processes-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

export const until = async (condition: () => Promise<boolean> | boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
