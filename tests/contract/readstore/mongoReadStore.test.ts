import { expect } from 'chai';
import { openMongoReadStore, type MongoReadStore } from '../../../infrastructure/readstore/mongo/mongoReadStore.js';
import { ReadStoreUnavailableError } from '../../../infrastructure/readstore/readStore.js';
import { startMongoStandIn, type MongoStandIn } from '../../support/mongoStandIn/startMongoStandIn.js';
import { expectRejection } from './contract/contractContext.js';
import { describeReadStoreContract } from './readStoreContract.js';

/**
 * The MongoDB adapter against (a) the in-process wire-protocol stand-in, always, and (b) a real
 * server when MONGO_URL is set (a replica set, e.g. `mongodb://localhost:27017/?replicaSet=rs0`).
 * The stand-in proves the adapter drives the official driver correctly; only (b) proves MongoDB's
 * own semantics (docs/mongo-standin.md).
 */
let databases = 0;
const dbName = () => `contract_${process.pid}_${++databases}`;

describe('MongoDB read store', function () {
  let standIn: MongoStandIn | undefined;
  const shared = async () => (standIn ??= await startMongoStandIn());
  after(async () => standIn?.dispose());

  describeReadStoreContract('MongoDB adapter via in-process wire-protocol stand-in', async () => {
    const store = await openMongoReadStore({ url: (await shared()).url, dbName: dbName(), checkScope: true });
    return { store, dispose: () => store.close() };
  });

  const url = process.env.MONGO_URL;
  if (url) {
    describeReadStoreContract(`MongoDB adapter via real server (${url})`, async () => {
      const name = dbName();
      const store = await openMongoReadStore({ url, dbName: name, checkScope: true });
      return {
        store,
        dispose: async () => {
          await store.client.db(name).dropDatabase();
          await store.close();
        },
      };
    });
  } else {
    describe.skip('ReadStore contract: MongoDB adapter via real server (set MONGO_URL to run)', () => {
      it('runs the whole contract suite against a real MongoDB replica set');
    });
  }

  describe('MongoDB adapter availability (stand-in stopped and restarted)', function () {
    let own: MongoStandIn;
    let store: MongoReadStore;
    before(async () => {
      own = await startMongoStandIn();
      store = await openMongoReadStore({ url: own.url, dbName: 'faults', serverSelectionTimeoutMS: 400 });
      await store.collection('c').insertOne({ _id: 'before', n: 1 });
    });
    after(async () => {
      await store?.close();
      await own?.dispose();
    });

    it('reports ReadStoreUnavailableError while the server is down', async () => {
      await own.stop();
      for (const attempt of [
        store.ping(),
        store.collection('c').findOne({ _id: 'before' }),
        store.collection('c').insertOne({ _id: 'during' }),
        store.withTransaction(async (tx) => tx.collection('c').insertOne({ _id: 'during-tx' })),
      ]) {
        const error = await expectRejection(attempt);
        expect(error).to.be.instanceOf(ReadStoreUnavailableError);
        expect(error.status).to.equal(503);
      }
    });

    it('recovers after a restart without reopening the adapter, with the data intact', async () => {
      await own.restart();
      // The driver re-checks a down server at most every 500 ms (minHeartbeatFrequencyMS), so the
      // first selection after the restart may still time out; a caller retries like this.
      const deadline = Date.now() + 5000;
      for (;;) {
        try {
          await store.ping();
          break;
        } catch (error) {
          expect(error).to.be.instanceOf(ReadStoreUnavailableError);
          if (Date.now() > deadline) throw error;
        }
      }
      expect(await store.collection('c').findOne({ _id: 'before' })).to.deep.equal({ _id: 'before', n: 1 });
      await store.collection('c').insertOne({ _id: 'after' });
      expect(await store.collection('c').countDocuments({})).to.equal(2);
    });
  });

  it('fails to open with ReadStoreUnavailableError when nothing listens', async () => {
    const probe = await startMongoStandIn();
    const deadUrl = probe.url;
    await probe.dispose();
    const error = await expectRejection(openMongoReadStore({ url: deadUrl, dbName: 'x', serverSelectionTimeoutMS: 200 }));
    expect(error).to.be.instanceOf(ReadStoreUnavailableError);
  });
});
