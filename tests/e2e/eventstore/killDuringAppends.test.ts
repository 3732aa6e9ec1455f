import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { RecordedEvent } from '../../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';

const CHILD = fileURLToPath(new URL('./appendUntilKilledChild.ts', import.meta.url));

type Ack = { appendId: string; stream: string; lastRevision: bigint; position: bigint; ids: string[] };

/** Deterministic jitter (mulberry32) so the kill moments vary between runs of one test, reproducibly. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the child until it has acknowledged `minAcks` appends, waits `extraMs` more, then SIGKILLs it. */
function runAndKill(dbPath: string, run: number, minAcks: number, extraMs: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let killScheduled = false;
    const acks: Ack[] = [];
    const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!; // a line cut by the kill is not an acknowledgement
      for (const line of lines) {
        if (!line.startsWith('ACK ')) continue;
        const [, appendId, stream, lastRevision, position, ids] = line.split(' ');
        acks.push({ appendId: appendId!, stream: stream!, lastRevision: BigInt(lastRevision!), position: BigInt(position!), ids: ids!.split(',') });
      }
      if (!killScheduled && acks.length >= minAcks) {
        killScheduled = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`child ended with ${code ?? signal}: ${stderr}`));
      else if (!killScheduled) reject(new Error(`child killed by the guard before ${minAcks} acks: ${stderr}`));
      else resolve(acks);
    });
  });
}

describe('SQLite event store survives kill -9 during concurrent appends', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kill9-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged append, no partial append, gap-free positions, contiguous revisions', async () => {
    const dbPath = join(dir, 'events.db');
    const random = prng(20240607);
    const acks: Ack[] = [];
    for (let run = 0; run < 4; run++) {
      // Different kill moments each run: after 20..420 acks plus 0..60 ms of further appends.
      acks.push(...(await runAndKill(dbPath, run, 20 + Math.floor(random() * 400), Math.floor(random() * 60))));
    }
    expect(acks.length).to.be.greaterThan(80);

    const store = openSqliteEventStore({ path: dbPath });
    try {
      const all: RecordedEvent[] = [];
      for await (const event of store.readAll()) all.push(event);
      expect(all.map((e) => e.position)).to.deep.equal(all.map((_, i) => BigInt(i + 1)), 'positions are not 1..N');
      expect(await store.headPosition()).to.equal(BigInt(all.length));

      const byStream = new Map<string, RecordedEvent[]>();
      const byAppend = new Map<string, RecordedEvent[]>();
      for (const e of all) {
        byStream.set(e.streamName, [...(byStream.get(e.streamName) ?? []), e]);
        const appendId = String(e.metadata.appendId);
        byAppend.set(appendId, [...(byAppend.get(appendId) ?? []), e]);
      }
      for (const [stream, list] of byStream) {
        expect(list.map((e) => e.revision), stream).to.deep.equal(list.map((_, i) => BigInt(i)));
        expect(await store.streamRevision(stream)).to.equal(BigInt(list.length - 1));
      }
      for (const [appendId, list] of byAppend) {
        // All-or-nothing, and an append's events are adjacent in $all.
        expect(list.map((e) => e.metadata.index), appendId).to.deep.equal(list.map((_, i) => i));
        expect(list.length, appendId).to.equal(list[0]!.metadata.count);
        expect(list.at(-1)!.position - list[0]!.position, appendId).to.equal(BigInt(list.length - 1));
      }
      const byId = new Map(all.map((e) => [e.id, e]));
      for (const ack of acks) {
        const stored = ack.ids.map((id) => byId.get(id));
        expect(stored.every((e) => e !== undefined), `acknowledged append ${ack.appendId} lost`).to.equal(true);
        expect(stored.at(-1)!.revision).to.equal(ack.lastRevision);
        expect(stored.at(-1)!.position).to.equal(ack.position);
        expect(stored.every((e) => e!.streamName === ack.stream)).to.equal(true);
      }
    } finally {
      await store.close();
    }
  });
});
