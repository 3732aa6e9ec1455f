import { inventoryDecider, type InventoryCommand } from '../../domain/inventory/index.js';
import { orderDecider, type OrderCommand } from '../../domain/order/index.js';
import { createCommandHandler, type CommandHandler } from '../../application/commandHandler.js';
import { createKeyedMutex } from '../../application/keyedMutex.js';
import { openSqliteEventStore } from '../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import type { EmmettApi } from './emmettApi.js';

/** One system under test: runs a command of either aggregate against its stream. */
export type CommandSystem = Readonly<{
  name: string;
  /** Resolves with the number of events the command appended. */
  inventory: (stream: string, command: InventoryCommand) => Promise<number>;
  order: (stream: string, command: OrderCommand) => Promise<number>;
  /** Forget cached aggregate state (after setup), so timed commands start from the store. */
  forgetCache: () => void;
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
    close: () => store.close(),
  };
};

/**
 * How Emmett's SQLite store is driven:
 * - `memory`: ':memory:' (no file, no fsync: easier than our durable file), commands serialised per stream;
 * - `file`: a file database, commands serialised per stream (the same concurrency as ours);
 * - `file-serial`: a file database, one command at a time in the whole process.
 *
 * Per-stream serialisation is what our handler does internally (keyed mutex); Emmett 0.38.5 has
 * none, so we give it the same mutex: without it, concurrent commands on one stream only conflict.
 */
export type EmmettMode = 'memory' | 'file' | 'file-serial';

export const openEmmett = (emmett: EmmettApi, mode: EmmettMode, path: string): CommandSystem => {
  const store = emmett.getSQLiteEventStore({ fileName: mode === 'memory' ? ':memory:' : path });
  const inventory = emmett.DeciderCommandHandler(inventoryDecider);
  const order = emmett.DeciderCommandHandler(orderDecider);
  const mutex = createKeyedMutex();
  const lockKey = (stream: string) => (mode === 'file-serial' ? '*' : stream);
  return {
    name: `emmett-${mode}`,
    inventory: (stream, command) => mutex.run(lockKey(stream), async () => (await inventory(store, stream, command)).newEvents.length),
    order: (stream, command) => mutex.run(lockKey(stream), async () => (await order(store, stream, command)).newEvents.length),
    // Emmett re-reads and folds the stream for every command: there is no cache to forget.
    forgetCache: () => undefined,
    // Emmett 0.38.5's SQLite store has no close(): a file connection is opened and closed per
    // operation, a ':memory:' one lives until garbage-collected.
    close: async () => undefined,
  };
};
