import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { createCommandHandler } from '../../../application/commandHandler.js';
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { counterDecider, increment } from '../../support/counterDecider.js';
import type { CounterDoc } from '../../support/counterProjection.js';

const CHILD = fileURLToPath(new URL('./projectorChild.ts', import.meta.url));

const runChild = (dbPath: string, killAfterMs: number | undefined): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, killAfterMs === undefined ? '1' : '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (killAfterMs !== undefined && out.includes('STARTED') && !child.killed) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (killAfterMs !== undefined ? signal === 'SIGKILL' : code === 0) resolve(out);
      else reject(new Error(`projector child ended with ${code ?? signal}: ${err}`));
    });
  });

describe('projections survive kill -9 (child process)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'oms-projector-kill-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes from the checkpoint after every kill and applies each event exactly once', async () => {
    const dbPath = join(dir, 'oms.db');
    const events = openSqliteEventStore({ path: dbPath });
    const handler = createCommandHandler({ eventStore: events });
    const streams = 20;
    const perRound = 300;
    let written = 0;
    const progress: { checkpoint: bigint; head: bigint }[] = [];
    const midway = () => progress.some((p) => p.checkpoint > 0n && p.checkpoint < p.head);
    const round = async (killAfter: number) => {
      // Events keep arriving between kills, so the projector is killed while catching up and while live.
      await Promise.all(Array.from({ length: perRound }, (_, i) => handler.handle(counterDecider, `counter-${(written + i) % streams}`, increment(1))));
      written += perRound;
      await runChild(dbPath, killAfter);
      const probe = await openEmbeddedReadStore({ path: dbPath });
      const checkpoint = await probe.collection('projection_checkpoints').findOne({ _id: 'counters_v1' });
      await probe.close();
      progress.push({ checkpoint: checkpoint ? BigInt(checkpoint.position as string) : 0n, head: await events.headPosition() });
    };
    for (const killAfter of [40, 150, 15, 300, 90]) await round(killAfter);
    // At least one kill must land mid-way (checkpoint strictly between start and head), or the test
    // would not be exercising recovery at all. How long a round's catch-up takes depends on the
    // machine: if none did, more rounds with ever earlier kills until one does.
    for (let killAfter = 12; !midway() && killAfter >= 0; killAfter -= 2) await round(killAfter);
    expect(midway(), JSON.stringify(progress, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).to.equal(true);
    await runChild(dbPath, undefined);
    await events.close();

    const reads = await openEmbeddedReadStore({ path: dbPath });
    const docs = await reads.collection<CounterDoc>('counters_v1').find({});
    await reads.close();
    expect(docs).to.have.length(streams);
    const applied = docs.reduce((n, d) => n + d.applied, 0);
    const value = docs.reduce((n, d) => n + d.value, 0);
    expect(applied, 'events applied (twice-applied events would exceed the count)').to.equal(written);
    expect(value).to.equal(written);
  });
});
