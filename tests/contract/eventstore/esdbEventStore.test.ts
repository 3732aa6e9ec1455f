import { expect } from 'chai';
import { NO_STREAM, type SubscriptionBatch } from '../../../infrastructure/eventstore/eventStore.js';
import { DuplicateEventIdError, StoreUnavailableError } from '../../../infrastructure/eventstore/errors.js';
import { openEsdbEventStore } from '../../../infrastructure/eventstore/esdb/esdbEventStore.js';
import { decodePosition } from '../../../infrastructure/eventstore/esdb/position.js';
import { startEsdbStandIn, type EsdbStandIn } from '../../support/esdbStandIn/startEsdbStandIn.js';
import { collect, events, expectRejection, sleep, subscribeUntil } from './contract/contractContext.js';
import { describeEventStoreContract } from './eventStoreContract.js';

/**
 * The EventStoreDB adapter against (a) the in-process protocol stand-in, always, and (b) a real
 * server when EVENTSTORE_URL is set (e.g. `esdb://localhost:2113?tls=false`). The stand-in proves
 * the adapter's code speaks the protocol through the real client; only (b) proves server semantics
 * (docs/esdb-standin.md).
 */
describe('EventStoreDB adapter', function () {
  // A fresh stand-in per opened store: v6 `readAll` filters on the client, so a log shared by
  // the whole suite would make every filtered read scan all earlier tests' events.
  describeEventStoreContract('EventStoreDB adapter via in-process protocol stand-in', async () => {
    const standIn = await startEsdbStandIn();
    const store = await openEsdbEventStore({ connectionString: standIn.connectionString });
    return {
      store,
      dispose: async () => {
        await store.close();
        await standIn.stop();
      },
    };
  });

  const url = process.env.EVENTSTORE_URL;
  if (url) {
    describeEventStoreContract(`EventStoreDB adapter via real server (${url})`, async () => {
      const store = await openEsdbEventStore({ connectionString: url });
      return { store, dispose: () => store.close() };
    });
  } else {
    describe.skip('EventStore contract: EventStoreDB adapter via real server (set EVENTSTORE_URL to run)', () => {
      it('runs the whole contract suite against a real EventStoreDB');
    });
  }

  describe('EventStoreDB adapter specifics (stand-in)', () => {
    let own: EsdbStandIn;
    const opened: Array<{ close(): Promise<void> }> = [];
    const standIns: EsdbStandIn[] = [];
    const open = async (standInOptions = {}, idReuseWindow?: number) => {
      own = await startEsdbStandIn(standInOptions);
      standIns.push(own);
      const store = await openEsdbEventStore({ connectionString: own.connectionString, idReuseWindow });
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      for (const standIn of standIns.splice(0)) await standIn.stop();
    });

    it('encodes (p, p) positions of a multi-event append, gappy and strictly increasing', async () => {
      const store = await open();
      const result = await store.append('order-1', events(3), { expectedRevision: NO_STREAM });
      const read = await collect(store.readStream('order-1'));
      const decoded = read.map((e) => decodePosition(e.position));
      for (const { commit, prepare } of decoded) expect(commit).to.equal(prepare);
      expect(decoded[1]!.commit - decoded[0]!.commit > 1n, 'positions are log offsets, not counters').to.equal(true);
      expect(result.position).to.equal(read[2]!.position);
      // The raw server answer for that append has prepare = first event, commit = last event.
      const raw = own.log.all().filter((e) => e.streamName === 'order-1');
      expect(decodePosition(result.position).commit).to.equal(raw[2]!.position);
    });

    it('resumes exactly after a checkpoint-shaped position (commit, 0) from a filtered subscription', async () => {
      const store = await open();
      await store.append('return-1', events(5), { expectedRevision: NO_STREAM });
      const { batches } = await subscribeUntil(store, { filter: { streamPrefixes: ['order-'] } }, (c) => c.batches.some((b) => b.caughtUp));
      const checkpoint = batches.at(-1)!.position;
      expect(decodePosition(checkpoint).prepare, 'server checkpoints are (nextRecord, 0)').to.equal(0n);
      const wanted = events(1);
      await store.append('order-1', wanted, { expectedRevision: NO_STREAM });
      const resumed = await subscribeUntil(store, { after: checkpoint, filter: { streamPrefixes: ['order-'] } }, (c) => c.events.length >= 1);
      expect(resumed.events.map((e) => e.id)).to.deep.equal(wanted.map((e) => e.id));
      const read = await collect(store.readAll({ after: checkpoint }));
      expect(read.map((e) => e.id)).to.deep.equal(wanted.map((e) => e.id));
    });

    it('keeps metadata events ($$stream) out of readAll, subscriptions and headPosition', async () => {
      const store = await open();
      const { position } = await store.append('order-1', events(1), { expectedRevision: NO_STREAM });
      await store.setStreamMetadata('order-1', { maxCount: 10 });
      expect(own.log.all().some((e) => e.streamName === '$$order-1')).to.equal(true);
      expect((await collect(store.readAll())).map((e) => e.streamName)).to.deep.equal(['order-1']);
      expect(await store.headPosition()).to.equal(position);
      const { events: received, batches } = await subscribeUntil(store, {}, (c) => c.batches.some((b) => b.caughtUp));
      expect(received.map((e) => e.streamName)).to.deep.equal(['order-1']);
      expect(batches.at(-1)!.position > position, 'position moves past the metadata event').to.equal(true);
    });

    it('signals caughtUp from the head read at start when the server sends no caught_up message', async () => {
      const store = await open({ caughtUpMessages: false });
      await store.append('order-1', events(4), { expectedRevision: NO_STREAM });
      const { batches, events: received } = await subscribeUntil(store, { batchSize: 3 }, (c) => c.batches.some((b) => b.caughtUp));
      expect(received).to.have.length(4);
      expect(batches.findIndex((b) => b.caughtUp)).to.equal(batches.length - 1);
    });

    it('maps a stopped server to StoreUnavailableError and recovers after restart, data intact', async () => {
      const store = await open();
      await store.append('order-1', events(2), { expectedRevision: NO_STREAM });
      const failed = new Promise<unknown>((resolve) => {
        store.subscribeToAll({}).subscribe({ next: (b: SubscriptionBatch) => b.ack(), error: resolve });
      });
      await sleep(50);
      await own.stop();
      const error = await expectRejection(store.append('order-1', events(1), { expectedRevision: 1n }), StoreUnavailableError);
      expect(error.retriable).to.equal(true);
      expect(await failed).to.be.instanceOf(StoreUnavailableError);
      await own.restart();
      let revision: bigint | undefined;
      for (let i = 0; i < 50 && revision === undefined; i++) {
        revision = await store.streamRevision('order-1').catch(() => undefined);
        if (revision === undefined) await sleep(50);
      }
      expect(revision).to.equal(1n);
      expect((await store.append('order-1', events(1), { expectedRevision: 1n })).nextExpectedRevision).to.equal(2n);
    });

    it('rejects ids reused at the current end with DuplicateEventIdError (the server alone would write them)', async () => {
      const store = await open();
      const batch = events(2);
      await store.append('order-1', batch, { expectedRevision: NO_STREAM });
      const error = await expectRejection(store.append('order-1', batch, { expectedRevision: 1n }), DuplicateEventIdError);
      expect(error.eventId).to.be.oneOf(batch.map((e) => e.id));
      // Without the look-back, EventStoreDB semantics: the same ids are written a second time.
      const unchecked = await open({}, 0);
      await unchecked.append('order-1', batch, { expectedRevision: NO_STREAM });
      await unchecked.append('order-1', batch, { expectedRevision: 1n });
      expect(await collect(unchecked.readStream('order-1'))).to.have.length(4);
    });

    it('releases the server-side subscription on unsubscribe and on close', async () => {
      const store = await open();
      const sub = store.subscribeToAll({}).subscribe({ next: (b: SubscriptionBatch) => b.ack() });
      for (let i = 0; i < 50 && own.log.subscriberCount() === 0; i++) await sleep(10);
      expect(own.log.subscriberCount()).to.equal(1);
      sub.unsubscribe();
      for (let i = 0; i < 50 && own.log.subscriberCount() > 0; i++) await sleep(10);
      expect(own.log.subscriberCount()).to.equal(0);
      store.subscribeToAll({ filter: { streamPrefixes: ['x-'] } }).subscribe({ next: (b: SubscriptionBatch) => b.ack() });
      for (let i = 0; i < 50 && own.log.subscriberCount() === 0; i++) await sleep(10);
      await store.close();
      for (let i = 0; i < 50 && own.log.subscriberCount() > 0; i++) await sleep(10);
      expect(own.log.subscriberCount()).to.equal(0);
    });

    it('returns the soft-delete marker as no truncateBefore and undeletes on a metadata write', async () => {
      const store = await open();
      await store.append('order-1', events(2), { expectedRevision: NO_STREAM });
      await store.deleteStream('order-1', { expectedRevision: 1n });
      expect(await store.getStreamMetadata('order-1')).to.deep.equal({});
      await store.setStreamMetadata('order-1', { custom: { owner: 'ops' } });
      // Like the server: new metadata on a soft-deleted stream undeletes it, old events hidden.
      expect(await collect(store.readStream('order-1'))).to.have.length(0);
      expect(await store.getStreamMetadata('order-1')).to.deep.equal({ truncateBefore: 2n, custom: { owner: 'ops' } });
    });
  });
});
