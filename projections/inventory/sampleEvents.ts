import { atsViewStreamName } from '../../domain/availability/index.js';
import { inventoryStreamName } from '../../domain/inventory/index.js';
import { nodeStreamName } from '../../domain/network/index.js';
import { StreamNotFoundError } from '../../infrastructure/eventstore/errors.js';
import type { EventStore, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import type { Document, ReadStore } from '../../infrastructure/readstore/readStore.js';
import { atsViewsProjection } from '../availability/atsViewsProjection.js';
import { nodesProjection } from '../network/nodesProjection.js';
import { projectionCollections } from '../runtime/projection.js';
import type { ConfigDocument } from './availabilityModel.js';

/** Streams read concurrently (one round trip each on EventStoreDB; cheap indexed reads on SQLite). */
const READ_CONCURRENCY = 8;

/** A stream's events, or none when it does not exist (a node that never held the SKU). */
const readStreamOrEmpty = async (eventStore: EventStore, streamName: string): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  try {
    for await (const event of eventStore.readStream(streamName)) out.push(event);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return out;
};

/** Streams read between two yields to the event loop (see below). */
const YIELD_EVERY = 64;

const readStreams = async (eventStore: EventStore, names: readonly string[]): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      out.push(...(await readStreamOrEmpty(eventStore, names[next++]!)));
      // The SQLite adapter answers synchronously (its promises resolve as microtasks): without this
      // a sample of nodes × SKUs streams would hold the event loop for the whole read.
      if (next % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, names.length) }, worker));
  return out;
};

/**
 * The configuration streams to read, found without scanning the log: the nodes and views in the
 * availability projection's own configuration copy, plus those of the independent `network_nodes`
 * and `ats_views` read models — so a node missing from the live copy still shows up as drift.
 */
export const configStreamNames = async (live: ReadStore, liveConfig: readonly Document[]): Promise<string[]> => {
  const names = new Set<string>();
  for (const doc of liveConfig as unknown as ConfigDocument[]) {
    if (doc.kind === 'node' && doc.node?.id) names.add(nodeStreamName(doc.node.id));
    if (doc.kind === 'view' && doc.view?.name) names.add(atsViewStreamName(doc.view.name));
  }
  const [nodes] = projectionCollections(nodesProjection());
  const [views] = projectionCollections(atsViewsProjection());
  for (const doc of await live.collection(nodes!).find({}, { projection: { _id: 1 } })) names.add(nodeStreamName(doc._id));
  for (const doc of await live.collection(views!).find({}, { projection: { _id: 1 } })) names.add(atsViewStreamName(doc._id));
  return [...names].sort();
};

/**
 * Every event the documents of `skus` depend on, in global order: the configuration streams, then
 * the `inventory-<nodeId>~<sku>` stream of each sampled SKU at each node — the nodes named by the
 * node events, plus `extraNodeIds` (nodes the live documents mention, in case a stream exists for a
 * node without a `node-` stream). Each stream is read by name (indexed), never the whole log.
 */
export const readSampleEvents = async (
  eventStore: EventStore,
  configStreams: readonly string[],
  skus: readonly string[],
  extraNodeIds: Iterable<string> = [],
): Promise<RecordedEvent[]> => {
  const config = await readStreams(eventStore, configStreams);
  const nodeIds = new Set(extraNodeIds);
  for (const e of config) {
    const nodeId = (e.data as { nodeId?: unknown } | null)?.nodeId;
    if (e.streamName.startsWith('node-') && typeof nodeId === 'string') nodeIds.add(nodeId);
  }
  const inventoryStreams = [...new Set([...nodeIds].sort().flatMap((node) => skus.map((sku) => inventoryStreamName(node, sku))))];
  const inventory = await readStreams(eventStore, inventoryStreams);
  return [...config, ...inventory].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
};
