import { expect } from 'chai';
import { NO_STREAM, STREAM_EXISTS, type JsonValue } from '../../../../infrastructure/eventstore/eventStore.js';
import { ConcurrencyError, StoreUnavailableError, StreamNotFoundError } from '../../../../infrastructure/eventstore/errors.js';
import { collect, events, expectRejection, newEvent, type ContractContext } from './contractContext.js';

/** Stream metadata, soft delete, value types and payload fidelity, close. */
export function streamLifecycleContract(ctx: ContractContext): void {
  const stream = (id = '1') => `${ctx.ns}order-${id}`;

  describe('stream metadata', () => {
    it('is undefined until set, round-trips (bigint truncateBefore, custom JSON) and is replaced on set', async () => {
      expect(await ctx.store.getStreamMetadata(stream())).to.equal(undefined);
      const metadata = { maxAge: 3600, maxCount: 50, truncateBefore: 3n, custom: { owner: 'ops', tags: ['a', 'ü'], n: null } };
      await ctx.store.setStreamMetadata(stream(), metadata);
      expect(await ctx.store.getStreamMetadata(stream())).to.deep.equal(metadata);
      await ctx.store.setStreamMetadata(stream(), { custom: { owner: 'finance' } });
      expect(await ctx.store.getStreamMetadata(stream())).to.deep.equal({ custom: { owner: 'finance' } });
    });

    it('applies truncateBefore and maxCount to stream reads', async () => {
      await ctx.store.append(stream(), events(6), { expectedRevision: NO_STREAM });
      await ctx.store.setStreamMetadata(stream(), { truncateBefore: 2n });
      expect((await collect(ctx.store.readStream(stream()))).map((e) => e.revision)).to.deep.equal([2n, 3n, 4n, 5n]);
      await ctx.store.setStreamMetadata(stream(), { maxCount: 2 });
      expect((await collect(ctx.store.readStream(stream()))).map((e) => e.revision)).to.deep.equal([4n, 5n]);
      expect((await collect(ctx.store.readStream(stream(), { direction: 'backwards' }))).map((e) => e.revision)).to.deep.equal([5n, 4n]);
      expect(await ctx.store.streamRevision(stream())).to.equal(5n);
    });
  });

  describe('soft delete', () => {
    it('makes the stream read as not found while its events stay in $all', async () => {
      const written = events(3);
      await ctx.store.append(stream(), written, { expectedRevision: NO_STREAM });
      await ctx.store.deleteStream(stream(), { expectedRevision: 2n });
      await expectRejection(collect(ctx.store.readStream(stream())), StreamNotFoundError);
      expect(await ctx.store.streamRevision(stream())).to.equal(undefined);
      const all = await collect(ctx.store.readAll({ filter: { streamPrefixes: [stream()] } }));
      expect(all.map((e) => e.id)).to.deep.equal(written.map((e) => e.id));
    });

    it('rejects a delete at the wrong expected revision and keeps the stream', async () => {
      await ctx.store.append(stream(), events(3), { expectedRevision: NO_STREAM });
      const error = await expectRejection(ctx.store.deleteStream(stream(), { expectedRevision: 1n }), ConcurrencyError);
      expect(error.actual).to.equal(2n);
      expect(await collect(ctx.store.readStream(stream()))).to.have.length(3);
      await ctx.store.deleteStream(stream(), { expectedRevision: STREAM_EXISTS });
      expect(await ctx.store.streamRevision(stream())).to.equal(undefined);
    });

    it('recreates the stream on a NO_STREAM append, revisions continuing after the old ones', async () => {
      await ctx.store.append(stream(), events(3), { expectedRevision: NO_STREAM });
      await ctx.store.deleteStream(stream(), { expectedRevision: 2n });
      const fresh = events(2);
      const result = await ctx.store.append(stream(), fresh, { expectedRevision: NO_STREAM });
      expect(result.nextExpectedRevision).to.equal(4n);
      const read = await collect(ctx.store.readStream(stream()));
      expect(read.map((e) => [e.id, e.revision])).to.deep.equal([[fresh[0]!.id, 3n], [fresh[1]!.id, 4n]]);
      expect(await ctx.store.streamRevision(stream())).to.equal(4n);
      await ctx.store.append(stream(), events(1), { expectedRevision: 4n });
      expect(await collect(ctx.store.readAll({ filter: { streamPrefixes: [stream()] } }))).to.have.length(6);
    });
  });

  describe('value types and payloads', () => {
    it('returns bigint revisions and positions everywhere', async () => {
      const result = await ctx.store.append(stream(), events(2), { expectedRevision: NO_STREAM });
      expect(typeof result.nextExpectedRevision).to.equal('bigint');
      expect(typeof result.position).to.equal('bigint');
      expect(typeof (await ctx.store.streamRevision(stream()))).to.equal('bigint');
      expect(typeof (await ctx.store.headPosition())).to.equal('bigint');
      const [fromStream] = await collect(ctx.store.readStream(stream()));
      const [fromAll] = await collect(ctx.store.readAll({ filter: { streamPrefixes: [ctx.ns] }, maxCount: 1 }));
      for (const e of [fromStream!, fromAll!]) {
        expect(typeof e.revision).to.equal('bigint');
        expect(typeof e.position).to.equal('bigint');
      }
    });

    it('round-trips unicode, nested JSON and edge values in data and metadata; missing metadata reads as {}', async () => {
      const data: JsonValue = {
        text: 'Grüße 日本語 עברית 🚀👩‍👩‍👧 e\u0301 \u0000 "quoted" \\ back\nline',
        '🔑 ключ': ['mixed', 1, -2.5, 0, true, false, null, { deep: { deeper: [[]] } }],
        big: Number.MAX_SAFE_INTEGER,
        small: -1e-9,
        empty: {},
        emptyText: '',
      };
      const withMeta = newEvent('Ünïcødé', data, { commandId: 'c-ü', reason: 'ラベル', nested: { a: [1, 'b'] } });
      const without = newEvent('Plain', [1, 'two', null]);
      await ctx.store.append(stream(), [withMeta, without], { expectedRevision: NO_STREAM });
      const [first, second] = await collect(ctx.store.readStream(stream()));
      expect(first!.type).to.equal('Ünïcødé');
      expect(first!.data).to.deep.equal(data);
      expect(first!.metadata).to.deep.equal(withMeta.metadata);
      expect(second!.data).to.deep.equal([1, 'two', null]);
      expect(second!.metadata).to.deep.equal({});
    });
  });

  describe('close', () => {
    it('rejects appends after close with StoreUnavailableError and completes subscriptions', async () => {
      const { store, dispose } = await ctx.open();
      try {
        let completed = false;
        store.subscribeToAll({ filter: { streamPrefixes: [ctx.ns] } }).subscribe({
          next: (batch) => batch.ack(),
          complete: () => {
            completed = true;
          },
        });
        await store.append(stream(), [newEvent()], { expectedRevision: NO_STREAM });
        await store.close();
        await expectRejection(store.append(stream(), [newEvent()], { expectedRevision: 0n }), StoreUnavailableError);
        expect(completed).to.equal(true);
      } finally {
        await dispose();
      }
    });
  });
}
