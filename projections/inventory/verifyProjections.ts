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

/** What a sampled run covered (absent on a full check): the SKUs whose documents were compared. */
export type SkuSampleReport = Readonly<{ count: number; skus: readonly string[] }>;

export type VerifyReport = Readonly<{
  /** Documents that differ, over every collection checked. 0 = the live read models equal a rebuild. */
  drift: number;
  collections: readonly CollectionReport[];
  /** The first differences found (bounded), for the operator. */
  samples: readonly Drift[];
  /** Set by a sampled check (`verifySampledProjections`): only these SKUs' documents (and all configuration) were compared. */
  sample?: SkuSampleReport;
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

/** Applies `events` (already in global order and selected for `projection`) into `scratch`, in pages. */
export const applyInPages = async (events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>, scratch: ReadStore, projection: Projection, pageSize: number): Promise<void> => {
  let page: RecordedEvent[] = [];
  const flush = async () => {
    const batch = page;
    page = [];
    if (batch.length > 0) await scratch.withTransaction((tx) => applyBatch(projection, batch, tx));
  };
  for await (const event of events) {
    page.push(event);
    if (page.length >= pageSize) await flush();
  }
  await flush();
};

/** The projection's events from the whole log up to and including `until`. */
async function* eventsUntil(eventStore: EventStore, projection: Projection, until: GlobalPosition): AsyncIterable<RecordedEvent> {
  for await (const event of eventStore.readAll({ filter: projection.filter })) {
    if (event.position > until) return;
    yield event;
  }
}

/** Collects drift over several collections: the total, and the first `maxSamples` differences. */
export const driftCollector = (maxSamples: number) => {
  const samples: Drift[] = [];
  let drift = 0;
  return {
    samples,
    total: () => drift,
    /**
     * Compares one collection's live documents with the rebuilt ones (by `_id`, as stable JSON)
     * and returns how many differ.
     */
    compare: (name: string, liveDocs: readonly Document[], rebuiltDocs: readonly Document[]): number => {
      const before = drift;
      const note = (d: Drift) => {
        drift += 1;
        if (samples.length < maxSamples) samples.push(d);
      };
      const rebuilt = new Map(rebuiltDocs.map((d) => [d._id, d]));
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
      return drift - before;
    },
  };
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
  const collector = driftCollector(maxSamples);
  for (const { projection, checkpoint, docs } of snapshot) {
    if (checkpoint !== undefined) await applyInPages(eventsUntil(eventStore, projection, checkpoint), scratch, projection, options.pageSize ?? 2_000);
    for (const [name, liveDocs] of docs) {
      const rebuilt = await scratch.collection(name).find({});
      const drift = collector.compare(name, liveDocs, rebuilt);
      collections.push({
        collection: name, processor: processorId(projection), position: checkpoint?.toString() ?? null,
        live: liveDocs.length, rebuilt: rebuilt.length, drift,
      });
    }
  }
  return { drift: collector.total(), collections, samples: collector.samples };
};

const pick = (doc: Document, fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, doc[f]]));
