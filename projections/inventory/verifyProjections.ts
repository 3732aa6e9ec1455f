import type { EventStore, GlobalPosition, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import type { Document, ReadStore } from '../../infrastructure/readstore/readStore.js';
import { applyBatch } from '../runtime/applyBatch.js';
import { readCheckpoint } from '../runtime/checkpoints.js';
import { projectionCollections, type Projection } from '../runtime/projection.js';
import { processorId } from '../runtime/projectionRunner.js';

export type DriftKind = 'missing' | 'extra' | 'different';

/** One document that differs: `missing` = the rebuild has it and the live model does not. */
export type Drift = Readonly<{ collection: string; id: string; kind: DriftKind; fields?: readonly string[]; live?: unknown; rebuilt?: unknown }>;

export type CollectionReport = Readonly<{ collection: string; processor: string; position: string | null; live: number; rebuilt: number; drift: number }>;

export type VerifyReport = Readonly<{
  /** Documents that differ, over every collection checked. 0 = the live read models equal a rebuild. */
  drift: number;
  collections: readonly CollectionReport[];
  /** The first differences found (bounded), for the operator. */
  samples: readonly Drift[];
}>;

/** JSON with object keys sorted: two documents are equal when their stable texts are. */
export const stableJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

const differingFields = (a: Document, b: Document): string[] =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => stableJson(a[k]) !== stableJson(b[k])).sort();

/** Applies the projection's events up to and including `until` into `scratch`, in pages. */
const rebuild = async (eventStore: EventStore, scratch: ReadStore, projection: Projection, until: GlobalPosition, pageSize: number) => {
  let page: RecordedEvent[] = [];
  const flush = async () => {
    const events = page;
    page = [];
    if (events.length > 0) await scratch.withTransaction((tx) => applyBatch(projection, events, tx));
  };
  for await (const event of eventStore.readAll({ filter: projection.filter })) {
    if (event.position > until) break;
    page.push(event);
    if (page.length >= pageSize) await flush();
  }
  await flush();
};

/**
 * Self-healing check: rebuilds each projection from the event log into `scratch` (an empty store,
 * e.g. an in-memory embedded one) up to exactly the position the live read model has applied, and
 * compares the two document by document. The live side is read in one transaction, so its
 * documents and checkpoint belong together even while the projection keeps running.
 */
export const verifyProjections = async (
  eventStore: EventStore,
  live: ReadStore,
  scratch: ReadStore,
  projections: readonly Projection[],
  options: Readonly<{ maxSamples?: number; pageSize?: number }> = {},
): Promise<VerifyReport> => {
  const maxSamples = options.maxSamples ?? 50;
  const snapshot = await live.withTransaction(async (tx) => {
    const out: { projection: Projection; checkpoint: GlobalPosition | undefined; docs: Map<string, Document[]> }[] = [];
    for (const projection of projections) {
      const docs = new Map<string, Document[]>();
      for (const name of projectionCollections(projection)) docs.set(name, await tx.collection(name).find({}));
      out.push({ projection, checkpoint: await readCheckpoint(tx, processorId(projection)), docs });
    }
    return out;
  });
  const collections: CollectionReport[] = [];
  const samples: Drift[] = [];
  let drift = 0;
  const note = (d: Drift) => {
    drift += 1;
    if (samples.length < maxSamples) samples.push(d);
  };
  for (const { projection, checkpoint, docs } of snapshot) {
    if (checkpoint !== undefined) await rebuild(eventStore, scratch, projection, checkpoint, options.pageSize ?? 2_000);
    for (const [name, liveDocs] of docs) {
      const rebuilt = new Map((await scratch.collection(name).find({})).map((d) => [d._id, d]));
      const rebuiltCount = rebuilt.size;
      const before = drift;
      for (const doc of liveDocs) {
        const twin = rebuilt.get(doc._id);
        rebuilt.delete(doc._id);
        if (!twin) note({ collection: name, id: doc._id, kind: 'extra', live: doc });
        else if (stableJson(doc) !== stableJson(twin)) {
          const fields = differingFields(doc, twin);
          note({ collection: name, id: doc._id, kind: 'different', fields, live: pick(doc, fields), rebuilt: pick(twin, fields) });
        }
      }
      for (const doc of rebuilt.values()) note({ collection: name, id: doc._id, kind: 'missing', rebuilt: doc });
      collections.push({
        collection: name, processor: processorId(projection), position: checkpoint?.toString() ?? null,
        live: liveDocs.length, rebuilt: rebuiltCount, drift: drift - before,
      });
    }
  }
  return { drift, collections, samples };
};

const pick = (doc: Document, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, doc[f]]));

