import type { EventFilter, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import type { Document, IndexSpec, ReadStoreTransaction } from '../../infrastructure/readstore/readStore.js';

/**
 * A document projection is a pure function of (read model document, event) → new document, in
 * the style of Emmett's Pongo projections. The runner loads the documents a batch touches,
 * folds the batch's events into them in memory, and writes each changed document once,
 * together with the checkpoint, in one read-store transaction.
 */
export type DocumentProjection<D extends Document = Document> = Readonly<{
  kind: 'document';
  /** Logical name; the physical collection is `<name>_v<version>`. */
  name: string;
  /** Bump to rebuild blue/green: the new version catches up beside the old one, then takes over. */
  version: number;
  /** Server-side filter: only these events are delivered (others still advance the checkpoint). */
  filter: EventFilter;
  indexes?: readonly IndexSpec[];
  /** Ids of the documents this event changes (none → the event is ignored by this projection). */
  documentIds: (event: RecordedEvent) => readonly string[];
  /** The new document (or null to delete it). Must be pure and deterministic: rebuilds compare digests. */
  evolve: (document: D | null, event: RecordedEvent, documentId: string) => D | null;
}>;

/**
 * A batch projection writes whatever it needs through the transaction (e.g. aggregates across
 * documents with $inc). Use only when a document projection cannot express it.
 */
export type BatchProjection = Readonly<{
  kind: 'batch';
  name: string;
  version: number;
  filter: EventFilter;
  /** Collections it writes, by logical name; each gets the `_v<version>` suffix. */
  collections: readonly string[];
  indexes?: Readonly<Record<string, readonly IndexSpec[]>>;
  apply: (events: readonly RecordedEvent[], context: BatchContext) => Promise<void>;
}>;

export type BatchContext = Readonly<{
  tx: ReadStoreTransaction;
  /** Physical name of one of the projection's logical collections. */
  collectionName: (logical: string) => string;
}>;

export type Projection = DocumentProjection<any> | BatchProjection;

/** Physical collection of a projection version: `orderTracking_v3`. */
export const physicalName = (logical: string, version: number): string => `${logical}_v${version}`;

/** Every physical collection a projection version writes. */
export const projectionCollections = (projection: Projection): string[] =>
  projection.kind === 'document'
    ? [physicalName(projection.name, projection.version)]
    : projection.collections.map((c) => physicalName(c, projection.version));

export const matchesFilter = (event: RecordedEvent, filter: EventFilter): boolean => {
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => event.streamName.startsWith(p))) return false;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  return true;
};
