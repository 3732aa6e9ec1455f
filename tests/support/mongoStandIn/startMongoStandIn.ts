import { createServer, type Server, type Socket } from 'node:net';
import { ObjectId, type Document as BsonDocument } from 'bson';
import { openEmbeddedReadStore, type EmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { adminCommands, helloReply } from './adminCommands.js';
import type { CommandContext, CommandHandler, ServerIdentity } from './commandContext.js';
import { crudCommands } from './crudCommands.js';
import { createCursorRegistry } from './cursors.js';
import { createSessionRegistry } from './sessions.js';
import { CommandError, errorReply } from './standInErrors.js';
import {
  FLAG_EXHAUST_ALLOWED,
  FLAG_MORE_TO_COME,
  OP_QUERY,
  createFrameReader,
  encodeMsg,
  encodeReply,
  parseMessage,
  type IncomingMessage,
} from './wireProtocol.js';

/**
 * An in-process MongoDB stand-in for tests: an OP_MSG server on 127.0.0.1 that the official driver
 * accepts as a single-node replica set primary (`?directConnection=true`). Each database is an
 * in-memory embedded read store, so query/update/aggregation semantics are mingo's plus the embedded
 * adapter's additions — this proves that the MongoDB adapter speaks the protocol and maps results
 * and errors, NOT that real MongoDB behaves the same (see docs/mongo-standin.md).
 */
export type MongoStandIn = Readonly<{
  url: string;
  port: number;
  /** Closes the listener and every socket (clients see the server as down); data and port are kept. */
  stop(): Promise<void>;
  /** Listens again on the same port with the same data. */
  restart(): Promise<void>;
  /** stop() and release the in-memory databases. */
  dispose(): Promise<void>;
}>;

export type MongoStandInOptions = Readonly<{ setName?: string; transactionLifetimeMs?: number }>;

const HANDLERS: Record<string, CommandHandler> = { ...adminCommands, ...crudCommands };

const isHello = (name: string) => name === 'hello' || name.toLowerCase() === 'ismaster';

export const startMongoStandIn = async (options: MongoStandInOptions = {}): Promise<MongoStandIn> => {
  const stores = new Map<string, Promise<EmbeddedReadStore>>();
  const opened = new Map<string, EmbeddedReadStore>();
  const cursors = createCursorRegistry();
  const sessions = createSessionRegistry(options.transactionLifetimeMs);
  const sockets = new Map<Socket, Set<NodeJS.Timeout>>();
  let server: Server | undefined;
  let port = 0;
  let connectionIds = 0;
  let requestIds = 1;
  let identity: ServerIdentity = { address: '', setName: options.setName ?? 'rs0', processId: new ObjectId(), electionId: new ObjectId() };

  const storeFor = (db: string): Promise<EmbeddedReadStore> => {
    let store = stores.get(db);
    if (!store) {
      store = openEmbeddedReadStore({ path: ':memory:' }).then((s) => (opened.set(db, s), s));
      stores.set(db, store);
    }
    return store;
  };

  const send = (socket: Socket, bytes: Buffer) => {
    if (!socket.destroyed) socket.write(bytes);
  };

  const execute = async (command: BsonDocument, db: string, connectionId: number): Promise<BsonDocument> => {
    const name = Object.keys(command)[0] ?? '';
    const handler = HANDLERS[name] ?? (isHello(name) ? HANDLERS.ismaster : undefined);
    const ctx: CommandContext = {
      command,
      db,
      connectionId,
      server: identity,
      cursors,
      sessions,
      store: () => storeFor(db),
      existingStore: () => opened.get(db),
      dropDatabase: async () => {
        const store = opened.get(db);
        stores.delete(db);
        opened.delete(db);
        await store?.close();
      },
      collection: async (collection) => sessions.collection(command, db, collection, await storeFor(db)),
    };
    try {
      if (!handler) throw new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
      return await handler(ctx);
    } catch (error) {
      return errorReply(error);
    }
  };

  /** Awaitable hello: answer after maxAwaitTimeMS, and keep streaming when the driver allowed exhaust. */
  const holdHello = (socket: Socket, message: IncomingMessage, connectionId: number) => {
    const timers = sockets.get(socket);
    if (!timers) return;
    const wait = Math.max(0, Number(message.command.maxAwaitTimeMS));
    const exhaust = (message.flags & FLAG_EXHAUST_ALLOWED) !== 0;
    const legacy = Object.keys(message.command)[0] !== 'hello';
    let responseTo = message.requestId;
    const tick = () => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        const id = requestIds++;
        send(socket, encodeMsg(id, responseTo, helloReply({ server: identity, connectionId }, legacy), exhaust ? FLAG_MORE_TO_COME : 0));
        responseTo = id;
        if (exhaust && !socket.destroyed) tick();
      }, wait);
      timer.unref();
      timers.add(timer);
    };
    tick();
  };

  const handleFrame = async (socket: Socket, connectionId: number, frame: Buffer) => {
    let message: IncomingMessage;
    try {
      message = parseMessage(frame);
    } catch {
      socket.destroy();
      return;
    }
    const command = message.command;
    const name = Object.keys(command)[0] ?? '';
    if (isHello(name) && command.maxAwaitTimeMS !== undefined && command.topologyVersion !== undefined) {
      holdHello(socket, message, connectionId);
      return;
    }
    const db = message.namespace ? (message.namespace.split('.')[0] ?? 'admin') : String(command.$db ?? 'admin');
    const reply = await execute(command, db, connectionId);
    if (message.flags & FLAG_MORE_TO_COME) return; // an unacknowledged write expects no answer
    let bytes: Buffer;
    try {
      bytes = message.opCode === OP_QUERY ? encodeReply(requestIds++, message.requestId, reply) : encodeMsg(requestIds++, message.requestId, reply);
    } catch (error) {
      bytes = encodeMsg(requestIds++, message.requestId, errorReply(error));
    }
    send(socket, bytes);
  };

  const onConnection = (socket: Socket) => {
    const connectionId = ++connectionIds;
    sockets.set(socket, new Set());
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      for (const timer of sockets.get(socket) ?? []) clearTimeout(timer);
      sockets.delete(socket);
    });
    const read = createFrameReader((frame) => void handleFrame(socket, connectionId, frame));
    socket.on('data', (chunk: Buffer) => {
      try {
        read(chunk);
      } catch {
        socket.destroy();
      }
    });
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer(onConnection);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject);
        server = s;
        const address = s.address();
        if (address && typeof address === 'object') port = address.port;
        resolve();
      });
    });

  const stop = async () => {
    const s = server;
    server = undefined;
    await sessions.abortAll();
    cursors.clear();
    for (const [socket, timers] of sockets) {
      for (const timer of timers) clearTimeout(timer);
      socket.destroy();
    }
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  identity = { ...identity, address: `127.0.0.1:${port}` };

  return {
    url: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    port,
    stop,
    restart: async () => {
      if (server) return;
      // A restarted server is a new process: a new topologyVersion.processId, as the driver expects.
      identity = { ...identity, processId: new ObjectId() };
      await listen();
    },
    dispose: async () => {
      await stop();
      for (const store of opened.values()) await store.close();
      opened.clear();
      stores.clear();
    },
  };
};
