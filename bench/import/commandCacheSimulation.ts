/**
 * How much of a store's log the command cache would read again, replayed offline: the commands of
 * an existing embedded store (consecutive events of one stream with one command id), in log
 * order, through the real `createAggregateCache` at several budgets. A command on a stream the
 * cache no longer holds costs a read and fold of every earlier event of that stream.
 *
 *   npx tsx bench/import/commandCacheSimulation.ts DATA_DIR [streams:ids ...]
 *   e.g. npx tsx bench/import/commandCacheSimulation.ts /tmp/uci-fresh 20000:1000000 100000:4000000
 *
 * Read-only on the store. Prints, per budget: aggregate loads of an existing stream, events read
 * again (by stream kind), and how those re-reads spread over the ten tenths of the command sequence.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createAggregateCache, type CachedAggregate } from '../../application/aggregateCache.js';
import type { LayeredMap } from '../../domain/shared/layeredMap.js';

type Commands = Readonly<{ stream: Int32Array; revision: Float64Array; names: readonly string[] }>;

const readCommands = (dataDir: string): Commands => {
  const db = new Database(join(dataDir, 'oms.db'), { readonly: true });
  const query = db.prepare(`SELECT stream_name, revision, json_extract(metadata, '$.commandId') FROM events ORDER BY position`).raw(true);
  const ids = new Map<string, number>();
  const names: string[] = [];
  const stream: number[] = [];
  const revision: number[] = [];
  let last: unknown;
  let lastCommand: unknown;
  for (const row of query.iterate() as Iterable<[string, bigint | number, string | null]>) {
    const [name, rev, commandId] = row;
    if (name === last && commandId === lastCommand) continue;
    last = name;
    lastCommand = commandId;
    let index = ids.get(name);
    if (index === undefined) {
      index = names.length;
      ids.set(name, index);
      names.push(name);
    }
    stream.push(index);
    revision.push(Number(rev));
  }
  db.close();
  return { stream: Int32Array.from(stream), revision: Float64Array.from(revision), names };
};

/** Only `commandIds.size` matters to the cache's budget; the rest of an entry is not read. */
const entryWith = (commandIds: number): CachedAggregate => ({ state: undefined, revision: undefined, commandIds: { size: commandIds } as LayeredMap<string, bigint> });

const simulate = (commands: Commands, maxStreams: number, maxCommandIds: number) => {
  const cache = createAggregateCache(maxStreams, maxCommandIds);
  const seen = new Int32Array(commands.names.length);
  const kinds = commands.names.map((n) => n.slice(0, n.indexOf('-')));
  const byKind: Record<string, number> = {};
  const tenths = new Array<number>(10).fill(0);
  let loads = 0;
  let reread = 0;
  const n = commands.stream.length;
  for (let i = 0; i < n; i++) {
    const s = commands.stream[i]!;
    const name = commands.names[s]!;
    const before = commands.revision[i]!;
    if (cache.get(name) === undefined && before > 0) {
      loads++;
      reread += before;
      byKind[kinds[s]!] = (byKind[kinds[s]!] ?? 0) + before;
      tenths[Math.min(9, Math.floor((i / n) * 10))]! += before;
    }
    seen[s]!++;
    cache.set(name, entryWith(seen[s]!));
  }
  return { maxStreams, maxCommandIds, commands: n, loads, reread, byKind, tenths };
};

const main = () => {
  const [dataDir, ...budgets] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: commandCacheSimulation.ts DATA_DIR [streams:ids ...]');
  const started = Date.now();
  const commands = readCommands(dataDir);
  console.log(`${commands.stream.length} commands on ${commands.names.length} streams read in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const budget of budgets.length > 0 ? budgets : ['20000:1000000', '20000:2000000', '100000:4000000']) {
    const [streams, ids] = budget.split(':').map(Number);
    console.log(JSON.stringify(simulate(commands, streams!, ids!)));
  }
};

main();
