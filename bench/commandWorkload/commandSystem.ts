import { inventoryDecider, type InventoryCommand } from '../../domain/inventory/index.js';
import { orderDecider, type OrderCommand } from '../../domain/order/index.js';
import { createCommandHandler, type CommandHandler } from '../../application/commandHandler.js';
import { createKeyedMutex } from '../../application/keyedMutex.js';
import { openSqliteEventStore } from '../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { StreamNotFoundError } from '../../infrastructure/eventstore/errors.js';
import type { EmmettApi } from './emmettApi.js';

/** One system under test: runs a command of either aggregate against its stream. */
export type CommandSystem = Readonly<{
  name: string;
  /** Resolves with the number of events the command appended. */
  inventory: (stream: string, command: InventoryCommand) => Promise<number>;
  order: (stream: string, command: OrderCommand) => Promise<number>;
  /** Forget cached aggregate state (after setup), so timed commands start from the store. */
  forgetCache: () => void;
  /** Counters that explain a figure (e.g. group-commit transactions), read before and after a run. */
  counters: () => Readonly<Record<string, number>>;
  /** Events actually stored in these streams (read back after a run: acknowledged ⇒ stored?). */
  storedEvents: (streams: readonly string[]) => Promise<number>;
  close: () => Promise<void>;
}>;

/** Ours: application/commandHandler.ts on the SQLite event store, file database, synchronous=FULL. */
export const openOurs = (path: string): CommandSystem => {
  const store = openSqliteEventStore({ path, synchronous: 'FULL' });
  let handler: CommandHandler = createCommandHandler({ eventStore: store });
  return {
    name: 'ours',
    inventory: async (stream, command) => (await handler.handle(inventoryDecider, stream, command)).newEvents.length,
    order: async (stream, command) => (await handler.handle(orderDecider, stream, command)).newEvents.length,
    forgetCache: () => {
      handler = createCommandHandler({ eventStore: store });
    },
    counters: () => {
      const { commits, committedOps } = store.writeStats();
      return { commits, committedOps };
    },
    storedEvents: async (streams) => {
      let n = 0;
      for (const stream of streams) {
        try {
          for await (const _ of store.readStream(stream)) n++;
        } catch (error) {
          if (!(error instanceof StreamNotFoundError)) throw error;
        }
      }
      return n;
    },
    close: () => store.close(),
  };
};

/**
 * How Emmett's SQLite store is driven:
 * - `memory` / `file`: ':memory:' or a file database, commands serialised per stream (our concurrency);
 * - `memory-serial` / `file-serial`: one command at a time in the whole process.
 * ':memory:' is easier than our durable file: no file, no fsync.
 *
 * Per-stream serialisation is what our handler does internally (keyed mutex); Emmett 0.38.5 has
 * none, so it gets the same mutex. It needs it: on a version conflict its SQLite append returns
 * "conflict" inside a transaction that still commits the stream-position bump, after which every
 * append to that stream fails (verified here with two concurrent appends at one expected version).
 *
 * Emmett 0.38.5 also shares one sqlite3 connection between concurrent operations (and, for a
 * file, opens and closes it per operation), which fails commands with SQLITE_BUSY "SQL statements
 * in progress" / "no transaction is active" / "Database is closed". A command failing with
 * SQLITE_BUSY was rolled back, so it is retried (up to RETRIES times, counted).
 */
const RETRIES = 3;

export type EmmettMode = 'memory' | 'file' | 'memory-serial' | 'file-serial';

export const openEmmett = (emmett: EmmettApi, mode: EmmettMode, path: string): CommandSystem => {
  const store = emmett.getSQLiteEventStore({ fileName: mode.startsWith('memory') ? ':memory:' : path });
  const inventory = emmett.DeciderCommandHandler(inventoryDecider);
  const order = emmett.DeciderCommandHandler(orderDecider);
  const mutex = createKeyedMutex();
  const lockKey = (stream: string) => (mode.endsWith('-serial') ? '*' : stream);
  let retries = 0;
  const withRetries = async (work: () => Promise<number>): Promise<number> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || attempt >= RETRIES) throw error;
        retries++;
      }
    }
  };
  return {
    name: `emmett-${mode}`,
    inventory: (stream, command) => mutex.run(lockKey(stream), () => withRetries(async () => (await inventory(store, stream, command)).newEvents.length)),
    order: (stream, command) => mutex.run(lockKey(stream), () => withRetries(async () => (await order(store, stream, command)).newEvents.length)),
    // Emmett re-reads and folds the stream for every command: there is no cache to forget.
    forgetCache: () => undefined,
    counters: () => ({ retries }),
    storedEvents: async (streams) => {
      let n = 0;
      for (const stream of streams) n += await mutex.run(lockKey(stream), () => withRetries(async () => (await store.readStream(stream)).events.length));
      return n;
    },
    // Emmett 0.38.5's SQLite store has no close(): a file connection is opened and closed per
    // operation, a ':memory:' one lives until garbage-collected.
    close: async () => undefined,
  };
};
