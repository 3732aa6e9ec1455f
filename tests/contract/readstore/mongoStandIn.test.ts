import { expect } from 'chai';
import { deserialize, serialize, ObjectId, Long, type Document as BsonDocument } from 'bson';
import { MongoClient, MongoServerError } from 'mongodb';
import { connect, type Socket } from 'node:net';
import { startMongoStandIn, type MongoStandIn } from '../../support/mongoStandIn/startMongoStandIn.js';
import {
  FLAG_EXHAUST_ALLOWED,
  FLAG_MORE_TO_COME,
  OP_MSG,
  OP_QUERY,
  OP_REPLY,
  createFrameReader,
  encodeMsg,
} from '../../support/mongoStandIn/wireProtocol.js';

/** The stand-in's protocol behaviour, checked with raw bytes and with the official driver. */
type Frame = { opCode: number; responseTo: number; flags: number; doc: BsonDocument };

const decode = (frame: Buffer): Frame => {
  const opCode = frame.readInt32LE(12);
  const responseTo = frame.readInt32LE(8);
  if (opCode === OP_REPLY) return { opCode, responseTo, flags: 0, doc: deserialize(frame.subarray(36)) };
  return { opCode, responseTo, flags: frame.readUInt32LE(16), doc: deserialize(frame.subarray(21)) };
};

const rawClient = async (port: number) => {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const frames: Frame[] = [];
  const waiting: ((f: Frame) => void)[] = [];
  socket.on(
    'data',
    createFrameReader((bytes) => {
      const frame = decode(bytes);
      const next = waiting.shift();
      if (next) next(frame);
      else frames.push(frame);
    }),
  );
  return {
    socket,
    next: (timeoutMs = 2000) =>
      new Promise<Frame>((resolve, reject) => {
        const ready = frames.shift();
        if (ready) return resolve(ready);
        const timer = setTimeout(() => reject(new Error('no reply')), timeoutMs);
        waiting.push((f) => {
          clearTimeout(timer);
          resolve(f);
        });
      }),
  };
};

/** An OP_MSG with a kind 1 document sequence, as the driver sends `documents` for inserts. */
const msgWithSequence = (requestId: number, body: BsonDocument, identifier: string, docs: BsonDocument[]): Buffer => {
  const kind0 = Buffer.concat([Buffer.from([0]), serialize(body)]);
  const payload = Buffer.concat([Buffer.from(`${identifier}\0`), ...docs.map((d) => serialize(d))]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(4 + payload.length);
  const kind1 = Buffer.concat([Buffer.from([1]), size, payload]);
  const header = Buffer.alloc(20);
  header.writeInt32LE(20 + kind0.length + kind1.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([header, kind0, kind1]);
};

const opQuery = (requestId: number, ns: string, query: BsonDocument): Buffer => {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from(`${ns}\0`), Buffer.alloc(4), Buffer.from([0xff, 0xff, 0xff, 0xff]), serialize(query)]);
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(OP_QUERY, 12);
  return Buffer.concat([header, body]);
};

describe('MongoDB wire-protocol stand-in', function () {
  let standIn: MongoStandIn;
  const sockets: Socket[] = [];
  const client = async () => {
    const c = await rawClient(standIn.port);
    sockets.push(c.socket);
    return c;
  };
  beforeEach(async () => {
    standIn = await startMongoStandIn();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await standIn.dispose();
  });

  it('answers the legacy OP_QUERY handshake with OP_REPLY describing a replica-set primary', async () => {
    const c = await client();
    c.socket.write(opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true, client: { driver: { name: 'raw' } } }));
    const reply = await c.next();
    expect(reply.opCode).to.equal(OP_REPLY);
    expect(reply.responseTo).to.equal(7);
    expect(reply.doc).to.include({ ismaster: true, setName: 'rs0', maxWireVersion: 21, ok: 1 });
  });

  it('holds an awaitable hello for maxAwaitTimeMS and then streams replies with moreToCome', async () => {
    const c = await client();
    const topologyVersion = { processId: new ObjectId(), counter: Long.fromNumber(0) };
    const started = Date.now();
    c.socket.write(encodeMsg(1, 0, { hello: 1, maxAwaitTimeMS: 150, topologyVersion, $db: 'admin' }, FLAG_EXHAUST_ALLOWED));
    const first = await c.next();
    expect(Date.now() - started).to.be.at.least(140);
    expect(first.flags & FLAG_MORE_TO_COME).to.equal(FLAG_MORE_TO_COME);
    expect(first.doc).to.include({ isWritablePrimary: true, ok: 1 });
    const second = await c.next();
    expect(Date.now() - started).to.be.at.least(290);
    expect(second.flags & FLAG_MORE_TO_COME).to.equal(FLAG_MORE_TO_COME);
  });

  it('reassembles messages split across TCP chunks and several messages in one chunk', async () => {
    const c = await client();
    const a = encodeMsg(1, 0, { ping: 1, $db: 'admin' });
    const b = encodeMsg(2, 0, { buildInfo: 1, $db: 'admin' });
    const bytes = Buffer.concat([a, b]);
    c.socket.write(bytes.subarray(0, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    c.socket.write(bytes.subarray(5));
    const replies = [await c.next(), await c.next()].sort((x, y) => x.responseTo - y.responseTo);
    expect(replies.map((r) => r.responseTo)).to.deep.equal([1, 2]);
    expect(replies[1]?.doc.version).to.equal('7.0.0');
  });

  it('reads kind 1 document sequences (how the driver sends documents, updates and deletes)', async () => {
    const c = await client();
    c.socket.write(msgWithSequence(1, { insert: 'seq', ordered: true, $db: 'app' }, 'documents', [{ _id: 'a' }, { _id: 'b' }]));
    expect((await c.next()).doc).to.include({ n: 2, ok: 1 });
    c.socket.write(msgWithSequence(2, { delete: 'seq', $db: 'app' }, 'deletes', [{ q: { _id: 'a' }, limit: 1 }]));
    expect((await c.next()).doc).to.include({ n: 1, ok: 1 });
    c.socket.write(encodeMsg(3, 0, { find: 'seq', filter: {}, $db: 'app' }));
    expect((await c.next()).doc.cursor.firstBatch).to.deep.equal([{ _id: 'b' }]);
  });

  it('answers an unknown command with CommandNotFound (59)', async () => {
    const c = await client();
    c.socket.write(encodeMsg(1, 0, { frobnicate: 1, $db: 'admin' }));
    expect((await c.next()).doc).to.include({ ok: 0, code: 59, codeName: 'CommandNotFound' });
  });

  it('serves large results in batches through getMore and reports E11000 like a server', async () => {
    const mongo = new MongoClient(standIn.url, { serverSelectionTimeoutMS: 2000 });
    try {
      const coll = mongo.db('app').collection<{ _id: string; i: number }>('many');
      await coll.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: `k${String(i).padStart(3, '0')}`, i })));
      const all = await coll.find({}, { batchSize: 40, sort: { i: 1 } }).toArray();
      expect(all.map((d) => d.i)).to.deep.equal(Array.from({ length: 250 }, (_, i) => i));
      const error = await coll.insertOne({ _id: 'k000', i: -1 }).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(MongoServerError);
      expect((error as MongoServerError).code).to.equal(11000);
      expect((error as MongoServerError).message).to.match(/^E11000 duplicate key error/);
    } finally {
      await mongo.close();
    }
  });

  it('stop() closes open connections and restart() keeps the port and the data', async () => {
    const c = await client();
    c.socket.write(msgWithSequence(1, { insert: 'kept', $db: 'app' }, 'documents', [{ _id: 'x' }]));
    await c.next();
    const closed = new Promise((resolve) => c.socket.once('close', resolve));
    await standIn.stop();
    await closed;
    await standIn.restart();
    const again = await client();
    again.socket.write(encodeMsg(1, 0, { count: 'kept', query: {}, $db: 'app' }));
    expect((await again.next()).doc).to.include({ n: 1, ok: 1 });
  });
});
