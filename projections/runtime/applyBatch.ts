import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import type { Document, ReadStoreTransaction, WriteOperation } from '../../infrastructure/readstore/readStore.js';
import { matchesFilter, physicalName, type Projection } from './projection.js';

/**
 * Applies one batch of events to a projection inside a read-store transaction. Document
 * projections load each touched document once, fold the batch's events into it in memory and
 * write it back once — the reason rebuilds run at memory speed rather than one write per event.
 */
export const applyBatch = async (projection: Projection, events: readonly RecordedEvent[], tx: ReadStoreTransaction): Promise<number> => {
  const relevant = events.filter((e) => matchesFilter(e, projection.filter));
  if (relevant.length === 0) return 0;
  if (projection.kind === 'batch') {
    await projection.apply(relevant, { tx, collectionName: (logical) => physicalName(logical, projection.version) });
    return relevant.length;
  }
  const collection = tx.collection<Document>(physicalName(projection.name, projection.version));
  const touched = new Map<string, RecordedEvent[]>();
  for (const event of relevant) {
    for (const id of projection.documentIds(event)) {
      const list = touched.get(id);
      if (list) list.push(event);
      else touched.set(id, [event]);
    }
  }
  if (touched.size === 0) return 0;
  const ids = [...touched.keys()];
  const existing = new Map<string, Document>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const doc of await collection.find({ _id: { $in: ids.slice(i, i + 500) } })) existing.set(doc._id, doc);
  }
  const operations: WriteOperation[] = [];
  for (const [id, list] of touched) {
    const before = existing.get(id) ?? null;
    let doc: Document | null = before;
    for (const event of list) doc = projection.evolve(doc, event, id);
    if (doc === null) {
      if (before !== null) operations.push({ deleteOne: { filter: { _id: id } } });
    } else {
      // Folded documents usually carry their _id already: copying a ~2 KB document per write is measurable.
      operations.push({ replaceOne: { filter: { _id: id }, replacement: doc._id === id ? doc : { ...doc, _id: id }, upsert: true } });
    }
  }
  if (operations.length > 0) await collection.bulkWrite(operations);
  return relevant.length;
};
