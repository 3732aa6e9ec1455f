import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { NO_STREAM, STREAM_EXISTS, START } from '../../../infrastructure/eventstore/eventStore.js';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  InvalidAppendError,
  StoreUnavailableError,
} from '../../../infrastructure/eventstore/errors.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { collect, events, expectRejection, newEvent, sleep, subscribeUntil } from './contract/contractContext.js';
import { describeEventStoreContract } from './eventStoreContract.js';

describeEventStoreContract('SQLite (:memory:)', async () => {
  const store = openSqliteEventStore({ path: ':memory:' });
  return { store, dispose: () => store.close() };
});

// The in-memory tail (recentEvents.ts) must not change a single answer: the contract again without
// it, and with a tail so small that most reads straddle its edge and fall back to SQL.
describeEventStoreContract('SQLite (:memory:, no in-memory tail)', async () => {
  const store = openSqliteEventStore({ path: ':memory:', recentEvents: false });
  return { store, dispose: () => store.close() };
});

describeEventStoreContract('SQLite (:memory:, 3-event in-memory tail)', async () => {
  const store = openSqliteEventStore({ path: ':memory:', recentEvents: { maxEvents: 3 } });
  return { store, dispose: () => store.close() };
});

describe('SQLite event store specifics', () => {
  let dir: string;
  const opened: SqliteEventStore[] = [];
  const open = (options: Partial<Parameters<typeof openSqliteEventStore>[0]> = {}) => {
    const store = openSqliteEventStore({ path: join(dir, 'events.db'), ...options });
    opened.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-es-'));
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('assigns gap-free positions 1, 2, 3… even when appends in the same group fail', async () => {
    const store = open();
    await store.append('a-1', events(2), { expectedRevision: NO_STREAM });
    const reused = newEvent();
    await store.append('a-2', [reused], { expectedRevision: NO_STREAM });
    const results = await Promise.allSettled([
      store.append('a-1', events(3), { expectedRevision: 1n }),
      store.append('a-1', events(3), { expectedRevision: 1n }), // loses: ConcurrencyError
      store.append('a-3', [newEvent(), { ...reused }], { expectedRevision: NO_STREAM }), // DuplicateEventIdError
      store.append('a-4', events(2), { expectedRevision: NO_STREAM }),
      store.append('a-5', [newEvent('')], { expectedRevision: NO_STREAM }), // InvalidAppendError
      store.append('a-6', events(1), { expectedRevision: NO_STREAM }),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    const all = await collect(store.readAll());
    expect(all.map((e) => e.position)).to.deep.equal(Array.from({ length: 9 }, (_, i) => BigInt(i + 1)));
    expect(await store.headPosition()).to.equal(9n);
    expect(all.filter((e) => e.streamName === 'a-3')).to.have.length(0);
  });

  it('writes appends made in the same tick in ONE transaction; a failing one does not roll back the others', async () => {
    const store = open();
    await store.append('s-0', events(1), { expectedRevision: NO_STREAM });
    const before = store.writeStats().commits;
    const pending = Array.from({ length: 100 }, (_, i) =>
      store.append(`s-${i}`, events(i % 3 === 0 ? 2 : 1), { expectedRevision: NO_STREAM }),
    );
    const results = await Promise.allSettled(pending);
    expect(store.writeStats().commits - before).to.equal(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).to.satisfy(
      (errors: unknown[]) => errors.length === 1 && errors[0] instanceof ConcurrencyError,
    );
    expect(await store.headPosition()).to.equal(1n + 99n + 33n);
  });

  it('bounds the pending queue: callers beyond the limit wait, and are committed in call order', async () => {
    const store = open({ maxPendingAppends: 4 });
    const pending = Array.from({ length: 20 }, (_, i) => store.append(`q-${i}`, events(1), { expectedRevision: NO_STREAM }));
    await sleep(0); // let the synchronous part of every append run
    expect(store.writeStats().queued).to.be.at.most(4);
    const results = await Promise.all(pending);
    expect(results.map((r) => r.position)).to.deep.equal(Array.from({ length: 20 }, (_, i) => BigInt(i + 1)));
    expect(store.writeStats().maxQueued).to.equal(4);
    expect(store.writeStats().commits).to.be.at.least(5);
  });

  it('close() commits pending appends first, then rejects new ones; the file reopens with everything', async () => {
    const store = open();
    const pending = Array.from({ length: 10 }, (_, i) => store.append(`c-${i}`, events(2), { expectedRevision: NO_STREAM }));
    await store.close();
    expect((await Promise.all(pending)).map((r) => r.position)).to.deep.equal(Array.from({ length: 10 }, (_, i) => BigInt(2 * i + 2)));
    await expectRejection(store.append('c-x', events(1), { expectedRevision: NO_STREAM }), StoreUnavailableError);
    await expectRejection(store.headPosition(), StoreUnavailableError);
    const reopened = open({ synchronous: 'NORMAL' });
    expect(await reopened.headPosition()).to.equal(20n);
    expect(await reopened.streamRevision('c-9')).to.equal(1n);
  });

  it('reports id reuse: DuplicateEventIdError when the expected revision matches, else ConcurrencyError', async () => {
    const store = open();
    const [a, b] = events(2);
    await store.append('d-1', [a!, b!], { expectedRevision: NO_STREAM });
    const other = await expectRejection(store.append('d-2', [a!], { expectedRevision: NO_STREAM }), DuplicateEventIdError);
    expect(other.eventId).to.equal(a!.id);
    await expectRejection(store.append('d-1', [newEvent(), b!], { expectedRevision: 1n }), DuplicateEventIdError);
    await expectRejection(store.append('d-1', [b!], { expectedRevision: NO_STREAM }), ConcurrencyError);
    await expectRejection(store.append('d-1', [a!], { expectedRevision: 0n }), ConcurrencyError);
    // Upper-case ids are the same UUID: the retry is recognised.
    const retry = await store.append('d-1', [a!, b!].map((e) => ({ ...e, id: e.id.toUpperCase() })), { expectedRevision: NO_STREAM });
    expect(retry.nextExpectedRevision).to.equal(1n);
    expect(await store.headPosition()).to.equal(2n);
  });

  it('rejects values JSON would silently change, and empty appends', async () => {
    const store = open();
    class Money {
      amount = '1';
    }
    for (const data of [Number.NaN, { x: Number.POSITIVE_INFINITY }, { d: new Date(0) }, new Money(), { a: [1, undefined] }, { toJSON: () => 1 }]) {
      await expectRejection(store.append('v-1', [newEvent('T', data as never)], { expectedRevision: NO_STREAM }), InvalidAppendError);
    }
    await expectRejection(store.append('v-1', [], { expectedRevision: NO_STREAM }), InvalidAppendError);
    await expectRejection(store.append('', events(1), { expectedRevision: NO_STREAM }), InvalidAppendError);
    await store.append('v-1', [newEvent('T', {}, { commandId: 'c', skipped: undefined })], { expectedRevision: NO_STREAM });
    const [read] = await collect(store.readStream('v-1'));
    expect(read!.metadata).to.deep.equal({ commandId: 'c' });
    expect(await store.headPosition()).to.equal(1n);
  });

  it('treats a soft-deleted stream as missing for STREAM_EXISTS and exact expectations', async () => {
    const store = open();
    await store.append('x-1', events(2), { expectedRevision: NO_STREAM });
    await store.deleteStream('x-1', { expectedRevision: 1n });
    for (const expected of [STREAM_EXISTS, 1n] as const) {
      const error = await expectRejection(store.append('x-1', events(1), { expectedRevision: expected }), ConcurrencyError);
      expect(error.actual).to.equal(undefined);
    }
    await store.deleteStream('x-1', { expectedRevision: NO_STREAM }); // deleting a missing stream is a no-op
    const recreated = events(1);
    await store.append('x-1', recreated, { expectedRevision: NO_STREAM });
    // A retry of the recreating append is recognised at the start of the new incarnation.
    expect(await store.append('x-1', recreated, { expectedRevision: NO_STREAM })).to.deep.equal({ nextExpectedRevision: 2n, position: 3n });
  });

  it('fails a whole group with StoreUnavailableError when the write lock cannot be had, leaving no gap', async () => {
    const store = open({ busyTimeoutMs: 50 });
    await store.append('l-1', events(1), { expectedRevision: NO_STREAM });
    const locker = new Database(join(dir, 'events.db'));
    locker.exec('BEGIN IMMEDIATE');
    try {
      const results = await Promise.allSettled([1, 2].map((i) => store.append(`l-${i + 1}`, events(1), { expectedRevision: NO_STREAM })));
      for (const r of results) expect((r as PromiseRejectedResult).reason).to.be.instanceOf(StoreUnavailableError);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect((await store.append('l-2', events(1), { expectedRevision: NO_STREAM })).position).to.equal(2n);
  });

  it('keeps expected-revision checks exact with two writers (connections) on one file', async () => {
    const a = open();
    const b = open();
    await a.append('m-1', events(1), { expectedRevision: NO_STREAM });
    await b.append('m-1', events(1), { expectedRevision: 0n });
    // a's cached view (revision 0) must not survive b's commit.
    const error = await expectRejection(a.append('m-1', events(1), { expectedRevision: 0n }), ConcurrencyError);
    expect(error.actual).to.equal(1n);
    await b.deleteStream('m-1', { expectedRevision: 1n });
    expect((await a.append('m-1', events(1), { expectedRevision: NO_STREAM })).nextExpectedRevision).to.equal(2n);
    expect((await collect(b.readAll())).map((e) => e.position)).to.deep.equal([1n, 2n, 3n]);
  });

  it('sees commits by another process on the same file through the poll fallback', async () => {
    const reader = open({ pollIntervalMs: 30 });
    const writer = open();
    const received = subscribeUntil(reader, { after: START }, (c) => c.events.length >= 3, 3000);
    await sleep(50);
    // A second store instance is another connection: its commits notify only its own
    // subscriptions, exactly like a foreign process, so only the poll can see them.
    await writer.append('p-1', events(3), { expectedRevision: NO_STREAM });
    expect((await received).events.map((e) => e.position)).to.deep.equal([1n, 2n, 3n]);
  });

  it('emits a caughtUp batch on an empty store and scans filtered history in bounded windows', async () => {
    const store = open();
    const empty = await subscribeUntil(store, {}, (c) => c.batches.length > 0);
    expect(empty.batches[0]).to.include({ position: 0n, caughtUp: true });
    expect(empty.batches[0]!.events).to.have.length(0);
    for (let i = 0; i < 5; i++) await store.append(`noise-${i}`, events(5000), { expectedRevision: NO_STREAM });
    await store.append('wanted-1', events(1), { expectedRevision: NO_STREAM });
    const { batches } = await subscribeUntil(store, { filter: { streamPrefixes: ['wanted-'] }, batchSize: 100 }, (c) => c.events.length > 0);
    expect(batches.map((b) => [b.events.length, b.position, b.caughtUp])).to.deep.equal([
      [0, 10_000n, false],
      [0, 20_000n, false],
      [1, 25_001n, true],
    ]);
  });

  it('live and filtered: reports progress past filtered-out events within about a second, so waiting for the head returns', async () => {
    const store = open();
    await store.append('wanted-1', events(1), { expectedRevision: NO_STREAM });
    let head = 0n;
    const { batches } = await subscribeUntil(
      store,
      { filter: { streamPrefixes: ['wanted-'] } },
      (c) => {
        // Once live, append events the filter drops (fewer than a scan window): the head moves on without us.
        if (head === 0n && c.batches.some((b) => b.caughtUp)) {
          head = -1n;
          void store.append('noise-live', events(3), { expectedRevision: NO_STREAM }).then((r) => (head = r.position));
        }
        return head > 0n && c.batches.at(-1)!.position >= head;
      },
      5_000,
    );
    const last = batches.at(-1)!;
    expect(last.events).to.have.length(0);
    expect(last.position).to.equal(head);
  });

  it('lets the process exit after unsubscribe and close (no timers left behind)', async function () {
    this.timeout(15_000);
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../e2e/eventstore/subscriptionExitChild.ts', import.meta.url)), join(dir, 'exit.db')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 10_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(output).to.include('received 3');
    expect(code, 'child did not exit on its own').to.equal(0);
  });
});
