/**
 * Child process for the kill -9 test: opens a file store (synchronous=FULL) and runs many
 * concurrent multi-event appends until it is killed, printing one ACK line per append only after
 * the append resolved (i.e. after COMMIT). Each event carries {appendId, index, count} in its
 * metadata so the parent can check all-or-nothing for appends that were never acknowledged too.
 * Streams are shared across runs: a restarted child continues them from their stored revision.
 */
import { randomUUID } from 'node:crypto';
import { NO_STREAM, type StreamRevision } from '../../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';

const [path, run] = process.argv.slice(2) as [string, string];
const WORKERS = 24;
const STREAMS_PER_WORKER = 3;
const store = openSqliteEventStore({ path });

async function worker(w: number): Promise<never> {
  const streams = Array.from({ length: STREAMS_PER_WORKER }, (_, j) => `kill-w${w}-${j}`);
  const revisions: Array<StreamRevision | undefined> = await Promise.all(streams.map((s) => store.streamRevision(s)));
  for (let i = 0; ; i++) {
    const j = i % STREAMS_PER_WORKER;
    const count = 1 + ((w + i) % 4);
    const appendId = `${run}-${w}-${i}`;
    const events = Array.from({ length: count }, (_, index) => ({
      id: randomUUID(),
      type: 'KillTestHappened',
      data: { w, i, index, padding: 'x'.repeat(64) },
      metadata: { appendId, index, count },
    }));
    const result = await store.append(streams[j]!, events, { expectedRevision: revisions[j] ?? NO_STREAM });
    revisions[j] = result.nextExpectedRevision;
    process.stdout.write(`ACK ${appendId} ${streams[j]} ${result.nextExpectedRevision} ${result.position} ${events.map((e) => e.id).join(',')}\n`);
  }
}

process.stdout.write('READY\n');
await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
