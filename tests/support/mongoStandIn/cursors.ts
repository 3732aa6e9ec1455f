import { Long } from 'bson';

/**
 * Server-side cursors. Results are materialised when the command runs (the stand-in has no
 * snapshots to keep), then handed out in batches through getMore like a real server does.
 */
type OpenCursor = { readonly ns: string; readonly docs: readonly unknown[]; offset: number };

const DEFAULT_FIRST_BATCH = 101;

export type CursorRegistry = ReturnType<typeof createCursorRegistry>;

export const createCursorRegistry = () => {
  const open = new Map<number, OpenCursor>();
  let nextId = 1;

  const reply = (id: number, ns: string, batch: unknown[], field: 'firstBatch' | 'nextBatch') => ({
    cursor: { [field]: batch, id: Long.fromNumber(id), ns },
    ok: 1,
  });

  return {
    first(ns: string, docs: unknown[], batchSize?: number, singleBatch = false) {
      const size = batchSize === undefined ? DEFAULT_FIRST_BATCH : batchSize;
      if (singleBatch) return reply(0, ns, batchSize ? docs.slice(0, batchSize) : docs, 'firstBatch');
      if (docs.length <= size) return reply(0, ns, docs, 'firstBatch');
      const id = nextId++;
      open.set(id, { ns, docs, offset: size });
      return reply(id, ns, docs.slice(0, size), 'firstBatch');
    },

    more(id: number, batchSize?: number) {
      const cursor = open.get(id);
      if (!cursor) return undefined;
      const end = batchSize && batchSize > 0 ? cursor.offset + batchSize : cursor.docs.length;
      const batch = cursor.docs.slice(cursor.offset, end);
      cursor.offset = end;
      const exhausted = cursor.offset >= cursor.docs.length;
      if (exhausted) open.delete(id);
      return reply(exhausted ? 0 : id, cursor.ns, batch, 'nextBatch');
    },

    kill(ids: number[]): { killed: number[]; notFound: number[] } {
      const killed: number[] = [];
      const notFound: number[] = [];
      for (const id of ids) (open.delete(id) ? killed : notFound).push(id);
      return { killed, notFound };
    },

    clear: () => open.clear(),
  };
};
