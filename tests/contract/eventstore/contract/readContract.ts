import { expect } from 'chai';
import { NO_STREAM, START, type RecordedEvent } from '../../../../infrastructure/eventstore/eventStore.js';
import { StreamNotFoundError } from '../../../../infrastructure/eventstore/errors.js';
import {
  collect,
  events,
  expectRejection,
  expectStrictlyIncreasing,
  newEvent,
  ofNs,
  type ContractContext,
} from './contractContext.js';

/** readStream, readAll (after/backwards/maxCount/filters) and the shape of recorded events. */
export function readContract(ctx: ContractContext): void {
  const stream = (category = 'order', id = '1') => `${ctx.ns}${category}-${id}`;
  const revisions = (list: readonly RecordedEvent[]) => list.map((e) => e.revision);

  describe('readStream', () => {
    it('returns an iterable that rejects with StreamNotFoundError once iterated, for a missing stream', async () => {
      const iterable = ctx.store.readStream(stream('order', 'missing'));
      const error = await expectRejection(collect(iterable), StreamNotFoundError);
      expect(error.code).to.equal('STREAM_NOT_FOUND');
      expect(error.status).to.equal(404);
    });

    it('reads forwards from a revision with maxCount', async () => {
      await ctx.store.append(stream(), events(6), { expectedRevision: NO_STREAM });
      expect(revisions(await collect(ctx.store.readStream(stream())))).to.deep.equal([0n, 1n, 2n, 3n, 4n, 5n]);
      expect(revisions(await collect(ctx.store.readStream(stream(), { fromRevision: 2n, maxCount: 3 })))).to.deep.equal([2n, 3n, 4n]);
      expect(revisions(await collect(ctx.store.readStream(stream(), { fromRevision: 4n })))).to.deep.equal([4n, 5n]);
      expect(await collect(ctx.store.readStream(stream(), { fromRevision: 6n }))).to.have.length(0);
    });

    it('reads backwards from the end or from a revision with maxCount', async () => {
      await ctx.store.append(stream(), events(5), { expectedRevision: NO_STREAM });
      expect(revisions(await collect(ctx.store.readStream(stream(), { direction: 'backwards' })))).to.deep.equal([4n, 3n, 2n, 1n, 0n]);
      expect(revisions(await collect(ctx.store.readStream(stream(), { direction: 'backwards', maxCount: 1 })))).to.deep.equal([4n]);
      expect(
        revisions(await collect(ctx.store.readStream(stream(), { direction: 'backwards', fromRevision: 2n, maxCount: 2 }))),
      ).to.deep.equal([2n, 1n]);
    });

    it('pages through a long stream in both directions', async () => {
      let expected: bigint | typeof NO_STREAM = NO_STREAM;
      for (let i = 0; i < 3; i++) expected = (await ctx.store.append(stream(), events(400), { expectedRevision: expected })).nextExpectedRevision;
      const forwards = await collect(ctx.store.readStream(stream()));
      expect(forwards).to.have.length(1200);
      forwards.forEach((e, i) => expect(e.revision).to.equal(BigInt(i)));
      expectStrictlyIncreasing(forwards.map((e) => e.position));
      const backwards = await collect(ctx.store.readStream(stream(), { direction: 'backwards' }));
      expect(backwards.map((e) => e.id)).to.deep.equal(forwards.map((e) => e.id).reverse());
    });

    it('records id, type, stream, revision, position, data, metadata and a store timestamp', async () => {
      const before = Date.now();
      const event = newEvent('OrderPlaced', { orderId: 'o-1', lines: [{ sku: 'A', qty: 2 }] }, { commandId: 'c-1', actor: { kind: 'user', id: 'u' } });
      const result = await ctx.store.append(stream(), [event], { expectedRevision: NO_STREAM });
      const [read] = await collect(ctx.store.readStream(stream()));
      expect(read).to.include({ id: event.id, type: 'OrderPlaced', streamName: stream(), revision: 0n, position: result.position });
      expect(read!.data).to.deep.equal(event.data);
      expect(read!.metadata).to.deep.equal(event.metadata);
      expect(read!.created).to.be.instanceOf(Date);
      // Store clock: allow generous skew for a remote server.
      expect(Math.abs(read!.created.getTime() - before)).to.be.lessThan(60_000);
    });
  });

  describe('readAll', () => {
    /** Appends e0..e5 alternating between two streams, one event per append. */
    async function appendInterleaved() {
      const appended: Array<{ id: string; position: bigint }> = [];
      const revs = new Map<string, bigint>();
      for (let i = 0; i < 6; i++) {
        const name = stream(i % 2 === 0 ? 'order' : 'return', 'x');
        const event = newEvent(i % 3 === 0 ? 'Placed' : 'Shipped', { i });
        const prev = revs.get(name);
        const result = await ctx.store.append(name, [event], { expectedRevision: prev ?? NO_STREAM });
        revs.set(name, result.nextExpectedRevision);
        appended.push({ id: event.id, position: result.position });
      }
      return appended;
    }
    const ids = (list: readonly RecordedEvent[]) => ofNs(ctx.ns, list).map((e) => e.id);

    it('reads forwards in commit order across streams; `after` is exclusive', async () => {
      const head = await ctx.store.headPosition();
      const appended = await appendInterleaved();
      const all = ofNs(ctx.ns, await collect(ctx.store.readAll({ after: head })));
      expect(all.map((e) => e.id)).to.deep.equal(appended.map((a) => a.id));
      expectStrictlyIncreasing(all.map((e) => e.position));
      expect(ids(await collect(ctx.store.readAll({ after: appended[2]!.position })))).to.deep.equal(appended.slice(3).map((a) => a.id));
      expect(ids(await collect(ctx.store.readAll({ after: START })))).to.deep.equal(appended.map((a) => a.id));
    });

    it('respects maxCount forwards and backwards', async () => {
      const head = await ctx.store.headPosition();
      const appended = await appendInterleaved();
      const two = await collect(ctx.store.readAll({ after: head, maxCount: 2 }));
      expect(two).to.have.length(2);
      expect(two.every((e) => e.position > head)).to.equal(true);
      const filtered = await collect(ctx.store.readAll({ after: head, maxCount: 4, filter: { streamPrefixes: [ctx.ns] } }));
      expect(filtered.map((e) => e.id)).to.deep.equal(appended.slice(0, 4).map((a) => a.id));
      const back = await collect(ctx.store.readAll({ direction: 'backwards', maxCount: 3, filter: { streamPrefixes: [ctx.ns] } }));
      expect(back.map((e) => e.id)).to.deep.equal(appended.slice(3).reverse().map((a) => a.id));
    });

    it('reads backwards from the end, or strictly before `after`', async () => {
      const appended = await appendInterleaved();
      const back = await collect(ctx.store.readAll({ direction: 'backwards', filter: { streamPrefixes: [ctx.ns] } }));
      expect(back.map((e) => e.id)).to.deep.equal(appended.map((a) => a.id).reverse());
      const positions = back.map((e) => e.position);
      expectStrictlyIncreasing([...positions].reverse());
      const before = await collect(ctx.store.readAll({ direction: 'backwards', after: appended[3]!.position, filter: { streamPrefixes: [ctx.ns] } }));
      expect(before.map((e) => e.id)).to.deep.equal(appended.slice(0, 3).map((a) => a.id).reverse());
    });

    it('filters by stream prefixes (exact prefix match, several prefixes)', async () => {
      const appended = await appendInterleaved();
      await ctx.store.append(stream('orderline', 'y'), events(2), { expectedRevision: NO_STREAM });
      const orders = await collect(ctx.store.readAll({ filter: { streamPrefixes: [`${ctx.ns}order-`] } }));
      expect(orders.map((e) => e.id)).to.deep.equal(appended.filter((_, i) => i % 2 === 0).map((a) => a.id));
      const both = await collect(ctx.store.readAll({ filter: { streamPrefixes: [`${ctx.ns}order-`, `${ctx.ns}return-`] } }));
      expect(both.map((e) => e.id)).to.deep.equal(appended.map((a) => a.id));
      const lines = await collect(ctx.store.readAll({ filter: { streamPrefixes: [`${ctx.ns}orderl`] } }));
      expect(lines.map((e) => e.streamName)).to.deep.equal([stream('orderline', 'y'), stream('orderline', 'y')]);
    });

    it('filters by event types, and by prefixes AND types together, in both directions', async () => {
      const head = await ctx.store.headPosition();
      const appended = await appendInterleaved();
      const placed = ofNs(ctx.ns, await collect(ctx.store.readAll({ after: head, filter: { eventTypes: ['Placed'] } })));
      expect(placed.map((e) => e.id)).to.deep.equal([appended[0]!.id, appended[3]!.id]);
      const shippedOrders = await collect(
        ctx.store.readAll({ filter: { streamPrefixes: [`${ctx.ns}order-`], eventTypes: ['Shipped'] } }),
      );
      expect(shippedOrders.map((e) => e.id)).to.deep.equal([appended[2]!.id, appended[4]!.id]);
      const backwards = await collect(
        ctx.store.readAll({ direction: 'backwards', filter: { streamPrefixes: [ctx.ns], eventTypes: ['Shipped'] } }),
      );
      expect(backwards.map((e) => e.id)).to.deep.equal([5, 4, 2, 1].map((i) => appended[i]!.id));
    });

    it('pages through many events in order', async () => {
      const head = await ctx.store.headPosition();
      for (let i = 0; i < 5; i++) await ctx.store.append(stream('order', String(i)), events(250), { expectedRevision: NO_STREAM });
      const all = await collect(ctx.store.readAll({ after: head, filter: { streamPrefixes: [ctx.ns] } }));
      expect(all).to.have.length(1250);
      expectStrictlyIncreasing(all.map((e) => e.position));
      expect(all.map((e) => `${e.streamName}/${e.revision}`)).to.deep.equal(
        Array.from({ length: 1250 }, (_, k) => `${stream('order', String(Math.floor(k / 250)))}/${k % 250}`),
      );
    });
  });
}
