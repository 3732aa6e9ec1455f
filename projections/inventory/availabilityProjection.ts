import {
  evolveAtsView, initialAtsViewState, networkAvailability, protectionsOf, viewFromState,
  type AtsView, type AtsViewEvent,
} from '../../domain/availability/index.js';
import { parseInstant, type InventoryEvent, type InventoryPosition } from '../../domain/inventory/index.js';
import { evolveNode, initialNodeState, nodeFromState, type FulfilmentNode, type NodeEvent } from '../../domain/network/index.js';
import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStoreTransaction, WriteOperation } from '../../infrastructure/readstore/readStore.js';
import type { BatchContext, BatchProjection } from '../runtime/projection.js';
import { atsDocument } from './atsDocument.js';
import {
  ATS, ATS_CONFIG, AVAILABILITY, POSITIONS, VISIBILITY, nodeConfigId, positionDocId, positionDocument, positionOf, viewConfigId,
  type ConfigDocument, type PositionDocument,
} from './availabilityModel.js';
import { emptyPosition, evolvePosition } from './positionEvolve.js';

export const AVAILABILITY_STREAM_PREFIXES = ['inventory-', 'node-', 'atsview-'] as const;

/** The configuration part of a node or view (what its evolve folds), without the derived version. */
const withoutVersion = <T extends { version: number }>({ version: _version, ...rest }: T): Omit<T, 'version'> => rest;

/** Business time of an event (metadata.now), else the store's clock; both replay identically. */
const eventTime = (e: RecordedEvent): number => parseInstant(e.metadata.now) ?? e.created.getTime();

type VisibilityDoc = { _id: string; asOf?: string };

/**
 * The configuration documents of one kind, by their id prefix (`view~…`, `node~…`): a range of the
 * primary key, so the store answers from its `_id` index. `{ kind }` is not indexed, and scanning
 * the whole configuration for the (usually no) views on every batch grew with the network — ~4 ms
 * a batch at the Olist sample's 1,204 seller nodes, several per order.
 */
const ofKind = (kind: 'view' | 'node') => {
  const prefix = kind === 'view' ? viewConfigId('') : nodeConfigId(''); // 'view~' / 'node~': the ids' one definition
  return { _id: { $gte: prefix, $lt: `${prefix.slice(0, -1)}\u007f` } }; // every id with the prefix: '~' + anything < '\u007f'
};

/** Loads, in chunks, the documents whose `field` is one of `values`. */
const findIn = async <D extends { _id: string }>(tx: ReadStoreTransaction, name: string, field: string, values: readonly string[]): Promise<D[]> => {
  const out: D[] = [];
  for (let i = 0; i < values.length; i += 500) {
    out.push(...(await tx.collection<D>(name).find({ [field]: { $in: values.slice(i, i + 500) } })));
  }
  return out;
};

/**
 * One batch: positions fold their inventory events; node and view events update the projection's
 * own configuration copy. Then every SKU touched gets its ATS documents (one per view) and its
 * network-wide visibility recomputed from the final state of the batch.
 *
 * Determinism (rebuilds must equal the live model, however events were batched): a document's
 * `asOf` is the latest business time of any event that affected its SKU — per SKU, not per view,
 * and kept in the visibility document — and a configuration change affects exactly the SKUs known
 * at that point of the log when an ATS view exists then (none without a view).
 */
const applyAvailability = async (events: readonly RecordedEvent[], { tx, collectionName }: BatchContext): Promise<void> => {
  const names = { positions: collectionName(POSITIONS), ats: collectionName(ATS), visibility: collectionName(VISIBILITY), config: collectionName(ATS_CONFIG) };
  // The configuration is read only as far as the batch needs it: views always (few), a node when
  // one of its events is folded, and every node only when ATS documents are computed (a view
  // exists). Reading all of it per batch made a network's size a per-batch cost: the Olist replay
  // (1,204 sellers as nodes, no ATS view) spent ~20 % of its time parsing node documents it never used.
  const config = tx.collection<ConfigDocument>(names.config);
  const nodes = new Map<string, FulfilmentNode>();
  const views = new Map<string, AtsView>();
  for (const doc of await config.find(ofKind('view'))) if (doc.kind === 'view') views.set(doc.view.name, doc.view);
  const nodeLookedUp = new Set<string>();
  const storedNode = async (id: string): Promise<FulfilmentNode | undefined> => {
    if (!nodeLookedUp.has(id)) {
      nodeLookedUp.add(id);
      const doc = await config.findOne({ _id: nodeConfigId(id) });
      if (doc?.kind === 'node') nodes.set(id, doc.node);
    }
    return nodes.get(id);
  };
  const inventoryIds = [...new Set(events.filter((e) => e.streamName.startsWith('inventory-'))
    .map((e) => positionDocId((e.data as { nodeId: string }).nodeId, (e.data as { sku: string }).sku)))];
  const positions = new Map<string, InventoryPosition>();
  for (const doc of await findIn<PositionDocument>(tx, names.positions, '_id', inventoryIds)) positions.set(doc._id, positionOf(doc));

  const changed = new Map<string, { lastPosition: string; lastEventAt: string }>();
  const changedConfig = new Set<string>();
  const asOfBySku = new Map<string, number>();
  const bump = (sku: string, at: number) => asOfBySku.set(sku, Math.max(asOfBySku.get(sku) ?? -Infinity, at));
  const batchSkus = new Set<string>();
  let storedSkus: Set<string> | undefined;
  const knownSkus = async () => {
    storedSkus ??= new Set((await tx.collection<VisibilityDoc>(names.visibility).find({}, { projection: { _id: 1 } })).map((d) => d._id));
    return [...storedSkus, ...batchSkus];
  };

  for (const e of events) {
    const at = eventTime(e);
    if (e.streamName.startsWith('inventory-')) {
      const event = { type: e.type, data: e.data } as unknown as InventoryEvent;
      const id = positionDocId(event.data.nodeId, event.data.sku);
      positions.set(id, evolvePosition(positions.get(id) ?? emptyPosition(event.data.nodeId, event.data.sku), event, Number(e.revision)));
      changed.set(id, { lastPosition: e.position.toString(), lastEventAt: new Date(at).toISOString() });
      batchSkus.add(event.data.sku);
      bump(event.data.sku, at);
      continue;
    }
    if (e.streamName.startsWith('node-')) {
      const event = { type: e.type, data: e.data } as unknown as NodeEvent;
      const current = await storedNode(event.data.nodeId);
      const next = nodeFromState(evolveNode(current ? { node: withoutVersion(current), version: current.version } : initialNodeState(), event));
      if (!next) continue;
      nodes.set(next.id, next);
      changedConfig.add(nodeConfigId(next.id));
    } else if (e.streamName.startsWith('atsview-')) {
      const event = { type: e.type, data: e.data } as unknown as AtsViewEvent;
      const current = views.get(event.data.name);
      const state = current ? { definition: withoutVersion(current), version: current.version } : initialAtsViewState();
      const next = viewFromState(evolveAtsView(state, event));
      if (!next) continue;
      views.set(next.name, next);
      changedConfig.add(viewConfigId(next.name));
    } else continue;
    // Node and view configuration only enters ATS documents (visibility is positions alone): with
    // no view at this point of the log a configuration change affects no SKU. Bumping every known
    // SKU anyway recomputed and rewrote the whole catalogue per new node — quadratic in a
    // marketplace replay (Olist: a node per seller, 6,317 SKUs, no ATS view).
    if (views.size > 0) for (const sku of await knownSkus()) bump(sku, at);
  }

  const ops = { positions: [] as WriteOperation[], ats: [] as WriteOperation[], visibility: [] as WriteOperation[], config: [] as WriteOperation[] };
  for (const [id, meta] of changed) {
    ops.positions.push({ replaceOne: { filter: { _id: id }, replacement: positionDocument(positions.get(id)!, meta.lastPosition, meta.lastEventAt), upsert: true } });
  }
  for (const id of changedConfig) {
    const doc: ConfigDocument = id.startsWith('node~')
      ? { _id: id, kind: 'node', node: nodes.get(id.slice(5))! }
      : { _id: id, kind: 'view', view: views.get(id.slice(5))! };
    ops.config.push({ replaceOne: { filter: { _id: id }, replacement: doc, upsert: true } });
  }

  const dirty = [...asOfBySku.keys()];
  const bySku = new Map<string, Map<string, InventoryPosition>>();
  const add = (p: InventoryPosition) => {
    const rows = bySku.get(p.sku) ?? new Map<string, InventoryPosition>();
    rows.set(p.nodeId, p);
    bySku.set(p.sku, rows);
  };
  for (const doc of await findIn<PositionDocument>(tx, names.positions, 'sku', dirty)) add(positionOf(doc));
  for (const p of positions.values()) add(p); // the batch's own state wins over what is stored
  const previousAsOf = new Map((await findIn<VisibilityDoc>(tx, names.visibility, '_id', dirty)).map((d) => [d._id, parseInstant(d.asOf) ?? -Infinity]));
  if (views.size > 0 && dirty.length > 0) {
    // The batch's own node states win over what is stored.
    for (const doc of await config.find(ofKind('node'))) if (doc.kind === 'node' && !nodes.has(doc.node.id)) nodes.set(doc.node.id, doc.node);
  }
  const nodeList = [...nodes.values()];
  const viewList = [...views.values()];
  const protections = protectionsOf(viewList);
  for (const sku of dirty) {
    const rows = [...(bySku.get(sku)?.values() ?? [])];
    const asOf = new Date(Math.max(asOfBySku.get(sku)!, previousAsOf.get(sku) ?? -Infinity)).toISOString();
    for (const view of viewList) {
      const doc = atsDocument(view, nodeList, rows, sku, asOf, protections);
      ops.ats.push({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } });
    }
    const [visibility] = networkAvailability(rows);
    if (visibility) ops.visibility.push({ replaceOne: { filter: { _id: sku }, replacement: { _id: sku, ...visibility, asOf }, upsert: true } });
  }
  for (const [key, name] of Object.entries(names) as [keyof typeof ops, string][]) {
    if (ops[key].length > 0) await tx.collection(name).bulkWrite(ops[key]);
  }
};


/**
 * Available-to-sell in real time: per (node, SKU) positions, ATS per (view, SKU) with its
 * per-node breakdown, and network-wide visibility per SKU. Bump `version` to rebuild blue/green.
 */
export const availabilityProjection = (version = 1): BatchProjection => ({
  kind: 'batch',
  name: AVAILABILITY,
  version,
  filter: { streamPrefixes: AVAILABILITY_STREAM_PREFIXES },
  collections: [POSITIONS, ATS, VISIBILITY, ATS_CONFIG],
  indexes: {
    [POSITIONS]: [{ keys: { sku: 1 } }, { keys: { nodeId: 1 } }],
    [ATS]: [{ keys: { sku: 1 } }, { keys: { view: 1, available: 1 } }],
  },
  apply: applyAvailability,
});
