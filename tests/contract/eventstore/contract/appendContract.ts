import { expect } from 'chai';
import { NO_STREAM, STREAM_EXISTS } from '../../../../infrastructure/eventstore/eventStore.js';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  InvalidAppendError,
} from '../../../../infrastructure/eventstore/errors.js';
import {
  collect,
  events,
  expectRejection,
  expectRejectionOneOf,
  expectStrictlyIncreasing,
  newEvent,
  ofNs,
  type ContractContext,
} from './contractContext.js';

/** Appends, expected revisions, concurrency, idempotency and input validation. */
export function appendContract(ctx: ContractContext): void {
  const stream = (id = '1') => `${ctx.ns}order-${id}`;

  describe('append and expected revisions', () => {
    it('creates a stream with NO_STREAM and reports the last revision and its position (bigint)', async () => {
      const result = await ctx.store.append(stream(), events(3), { expectedRevision: NO_STREAM });
      expect(result.nextExpectedRevision).to.equal(2n);
      expect(typeof result.position).to.equal('bigint');
      const read = await collect(ctx.store.readStream(stream()));
      expect(read.map((e) => e.revision)).to.deep.equal([0n, 1n, 2n]);
      expect(read[2]!.position).to.equal(result.position);
      expectStrictlyIncreasing(read.map((e) => e.position));
      expect(await ctx.store.streamRevision(stream())).to.equal(2n);
    });

    it('continues revisions with exact expected revisions and STREAM_EXISTS', async () => {
      const first = await ctx.store.append(stream(), events(1), { expectedRevision: NO_STREAM });
      const second = await ctx.store.append(stream(), events(2), { expectedRevision: first.nextExpectedRevision });
      const third = await ctx.store.append(stream(), events(1), { expectedRevision: STREAM_EXISTS });
      expect([first.nextExpectedRevision, second.nextExpectedRevision, third.nextExpectedRevision]).to.deep.equal([0n, 2n, 3n]);
      expectStrictlyIncreasing([first.position, second.position, third.position]);
    });

    it('rejects NO_STREAM on an existing stream with the actual revision, writing nothing', async () => {
      await ctx.store.append(stream(), events(2), { expectedRevision: NO_STREAM });
      const error = await expectRejection(ctx.store.append(stream(), events(1), { expectedRevision: NO_STREAM }), ConcurrencyError);
      expect(error.actual).to.equal(1n);
      expect(error.expected).to.equal(NO_STREAM);
      expect(error.streamName).to.equal(stream());
      expect(error.code).to.equal('CONCURRENCY_CONFLICT');
      expect(error.status).to.equal(409);
      expect(await ctx.store.streamRevision(stream())).to.equal(1n);
    });

    it('rejects a wrong exact revision (behind and ahead) with the actual revision', async () => {
      await ctx.store.append(stream(), events(3), { expectedRevision: NO_STREAM });
      for (const expected of [0n, 1n, 3n, 10n]) {
        const error = await expectRejection(ctx.store.append(stream(), events(1), { expectedRevision: expected }), ConcurrencyError);
        expect(error.actual).to.equal(2n);
        expect(error.expected).to.equal(expected);
      }
      expect((await collect(ctx.store.readStream(stream()))).length).to.equal(3);
    });

    it('rejects STREAM_EXISTS and exact revisions on a missing stream with actual undefined', async () => {
      for (const expected of [STREAM_EXISTS, 0n] as const) {
        const error = await expectRejection(ctx.store.append(stream(), events(1), { expectedRevision: expected }), ConcurrencyError);
        expect(error.actual).to.equal(undefined);
      }
      expect(await ctx.store.streamRevision(stream())).to.equal(undefined);
    });

    it('lets exactly one of many concurrent appends at the same expected revision win', async () => {
      const attempts = Array.from({ length: 12 }, () => events(2));
      const created = await Promise.allSettled(
        attempts.map((batch) => ctx.store.append(stream(), batch, { expectedRevision: NO_STREAM })),
      );
      const winners = created.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(winners).to.have.length(1);
      for (const r of created) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(ConcurrencyError);

      const next = await Promise.allSettled(
        attempts.map((batch) => ctx.store.append(stream(), batch.map((e) => ({ ...e, id: newEvent().id })), { expectedRevision: 1n })),
      );
      expect(next.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      const read = await collect(ctx.store.readStream(stream()));
      expect(read.map((e) => e.revision)).to.deep.equal([0n, 1n, 2n, 3n]);
      expect(read.slice(0, 2).map((e) => e.id)).to.deep.equal(attempts[winners[0]!]!.map((e) => e.id));
    });

    it('accepts concurrent appends to different streams; each append stays contiguous in $all', async () => {
      const batches = Array.from({ length: 20 }, (_, i) => ({ name: stream(String(i)), events: events(3) }));
      const results = await Promise.all(batches.map((b) => ctx.store.append(b.name, b.events, { expectedRevision: NO_STREAM })));
      expect(new Set(results.map((r) => r.position)).size).to.equal(20);
      const all = ofNs(ctx.ns, await collect(ctx.store.readAll({ filter: { streamPrefixes: [ctx.ns] } })));
      expect(all).to.have.length(60);
      expectStrictlyIncreasing(all.map((e) => e.position));
      for (let i = 0; i < all.length; i += 3) {
        const chunk = all.slice(i, i + 3);
        expect(new Set(chunk.map((e) => e.streamName)).size, 'append interleaved with another').to.equal(1);
        expect(chunk.map((e) => e.revision)).to.deep.equal([0n, 1n, 2n]);
      }
    });
  });

  describe('idempotency', () => {
    it('treats a retry (same ids, same expected revision) as success with the same result, writing nothing', async () => {
      const batch = events(2);
      const first = await ctx.store.append(stream(), batch, { expectedRevision: NO_STREAM });
      const retry = await ctx.store.append(stream(), batch, { expectedRevision: NO_STREAM });
      expect(retry).to.deep.equal(first);
      const more = events(1);
      const second = await ctx.store.append(stream(), more, { expectedRevision: 1n });
      // The stream moved on; retries of both earlier appends still succeed with their own results.
      expect(await ctx.store.append(stream(), batch, { expectedRevision: NO_STREAM })).to.deep.equal(first);
      expect(await ctx.store.append(stream(), more, { expectedRevision: 1n })).to.deep.equal(second);
      expect((await collect(ctx.store.readStream(stream()))).map((e) => e.id)).to.deep.equal([...batch, ...more].map((e) => e.id));
      // Nothing was written after the last real append (other adapters' system events aside).
      const after = await collect(ctx.store.readAll({ after: second.position, filter: { streamPrefixes: [ctx.ns] } }));
      expect(after).to.have.length(0);
    });

    it('rejects reusing ids at another place (ConcurrencyError or DuplicateEventIdError), writing nothing', async () => {
      const batch = events(2);
      await ctx.store.append(stream(), batch, { expectedRevision: NO_STREAM });
      // Same ids appended again at the current end (another place than where they sit).
      await expectRejectionOneOf(ctx.store.append(stream(), batch, { expectedRevision: 1n }), [ConcurrencyError, DuplicateEventIdError]);
      // A "retry" whose ids only partly match what sits after the expected revision.
      await expectRejectionOneOf(
        ctx.store.append(stream(), [batch[0]!, newEvent()], { expectedRevision: NO_STREAM }),
        [ConcurrencyError, DuplicateEventIdError],
      );
      expect(await ctx.store.streamRevision(stream())).to.equal(1n);
    });
  });

  describe('input validation', () => {
    const invalid: Array<[string, () => ReturnType<typeof newEvent>[]]> = [
      ['a non-UUID id', () => [{ ...newEvent(), id: 'not-a-uuid' }]],
      ['an empty id', () => [{ ...newEvent(), id: '' }]],
      ['an empty type', () => [newEvent(''), newEvent()]],
      ['bigint data', () => [newEvent('T', { n: 1n } as never)]],
      ['undefined data', () => [{ ...newEvent(), data: undefined as never }]],
      ['function data', () => [newEvent('T', (() => 1) as never)]],
      ['cyclic data', () => {
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        return [newEvent(), newEvent('T', cyclic as never)];
      }],
      ['an event larger than 1 MiB', () => [newEvent(), newEvent('T', { blob: 'x'.repeat(1024 * 1024 + 10) })]],
      ['duplicate ids within one append', () => {
        const e = newEvent();
        return [e, { ...e }];
      }],
    ];
    for (const [what, make] of invalid) {
      it(`rejects ${what} with InvalidAppendError and writes nothing`, async () => {
        const error = await expectRejection(ctx.store.append(stream(), make(), { expectedRevision: NO_STREAM }), InvalidAppendError);
        expect(error.code).to.equal('INVALID_APPEND');
        expect(await ctx.store.streamRevision(stream())).to.equal(undefined);
      });
    }
  });
}
