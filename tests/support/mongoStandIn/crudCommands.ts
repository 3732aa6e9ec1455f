import { find as mingoFind } from 'mingo';
import type { Document, Filter, ReadCollection, Update } from '../../../infrastructure/readstore/readStore.js';
import { CommandError, toCommandError } from './standInErrors.js';
import type { CommandContext, CommandHandler } from './commandContext.js';

/** find/getMore/killCursors/insert/update/delete/findAndModify/aggregate/count over the embedded engine. */

const collectionName = (ctx: CommandContext, verb: string): string => {
  const name = ctx.command[verb];
  if (typeof name !== 'string' || name.length === 0) throw new CommandError(73, 'InvalidNamespace', `${verb} needs a collection name`);
  return name;
};

const open = async (ctx: CommandContext, verb: string): Promise<[string, ReadCollection<Document>]> => {
  const name = collectionName(ctx, verb);
  return [name, await ctx.collection(name)];
};

const ns = (ctx: CommandContext, name: string) => `${ctx.db}.${name}`;

const isOperatorUpdate = (u: unknown): boolean =>
  typeof u === 'object' && u !== null && !Array.isArray(u) && Object.keys(u).length > 0 && Object.keys(u).every((k) => k.startsWith('$'));

const writeError = (index: number, error: unknown) => {
  const e = toCommandError(error);
  return { index, code: e.code, codeName: e.codeName, errmsg: e.message };
};

const find: CommandHandler = async (ctx) => {
  const [name, coll] = await open(ctx, 'find');
  const c = ctx.command;
  const limit = typeof c.limit === 'number' ? Math.abs(c.limit) : 0;
  const docs = await coll.find((c.filter ?? {}) as Filter, {
    sort: c.sort as never,
    projection: c.projection as never,
    skip: typeof c.skip === 'number' ? c.skip : 0,
    limit,
  });
  return ctx.cursors.first(ns(ctx, name), docs, c.batchSize as number | undefined, c.singleBatch === true || (c.limit as number) < 0);
};

const getMore: CommandHandler = async (ctx) => {
  const reply = ctx.cursors.more(Number(ctx.command.getMore), ctx.command.batchSize as number | undefined);
  if (!reply) throw new CommandError(43, 'CursorNotFound', `cursor id ${String(ctx.command.getMore)} not found`);
  return reply;
};

const killCursors: CommandHandler = async (ctx) => {
  const { killed, notFound } = ctx.cursors.kill(((ctx.command.cursors as unknown[]) ?? []).map(Number));
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const insert: CommandHandler = async (ctx) => {
  const [, coll] = await open(ctx, 'insert');
  const ordered = ctx.command.ordered !== false;
  let n = 0;
  const writeErrors: unknown[] = [];
  for (const [index, doc] of ((ctx.command.documents as Document[]) ?? []).entries()) {
    try {
      await coll.insertOne(doc);
      n++;
    } catch (error) {
      writeErrors.push(writeError(index, error));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

type UpdateStatement = { q?: Filter; u?: unknown; upsert?: boolean; multi?: boolean };

const update: CommandHandler = async (ctx) => {
  const [, coll] = await open(ctx, 'update');
  const ordered = ctx.command.ordered !== false;
  let n = 0;
  let nModified = 0;
  const upserted: { index: number; _id: unknown }[] = [];
  const writeErrors: unknown[] = [];
  for (const [index, statement] of ((ctx.command.updates as UpdateStatement[]) ?? []).entries()) {
    try {
      const filter = statement.q ?? {};
      const options = { upsert: statement.upsert === true };
      if (Array.isArray(statement.u)) throw new CommandError(2, 'BadValue', 'pipeline-style updates are not supported by the stand-in');
      const result = !isOperatorUpdate(statement.u)
        ? await coll.replaceOne(filter, statement.u as Document, options)
        : statement.multi
          ? await coll.updateMany(filter, statement.u as Update, options)
          : await coll.updateOne(filter, statement.u as Update, options);
      n += result.matchedCount;
      nModified += result.modifiedCount;
      if (result.upsertedId !== undefined) {
        n++;
        upserted.push({ index, _id: result.upsertedId });
      }
    } catch (error) {
      writeErrors.push(writeError(index, error));
      if (ordered) break;
    }
  }
  return { n, nModified, ...(upserted.length ? { upserted } : {}), ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
};

const remove: CommandHandler = async (ctx) => {
  const [, coll] = await open(ctx, 'delete');
  const ordered = ctx.command.ordered !== false;
  let n = 0;
  const writeErrors: unknown[] = [];
  for (const [index, statement] of ((ctx.command.deletes as { q?: Filter; limit?: number }[]) ?? []).entries()) {
    try {
      const filter = statement.q ?? {};
      n += (statement.limit === 1 ? await coll.deleteOne(filter) : await coll.deleteMany(filter)).deletedCount;
    } catch (error) {
      writeErrors.push(writeError(index, error));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

/**
 * findAndModify: atomic in the stand-in because nothing else runs between its steps (one command at a
 * time reaches the embedded store, and writers outside a transaction queue behind an open one).
 */
const findAndModify: CommandHandler = async (ctx) => {
  const [, coll] = await open(ctx, 'findAndModify');
  const c = ctx.command;
  const query = (c.query ?? {}) as Filter;
  const sort = c.sort as Record<string, 1 | -1> | undefined;
  const projection = c.fields as Record<string, 0 | 1> | undefined;
  const target = await coll.findOne(query, { sort });
  const project = (doc: Document | null) =>
    doc && projection && Object.keys(projection).length > 0 ? ((mingoFind([doc], {}, projection).all()[0] as Document | undefined) ?? null) : doc;
  if (c.remove === true) {
    if (target) await coll.deleteOne({ _id: target._id });
    return { lastErrorObject: { n: target ? 1 : 0 }, value: project(target), ok: 1 };
  }
  if (Array.isArray(c.update)) throw new CommandError(2, 'BadValue', 'pipeline-style updates are not supported by the stand-in');
  const filter = target ? { _id: target._id } : query;
  const upsert = c.upsert === true;
  let after: Document | null;
  let upsertedId: string | undefined;
  if (isOperatorUpdate(c.update)) {
    after = await coll.findOneAndUpdate(filter, c.update as Update, { upsert });
    if (!target && after) upsertedId = after._id;
  } else {
    const result = await coll.replaceOne(filter, c.update as Document, { upsert });
    upsertedId = result.upsertedId;
    after = await coll.findOne({ _id: upsertedId ?? target?._id ?? '' });
  }
  const value = project(c.new === true ? after : target);
  const lastErrorObject = { n: target || upsertedId ? 1 : 0, updatedExisting: target !== null, ...(upsertedId ? { upserted: upsertedId } : {}) };
  return { lastErrorObject, value, ok: 1 };
};

const aggregate: CommandHandler = async (ctx) => {
  const [name, coll] = await open(ctx, 'aggregate');
  const pipeline = (ctx.command.pipeline ?? []) as Record<string, unknown>[];
  const docs = await coll.aggregate(pipeline);
  const batchSize = (ctx.command.cursor as { batchSize?: number } | undefined)?.batchSize;
  return ctx.cursors.first(ns(ctx, name), docs, batchSize);
};

const count: CommandHandler = async (ctx) => {
  const [, coll] = await open(ctx, 'count');
  const c = ctx.command;
  let n = await coll.countDocuments((c.query ?? {}) as Filter);
  if (typeof c.skip === 'number') n = Math.max(0, n - c.skip);
  if (typeof c.limit === 'number' && c.limit !== 0) n = Math.min(n, Math.abs(c.limit));
  return { n, ok: 1 };
};

export const crudCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  insert,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
  aggregate,
  count,
};
