import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { waitDrained, type DrainMemo } from '../../../api/cli/uciDrain.js';
import type { EventFilter, EventStore, ReadAllOptions } from '../../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';

/** The subscriber of these tests handles `watched-*` streams only; `noise-*` is filtered out. */
const filter: EventFilter = { streamPrefixes: ['watched-'] };

describe('api/cli/uciDrain waitDrained', () => {
  let store: EventStore;
  let scans: bigint[];
  let n = 0;
  beforeEach(() => {
    const inner = openSqliteEventStore({ path: ':memory:' });
    scans = [];
    // Records where each filtered scan starts, to see what the memo spares.
    store = { ...inner, readAll: (options?: ReadAllOptions) => (scans.push(options?.after ?? 0n), inner.readAll(options)) };
    store.close = () => inner.close();
  });
  afterEach(() => store.close());

  const append = async (stream: string, count = 1): Promise<bigint> => {
    let last = 0n;
    for (let i = 0; i < count; i++) {
      last = (await store.append(`${stream}-${(n += 1)}`, [{ id: randomUUID(), type: 'Happened', data: {} }], { expectedRevision: 'no_stream' })).position;
    }
    return last;
  };

  it('returns when nothing the subscriber handles lies after its checkpoint, and waits while something does', async () => {
    const handled = await append('watched');
    await append('noise', 5);
    await waitDrained(store, () => handled.toString(), filter, 'test', 1_000);
    const pending = await append('watched');
    let checkpoint = handled;
    let done = false;
    const waiting = waitDrained(store, () => checkpoint.toString(), filter, 'test', 2_000).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(done).to.equal(false);
    checkpoint = pending;
    await waiting;
    expect(done).to.equal(true);
  });

  it('with a memo, scans only past what an earlier check found clear — and still sees new work there', async () => {
    const memo: DrainMemo = { from: 0n, to: 0n };
    const handled = await append('watched');
    const head1 = await append('noise', 20);
    await waitDrained(store, () => handled.toString(), filter, 'test', 1_000, memo);
    expect(scans).to.deep.equal([handled]);
    expect(memo).to.deep.equal({ from: handled, to: head1 });
    await append('noise', 20);
    await waitDrained(store, () => handled.toString(), filter, 'test', 1_000, memo);
    // The second scan starts at the first check's head, not back at the (unmoved) checkpoint.
    expect(scans).to.deep.equal([handled, head1]);
    const work = await append('watched');
    await append('noise', 3);
    let checkpoint = handled;
    const waiting = waitDrained(store, () => checkpoint.toString(), filter, 'test', 2_000, memo);
    await new Promise((r) => setTimeout(r, 30));
    checkpoint = work;
    await waiting;
    expect(memo.from).to.equal(work);
  });

  it('ignores a memo the checkpoint has moved behind (a subscriber restarted from an older checkpoint)', async () => {
    const first = await append('watched');
    const second = await append('watched');
    const memo: DrainMemo = { from: second, to: second + 100n };
    let checkpoint = first;
    let done = false;
    const waiting = waitDrained(store, () => checkpoint.toString(), filter, 'test', 2_000, memo).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(done).to.equal(false);
    checkpoint = second;
    await waiting;
  });
});
