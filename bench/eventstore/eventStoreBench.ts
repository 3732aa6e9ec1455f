/**
 * Event-store benchmark (SQLite adapter, synchronous=FULL, temp file).
 *   npx tsx bench/eventstore/eventStoreBench.ts [--quick]
 * Every figure is the median of >= 3 runs with min–max; results go to bench/results/eventstore.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { NO_STREAM, START, type EventToAppend, type StreamRevision } from '../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../infrastructure/eventstore/sqlite/sqliteEventStore.js';

const quick = process.argv.includes('--quick');
const RUNS = 3;
const READ_EVENTS = quick ? 20_000 : 200_000;
const STREAM_EVENTS = quick ? 2_000 : 20_000;

/** Rates per wall-clock second, and per CPU-second of this process (less sensitive to other load). */
type Figure = { name: string; unit: string; runs: number[]; median: number; min: number; max: number; cpuMedian: number };
type Rate = { wall: number; cpu: number };

const tmp = mkdtempSync(join(os.tmpdir(), 'es-bench-'));
let dbCounter = 0;
const freshPath = () => join(tmp, `bench-${dbCounter++}.db`);

/** A realistic event: an order line with money as strings, plus the standard metadata. */
function makeEvent(i: number): EventToAppend {
  return {
    id: randomUUID(),
    type: 'OrderLineAdded',
    data: { orderId: `o-${i}`, lineId: `l-${i % 7}`, sku: `SKU-${i % 1000}`, quantity: 1 + (i % 5), unitPrice: { amount: '19.99', currency: 'EUR' } },
    metadata: { commandId: randomUUID(), correlationId: `c-${i}`, causationId: `c-${i}`, actor: { kind: 'user', id: 'bench' }, schemaVersion: 1, now: '2024-06-07T10:00:00.000Z' },
  };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function measure(name: string, unit: string, run: () => Promise<Rate>): Promise<Figure> {
  const rates: Rate[] = [];
  for (let i = 0; i < RUNS; i++) rates.push(await run());
  const runs = rates.map((r) => r.wall);
  const figure = { name, unit, runs, median: median(runs), min: Math.min(...runs), max: Math.max(...runs), cpuMedian: median(rates.map((r) => r.cpu)) };
  console.log(
    `  ${name.padEnd(44)} ${fmt(figure.median).padStart(10)} ${unit}  (${fmt(figure.min)}–${fmt(figure.max)})  ${fmt(figure.cpuMedian).padStart(10)} per CPU-s`,
  );
  return figure;
}

/** Starts wall and process-CPU clocks; `stop(n)` turns n events into rates. */
function startTimer() {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return (events: number): Rate => {
    const used = process.cpuUsage(cpu);
    return { wall: events / (Number(process.hrtime.bigint() - wall) / 1e9), cpu: events / ((used.user + used.system) / 1e6) };
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** `appenders` concurrent loops, each appending single events to its own 4 streams with exact expected revisions. */
async function appendThroughput(appenders: number, totalEvents: number): Promise<Rate> {
  const store = openSqliteEventStore({ path: freshPath(), synchronous: 'FULL' });
  const perAppender = Math.ceil(totalEvents / appenders);
  const stop = startTimer();
  await Promise.all(
    Array.from({ length: appenders }, async (_, a) => {
      const revisions: Array<StreamRevision | undefined> = [undefined, undefined, undefined, undefined];
      for (let i = 0; i < perAppender; i++) {
        const s = i % 4;
        const result = await store.append(`order-a${a}s${s}`, [makeEvent(i)], { expectedRevision: revisions[s] ?? NO_STREAM });
        revisions[s] = result.nextExpectedRevision;
      }
    }),
  );
  const rate = stop(perAppender * appenders);
  await store.close();
  return rate;
}

/**
 * Raw better-sqlite3 into the same table and indexes, same pragmas, no adapter: `perCommit` rows
 * per transaction. perCommit = all rows is the ceiling asked for (one transaction, one fsync);
 * perCommit = 256 is what group commit with 256 appenders can at best do on this disk.
 */
async function rawInsert(totalEvents: number, perCommit: number): Promise<Rate> {
  const path = freshPath();
  await openSqliteEventStore({ path }).close(); // creates the same schema
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 10000');
  const insert = db.prepare(
    'INSERT INTO events (position, stream_name, revision, event_id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const events = Array.from({ length: totalEvents }, (_, i) => makeEvent(i));
  const stop = startTimer();
  const commit = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const e = events[i]!;
      insert.run(i + 1, `order-a${i % 256}s${(i >> 8) % 4}`, Math.floor(i / 1024), e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), Date.now());
    }
  });
  for (let from = 0; from < totalEvents; from += perCommit) commit(from, Math.min(totalEvents, from + perCommit));
  const rate = stop(totalEvents);
  db.close();
  return rate;
}

async function populate(store: SqliteEventStore): Promise<void> {
  for (let s = 0; s * 100 < READ_EVENTS - STREAM_EVENTS; s++) {
    await store.append(`order-${s}`, Array.from({ length: 100 }, (_, i) => makeEvent(i)), { expectedRevision: NO_STREAM });
  }
  let revision: StreamRevision | typeof NO_STREAM = NO_STREAM;
  for (let i = 0; i < STREAM_EVENTS; i += 500) {
    revision = (await store.append('order-big', Array.from({ length: 500 }, (_, k) => makeEvent(i + k)), { expectedRevision: revision }))
      .nextExpectedRevision;
  }
}

async function countAsync(iterable: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of iterable) n++;
  return n;
}

function catchUp(store: SqliteEventStore): Promise<Rate> {
  return new Promise((resolve, reject) => {
    let n = 0;
    const stop = startTimer();
    const sub = store.subscribeToAll({ after: START, batchSize: 500, maxUnacked: 2 }).subscribe({
      next: (batch) => {
        n += batch.events.length;
        batch.ack();
        if (batch.caughtUp) {
          const rate = stop(n);
          queueMicrotask(() => sub.unsubscribe());
          if (n !== READ_EVENTS) reject(new Error(`caught up after ${n} events`));
          else resolve(rate);
        }
      },
      error: reject,
    });
  });
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  // Load average matters: on a shared 2-core machine other processes' CPU use shows up in every figure.
  const loadAverage = os.loadavg().map((l) => Number(l.toFixed(2)));
  return { cpu: model, cores: os.cpus().length, node: process.version, platform: `${os.type()} ${os.release()}`, loadAverage };
}

async function main(): Promise<void> {
  const info = machine();
  console.log(`Event store benchmark (SQLite, synchronous=FULL) — ${info.cpu}, ${info.cores} cores, Node ${info.node}, load ${info.loadAverage.join(' ')}${quick ? ' [quick]' : ''}`);
  const figures: Figure[] = [];
  const appendSizes: Array<[number, number]> = quick ? [[1, 300], [16, 3_000], [256, 20_000]] : [[1, 1_000], [16, 16_000], [256, 100_000]];
  for (const [appenders, total] of appendSizes) {
    figures.push(await measure(`append, ${appenders} concurrent appender(s)`, 'events/s', () => appendThroughput(appenders, total)));
  }
  const ceiling = await measure('raw better-sqlite3, one transaction', 'events/s', () => rawInsert(appendSizes.at(-1)![1], Number.MAX_SAFE_INTEGER));
  figures.push(ceiling);
  figures.push(await measure('raw better-sqlite3, 256 rows per transaction', 'events/s', () => rawInsert(appendSizes.at(-1)![1] / 2, 256)));

  const store = openSqliteEventStore({ path: freshPath(), synchronous: 'FULL' });
  await populate(store);
  figures.push(await measure(`readStream, one stream of ${fmt(STREAM_EVENTS)}`, 'events/s', async () => {
    const stop = startTimer();
    return stop(await countAsync(store.readStream('order-big')));
  }));
  figures.push(await measure(`readAll, ${fmt(READ_EVENTS)} events`, 'events/s', async () => {
    const stop = startTimer();
    return stop(await countAsync(store.readAll()));
  }));
  figures.push(await measure(`catch-up subscription, ${fmt(READ_EVENTS)} events`, 'events/s', () => catchUp(store)));
  await store.close();

  const append256 = figures.find((f) => f.name.startsWith('append, 256'))!;
  const ratio = append256.median / ceiling.median;
  console.log(`  durable append (256) / raw ceiling = ${(ratio * 100).toFixed(1)} %`);
  const loadAfter = os.loadavg().map((l) => Number(l.toFixed(2)));
  console.log(`  load average after: ${loadAfter.join(' ')}`);
  const result = { loadAfter, date: new Date().toISOString(), command: `npx tsx bench/eventstore/eventStoreBench.ts${quick ? ' --quick' : ''}`, machine: info, runs: RUNS, figures, ratioAppend256ToRaw: ratio };
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../results/eventstore.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  console.log('  written bench/results/eventstore.json');
}

try {
  await main();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
