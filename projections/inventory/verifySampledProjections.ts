import type { EventStore, GlobalPosition, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import type { Document, ReadStore } from '../../infrastructure/readstore/readStore.js';
import { readCheckpoint } from '../runtime/checkpoints.js';
import { matchesFilter, type Projection } from '../runtime/projection.js';
import { processorId } from '../runtime/projectionRunner.js';
import { ATS_CONFIG } from './availabilityModel.js';
import { findSampled, sampledCollections, type SampledCollection } from './sampledCollections.js';
import { configStreamNames, readSampleEvents } from './sampleEvents.js';
import { applyInPages, driftCollector, type CollectionReport, type VerifyReport } from './verifyProjections.js';

type Snapshot = { projection: Projection; checkpoint: GlobalPosition | undefined; docs: Map<SampledCollection, Document[]> };

/** Node ids the live documents mention (positions and reservations carry `nodeId`). */
const liveNodeIds = (snapshot: readonly Snapshot[]): Set<string> => {
  const ids = new Set<string>();
  for (const { docs } of snapshot) {
    for (const list of docs.values()) for (const doc of list) if (typeof doc.nodeId === 'string') ids.add(doc.nodeId);
  }
  return ids;
};

/**
 * Rebuilds `projections` into `scratch` from only the events the documents of `skus` depend on
 * (configuration streams + those SKUs' inventory streams), each up to its `checkpoint`. Exported so
 * tests can compare it with a full rebuild.
 */
export const rebuildSample = async (
  eventStore: EventStore,
  scratch: ReadStore,
  targets: readonly Readonly<{ projection: Projection; checkpoint: GlobalPosition | undefined }>[],
  skus: readonly string[],
  sources: Readonly<{ configStreams: readonly string[]; extraNodeIds?: Iterable<string> }>,
  pageSize = 2_000,
): Promise<void> => {
  const events: RecordedEvent[] = await readSampleEvents(eventStore, sources.configStreams, skus, sources.extraNodeIds);
  for (const { projection, checkpoint } of targets) {
    if (checkpoint === undefined) continue;
    // Same selection as the full rebuild's `readAll({ filter })` up to the checkpoint, restricted to the sample's streams.
    const selected = events.filter((e) => e.position <= checkpoint && matchesFilter(e, projection.filter));
    await applyInPages(selected, scratch, projection, pageSize);
  }
};

/**
 * The bounded form of `verifyProjections` for the scheduled drift check: compares only the
 * documents of `skus` (plus the small configuration collection, always whole). The live side is
 * one short transaction reading each checkpoint and the sampled documents by `$in` on their
 * declared SKU field; the rebuild reads only the streams those documents depend on.
 *
 * Why a SKU's rebuilt documents equal the full rebuild's: its positions and reservations fold only
 * its own streams; its ATS and visibility documents are computed from its positions and the
 * configuration (all of which is replayed), and its `asOf` is bumped by its own events and by the
 * configuration changes after its first event — "known at that point of the log" depends only on
 * the SKU's own history. Other SKUs never feed into its documents.
 */
export const verifySampledProjections = async (
  eventStore: EventStore,
  live: ReadStore,
  scratch: ReadStore,
  projections: readonly Projection[],
  skus: readonly string[],
  options: Readonly<{ maxSamples?: number; pageSize?: number }> = {},
): Promise<VerifyReport> => {
  const snapshot = await live.withTransaction(async (tx) => {
    const out: Snapshot[] = [];
    for (const projection of projections) {
      const docs = new Map<SampledCollection, Document[]>();
      for (const c of sampledCollections(projection)) docs.set(c, await findSampled(tx.collection(c.physical), c.selector, skus));
      out.push({ projection, checkpoint: await readCheckpoint(tx, processorId(projection)), docs });
    }
    return out;
  });

  const liveConfig = snapshot.flatMap(({ docs }) => [...docs].filter(([c]) => c.logical === ATS_CONFIG).flatMap(([, list]) => list));
  await rebuildSample(eventStore, scratch, snapshot, skus, {
    configStreams: await configStreamNames(live, liveConfig),
    extraNodeIds: liveNodeIds(snapshot),
  }, options.pageSize);

  const collections: CollectionReport[] = [];
  const collector = driftCollector(options.maxSamples ?? 50);
  for (const { projection, checkpoint, docs } of snapshot) {
    for (const [c, liveDocs] of docs) {
      const rebuilt = await findSampled(scratch.collection(c.physical), c.selector, skus);
      const drift = collector.compare(c.physical, liveDocs, rebuilt);
      collections.push({
        collection: c.physical, processor: processorId(projection), position: checkpoint?.toString() ?? null,
        live: liveDocs.length, rebuilt: rebuilt.length, drift,
      });
    }
  }
  return { drift: collector.total(), collections, samples: collector.samples, sample: { count: skus.length, skus } };
};
