import { expect } from 'chai';
import { NO_STREAM, type SubscriptionBatch } from '../../../../infrastructure/eventstore/eventStore.js';
import {
  events,
  expectStrictlyIncreasing,
  ofNs,
  sleep,
  subscribeUntil,
  type ContractContext,
} from './contractContext.js';

/** subscribeToAll: catch-up → live, ordering, backpressure, filters, unsubscribe. */
export function subscriptionContract(ctx: ContractContext): void {
  const stream = (category = 'order', id = '1') => `${ctx.ns}${category}-${id}`;
  const mine = () => ({ streamPrefixes: [ctx.ns] });

  describe('subscribeToAll', () => {
    it('catches up on history, signals caughtUp, then delivers live events in order without duplicates', async () => {
      const head = await ctx.store.headPosition();
      const history = [...events(3), ...events(4)];
      await ctx.store.append(stream('order', 'a'), history.slice(0, 3), { expectedRevision: NO_STREAM });
      await ctx.store.append(stream('order', 'b'), history.slice(3), { expectedRevision: NO_STREAM });
      const live = events(5);
      let liveWritten = false;
      const { batches, events: received } = await subscribeUntil(
        ctx.store,
        { after: head, filter: mine(), batchSize: 2 },
        (c) => {
          if (!liveWritten && c.batches.some((b) => b.caughtUp)) {
            liveWritten = true;
            // Written only once the subscription reports it is live.
            void ctx.store.append(stream('order', 'a'), live.slice(0, 2), { expectedRevision: 2n })
              .then(() => ctx.store.append(stream('order', 'c'), live.slice(2), { expectedRevision: NO_STREAM }));
          }
          return c.events.length >= 12;
        },
      );
      expect(received.map((e) => e.id)).to.deep.equal([...history, ...live].map((e) => e.id));
      expectStrictlyIncreasing(received.map((e) => e.position));
      const firstCaughtUp = batches.findIndex((b) => b.caughtUp);
      const beforeLive = batches.slice(0, firstCaughtUp + 1).flatMap((b) => b.events);
      expect(beforeLive.map((e) => e.id)).to.deep.equal(history.map((e) => e.id));
      for (const batch of batches) {
        expect(batch.events.length).to.be.at.most(2);
        const last = batch.events.at(-1);
        if (last) expect(batch.position >= last.position).to.equal(true);
      }
      expectStrictlyIncreasing(batches.filter((b) => b.events.length > 0).map((b) => b.position));
    });

    it('loses and duplicates nothing when writes race the catch-up/live boundary', async () => {
      const head = await ctx.store.headPosition();
      const writers = 4;
      const perWriter = 30;
      const write = async (w: number) => {
        let expected: bigint | typeof NO_STREAM = NO_STREAM;
        for (let i = 0; i < perWriter / 3; i++) {
          expected = (await ctx.store.append(stream('order', `w${w}`), events(3), { expectedRevision: expected })).nextExpectedRevision;
          if (i % 3 === 0) await sleep(1);
        }
      };
      // Some history first, then the subscription starts while the writers are still going.
      const writing = Promise.all(Array.from({ length: writers }, (_, w) => write(w)));
      await sleep(5);
      const { events: received } = await subscribeUntil(
        ctx.store,
        { after: head, filter: mine(), batchSize: 7 },
        (c) => c.events.length >= writers * perWriter,
      );
      await writing;
      await sleep(100); // anything extra (a duplicate) would arrive here; the subscription is gone, so re-check via ids
      expect(received).to.have.length(writers * perWriter);
      expect(new Set(received.map((e) => e.id)).size).to.equal(writers * perWriter);
      expectStrictlyIncreasing(received.map((e) => e.position));
      for (let w = 0; w < writers; w++) {
        const revs = received.filter((e) => e.streamName === stream('order', `w${w}`)).map((e) => e.revision);
        expect(revs).to.deep.equal(Array.from({ length: perWriter }, (_, i) => BigInt(i)));
      }
    });

    it('delivers only events strictly after `after`', async () => {
      const first = await ctx.store.append(stream(), events(3), { expectedRevision: NO_STREAM });
      const rest = events(2);
      await ctx.store.append(stream(), rest, { expectedRevision: 2n });
      const { events: received } = await subscribeUntil(ctx.store, { after: first.position, filter: mine() }, (c) => c.batches.some((b) => b.caughtUp));
      expect(ofNs(ctx.ns, received).map((e) => e.id)).to.deep.equal(rest.map((e) => e.id));
    });

    it('never has more than maxUnacked batches outstanding with a slow consumer', async () => {
      const head = await ctx.store.headPosition();
      await ctx.store.append(stream(), events(12), { expectedRevision: NO_STREAM });
      let outstanding = 0;
      let maxOutstanding = 0;
      const received: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const sub = ctx.store.subscribeToAll({ after: head, filter: mine(), batchSize: 1, maxUnacked: 2 }).subscribe({
          next: (batch) => {
            outstanding++;
            maxOutstanding = Math.max(maxOutstanding, outstanding);
            received.push(...batch.events.map((e) => e.id));
            setTimeout(() => {
              outstanding--;
              batch.ack();
              if (received.length >= 12) {
                sub.unsubscribe();
                resolve();
              }
            }, 15);
          },
          error: reject,
        });
      });
      expect(received).to.have.length(12);
      expect(maxOutstanding).to.equal(2);
    });

    it('stops delivering while batches are unacknowledged; ack is idempotent', async () => {
      const head = await ctx.store.headPosition();
      await ctx.store.append(stream(), events(6), { expectedRevision: NO_STREAM });
      const batches: SubscriptionBatch[] = [];
      const sub = ctx.store.subscribeToAll({ after: head, filter: mine(), batchSize: 1, maxUnacked: 1 }).subscribe({
        next: (batch) => batches.push(batch),
      });
      try {
        await sleep(300);
        expect(batches).to.have.length(1);
        batches[0]!.ack();
        batches[0]!.ack();
        await sleep(300);
        expect(batches).to.have.length(2);
        batches[1]!.ack();
        await sleep(300);
        expect(batches).to.have.length(3);
      } finally {
        sub.unsubscribe();
      }
    });

    it('advances the batch position past filtered-out events', async () => {
      const head = await ctx.store.headPosition();
      const wanted = events(1);
      const first = await ctx.store.append(stream('order', 'a'), wanted, { expectedRevision: NO_STREAM });
      let last = await ctx.store.append(stream('return', 'b'), events(10), { expectedRevision: NO_STREAM });
      last = await ctx.store.append(stream('return', 'b'), events(10), { expectedRevision: last.nextExpectedRevision });
      const filter = { streamPrefixes: [`${ctx.ns}order-`] };
      const reached = (c: { batches: SubscriptionBatch[] }) => c.batches.some((b) => b.position >= last.position);
      const fromHead = await subscribeUntil(ctx.store, { after: head, filter, batchSize: 5 }, reached);
      expect(fromHead.events.map((e) => e.id)).to.deep.equal(wanted.map((e) => e.id));
      // Only filtered-out events after `first`: progress must come as batches without events.
      const onlyFiltered = await subscribeUntil(ctx.store, { after: first.position, filter, batchSize: 5 }, reached);
      expect(onlyFiltered.events).to.have.length(0);
      expect(onlyFiltered.batches.some((b) => b.events.length === 0 && b.position >= last.position)).to.equal(true);
    });

    it('stops delivering after unsubscribe', async () => {
      const head = await ctx.store.headPosition();
      const batches: SubscriptionBatch[] = [];
      const sub = ctx.store.subscribeToAll({ after: head, filter: mine() }).subscribe({
        next: (batch) => {
          batches.push(batch);
          batch.ack();
        },
      });
      await ctx.store.append(stream(), events(1), { expectedRevision: NO_STREAM });
      for (let i = 0; i < 100 && !batches.some((b) => b.events.length > 0); i++) await sleep(20);
      expect(batches.flatMap((b) => b.events)).to.have.length(1);
      sub.unsubscribe();
      const seen = batches.length;
      await ctx.store.append(stream(), events(2), { expectedRevision: 0n });
      await sleep(400);
      expect(batches).to.have.length(seen);
    });
  });
}
