import { Long } from 'bson';
import { Query } from 'mingo';
import type { CommandContext, CommandHandler } from './commandContext.js';
import { CommandError } from './standInErrors.js';

/** Handshake, topology, catalogue and session commands. */

export const MAX_WIRE_VERSION = 21; // MongoDB 7.0

export const helloReply = (ctx: Pick<CommandContext, 'server' | 'connectionId'>, legacy: boolean) => ({
  ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
  helloOk: true,
  topologyVersion: { processId: ctx.server.processId, counter: Long.fromNumber(0) },
  hosts: [ctx.server.address],
  setName: ctx.server.setName,
  setVersion: 1,
  secondary: false,
  primary: ctx.server.address,
  me: ctx.server.address,
  electionId: ctx.server.electionId,
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: ctx.connectionId,
  minWireVersion: 0,
  maxWireVersion: MAX_WIRE_VERSION,
  readOnly: false,
  ok: 1,
});

const collectionArg = (ctx: CommandContext, verb: string): string => {
  const name = ctx.command[verb];
  if (typeof name !== 'string' || name.length === 0) throw new CommandError(73, 'InvalidNamespace', `${verb} needs a collection name`);
  return name;
};

const nsNotFound = (ns: string) => new CommandError(26, 'NamespaceNotFound', `ns does not exist: ${ns}`);

const listCollections: CommandHandler = async (ctx) => {
  const store = ctx.existingStore();
  const names = store ? await store.listCollections() : [];
  const infos = names.map((name) => ({ name, type: 'collection', options: {}, info: { readOnly: false }, idIndex: { v: 2, key: { _id: 1 }, name: '_id_' } }));
  const filter = (ctx.command.filter ?? {}) as Record<string, unknown>;
  const query = new Query(filter, {});
  const docs = infos.filter((i) => query.test(i)).map((i) => (ctx.command.nameOnly ? { name: i.name, type: i.type } : i));
  return ctx.cursors.first(`${ctx.db}.$cmd.listCollections`, docs);
};

const createIndexes: CommandHandler = async (ctx) => {
  const name = collectionArg(ctx, 'createIndexes');
  const store = await ctx.store();
  const existed = (await store.listCollections()).includes(name);
  const coll = await ctx.collection(name);
  const before = existed ? (await coll.listIndexes()).length : 1;
  for (const spec of (ctx.command.indexes ?? []) as { key: Record<string, 1 | -1>; name?: string; unique?: boolean }[]) {
    await coll.createIndex({ keys: spec.key, name: spec.name, unique: spec.unique === true });
  }
  const after = (await coll.listIndexes()).length;
  return { createdCollectionAutomatically: !existed, numIndexesBefore: before, numIndexesAfter: after, ok: 1 };
};

const listIndexes: CommandHandler = async (ctx) => {
  const name = collectionArg(ctx, 'listIndexes');
  const store = ctx.existingStore();
  if (!store || !(await store.listCollections()).includes(name)) throw nsNotFound(`${ctx.db}.${name}`);
  const specs = await (await ctx.collection(name)).listIndexes();
  // A real server reports no `unique` flag on the implicit _id index.
  const docs = specs.map((s) => ({ v: 2, key: s.keys, name: s.name, ...(s.unique && s.name !== '_id_' ? { unique: true } : {}) }));
  return ctx.cursors.first(`${ctx.db}.${name}`, docs);
};

const drop: CommandHandler = async (ctx) => {
  const name = collectionArg(ctx, 'drop');
  const store = ctx.existingStore();
  if (!store || !(await store.listCollections()).includes(name)) throw nsNotFound(`${ctx.db}.${name}`);
  const coll = await ctx.collection(name);
  const nIndexesWas = (await coll.listIndexes()).length;
  await coll.drop();
  return { ns: `${ctx.db}.${name}`, nIndexesWas, ok: 1 };
};

const create: CommandHandler = async (ctx) => {
  const name = collectionArg(ctx, 'create');
  const store = await ctx.store();
  if ((await store.listCollections()).includes(name)) throw new CommandError(48, 'NamespaceExists', `Collection ${ctx.db}.${name} already exists.`);
  await (await ctx.collection(name)).createIndex({ keys: { _id: 1 } });
  return { ok: 1 };
};

export const adminCommands: Record<string, CommandHandler> = {
  hello: async (ctx) => helloReply(ctx, false),
  ismaster: async (ctx) => helloReply(ctx, true),
  ping: async () => ({ ok: 1 }),
  buildInfo: async () => ({ version: '7.0.0', versionArray: [7, 0, 0, 0], gitVersion: 'stand-in', bits: 64, maxBsonObjectSize: 16 * 1024 * 1024, ok: 1 }),
  buildinfo: async () => ({ version: '7.0.0', versionArray: [7, 0, 0, 0], ok: 1 }),
  getParameter: async () => ({ featureCompatibilityVersion: { version: '7.0' }, ok: 1 }),
  listCollections,
  createIndexes,
  listIndexes,
  drop,
  create,
  dropDatabase: async (ctx) => {
    await ctx.dropDatabase();
    return { dropped: ctx.db, ok: 1 };
  },
  endSessions: async () => ({ ok: 1 }),
  killAllSessions: async () => ({ ok: 1 }),
  commitTransaction: async (ctx) => ctx.sessions.commit(ctx.command),
  abortTransaction: async (ctx) => ctx.sessions.abort(ctx.command),
};
