import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { NO_STREAM, STREAM_EXISTS, type EventFilter, type EventStore, type RecordedEvent } from '../../../../../infrastructure/eventstore/eventStore.js';
import { createRecentEvents } from '../../../../../infrastructure/eventstore/sqlite/recentEvents.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';

const serialized = (type: string, n: number) => ({ id: randomUUID(), type, data: JSON.stringify({ n, nested: { list: [n] } }), metadata: '{}' });

const readAll = async (store: EventStore, after: bigint, filter?: EventFilter): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  for await (const e of store.readAll({ after, ...(filter ? { filter } : {}) })) out.push(e);
  return out;
};

/** What a reader can observe of an event (object identity aside). */
const view = (e: RecordedEvent) => ({ ...e, position: e.position.toString(), revision: e.revision.toString(), created: e.created.getTime() });

describe('recentEvents: the in-memory tail of committed events', () => {
  it('serves a range only when it holds every position of it, and evicts the oldest first', () => {
    const tail = createRecentEvents({ maxEvents: 4 });
    const add = (from: number, n: number) =>
      tail.add(Array.from({ length: n }, (_, i) => ({ position: BigInt(from + i), streamName: `s-${from + i}`, revision: 0n, event: serialized('T', from + i), created: 1 })));
    add(1, 6); // holds 3..6
    expect(tail.page(1n, 6n, undefined, 100), 'position 2 was evicted').to.equal(undefined);
    expect(tail.page(2n, 6n, undefined, 100)!.map((e) => e.position)).to.deep.equal([3n, 4n, 5n, 6n]);
    expect(tail.page(2n, 7n, undefined, 100), 'position 7 was never committed here').to.equal(undefined);
    add(9, 1); // a gap (7, 8 written elsewhere): the tail restarts at 9
    expect(tail.page(4n, 6n, undefined, 100)).to.equal(undefined);
    expect(tail.page(8n, 9n, undefined, 100)!.map((e) => e.position)).to.deep.equal([9n]);
  });

  it('bounds the characters it holds, and never holds an event larger than the bound', () => {
    const tail = createRecentEvents({ maxEvents: 100, maxChars: 100 });
    const big = { id: randomUUID(), type: 'T', data: JSON.stringify({ s: 'x'.repeat(200) }), metadata: '{}' };
    tail.add([{ position: 1n, streamName: 'a', revision: 0n, event: serialized('T', 1), created: 1 }]);
    tail.add([{ position: 2n, streamName: 'a', revision: 1n, event: big, created: 1 }]);
    expect(tail.page(1n, 2n, undefined, 10)).to.equal(undefined);
    expect(tail.stats().chars).to.be.at.most(100);
  });

  it('hands out deep-frozen events: one reader cannot change what the next one reads', () => {
    const tail = createRecentEvents();
    tail.add([{ position: 1n, streamName: 'a', revision: 0n, event: serialized('T', 1), created: 1 }]);
    const [event] = tail.page(0n, 1n, undefined, 10)!;
    expect(() => ((event!.data as { n: number }).n = 2)).to.throw(TypeError);
    expect(() => ((event!.data as { nested: { list: number[] } }).nested.list as number[]).push(3)).to.throw(TypeError);
    expect(tail.page(0n, 1n, undefined, 10)![0]).to.equal(event);
  });

  it('leaves strings SQLite would store differently (lone surrogates) to SQL', () => {
    const tail = createRecentEvents();
    tail.add([{ position: 1n, streamName: 'bad-\ud800', revision: 0n, event: serialized('T', 1), created: 1 }]);
    expect(tail.page(0n, 1n, undefined, 10)).to.equal(undefined);
    tail.add([{ position: 2n, streamName: 'ok', revision: 0n, event: serialized('T', 2), created: 1 }]);
    expect(tail.page(1n, 2n, { streamPrefixes: ['\udc00'] }, 10)).to.equal(undefined);
  });

  describe('in the SQLite store', () => {
    let dir: string;
    const opened: SqliteEventStore[] = [];
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'recent-events-'))));
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const open = (options: Parameters<typeof openSqliteEventStore>[0]) => {
      const store = openSqliteEventStore(options);
      opened.push(store);
      return store;
    };

    it('still sees what another connection appended to the same file in between (falls back to SQL)', async () => {
      const a = open({ path: join(dir, 'events.db') });
      const b = open({ path: join(dir, 'events.db') });
      await a.append('a-1', [{ id: randomUUID(), type: 'T', data: { n: 1 } }], { expectedRevision: NO_STREAM });
      await b.append('b-1', [{ id: randomUUID(), type: 'T', data: { n: 2 } }], { expectedRevision: NO_STREAM });
      await a.append('a-2', [{ id: randomUUID(), type: 'T', data: { n: 3 } }], { expectedRevision: NO_STREAM });
      expect((await readAll(a, 0n)).map((e) => e.streamName)).to.deep.equal(['a-1', 'b-1', 'a-2']);
      expect((await readAll(a, 2n)).map((e) => e.streamName)).to.deep.equal(['a-2']);
    });

    it('answers every filtered read exactly as SQL does (property: random appends, random filters)', async () => {
      const streams = ['order-1', 'order-2', 'reorder-1', 'inventory-dc-a', 'inv', 'return-9', 'max-1', 'ÿ-unicode-é'];
      const types = ['A', 'B', 'C'];
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom(...streams), fc.array(fc.constantFrom(...types), { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 25 }),
          fc.array(fc.record({ after: fc.nat(60), prefixes: fc.subarray(['order-', 'inv', 'return-', 'ÿ', 'x']), types: fc.subarray(types) }), { minLength: 1, maxLength: 6 }),
          fc.integer({ min: 1, max: 12 }),
          async (appends, reads, maxEvents) => {
            const cached = open({ path: ':memory:', recentEvents: { maxEvents } });
            const plain = open({ path: ':memory:', recentEvents: false });
            // All appends at once, so they share group commits; both stores get the same calls in the same order.
            const seen = new Set<string>();
            const calls = appends.map(([stream, eventTypes]) => {
              const expectedRevision = seen.has(stream) ? STREAM_EXISTS : NO_STREAM;
              seen.add(stream);
              return { stream, expectedRevision, batch: eventTypes.map((type, i) => ({ id: randomUUID(), type, data: { i, stream } })) };
            });
            await Promise.all([cached, plain].flatMap((s) => calls.map((c) => s.append(c.stream, c.batch, { expectedRevision: c.expectedRevision }))));
            for (const r of reads) {
              const filter: EventFilter = { ...(r.prefixes.length ? { streamPrefixes: r.prefixes } : {}), ...(r.types.length ? { eventTypes: r.types } : {}) };
              const [x, y] = await Promise.all([readAll(cached, BigInt(r.after), filter), readAll(plain, BigInt(r.after), filter)]);
              // The two stores committed at different instants: compare everything but the commit time…
              expect(x.map(({ created: _, ...e }) => view({ ...e, created: new Date(0) }))).to.deep.equal(y.map(({ created: _, ...e }) => view({ ...e, created: new Date(0) })));
              // …which is checked against SQL in the same store (backward reads always go to SQL).
              const backwards: RecordedEvent[] = [];
              for await (const e of cached.readAll({ direction: 'backwards', ...(r.prefixes.length || r.types.length ? { filter } : {}) })) if (e.position > BigInt(r.after)) backwards.push(e);
              expect(x.map(view)).to.deep.equal(backwards.reverse().map(view));
            }
            await cached.close();
            await plain.close();
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});
