import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadCollection, WriteOperation } from '../../infrastructure/readstore/readStore.js';
import { asOrderEvent, ORDER_STREAM_PREFIX, orderIdOfStream } from '../orders/orderStreams.js';
import type { BatchProjection } from '../runtime/projection.js';
import { addAllToCell, cellId, contributions, emptyCell, isEmptyCell, type CellKey, type CellValues, type KpiCell } from './kpiCells.js';
import { evolveKpiFactByOrderEvent, evolveKpiFactByReturnEvent, orderIdOfReturnEvent, type KpiFact } from './kpiFacts.js';

export const KPIS = 'kpis';
export const KPI_ORDERS = 'kpi_orders';
export const KPI_CELLS = 'kpi_cells';
const RETURN_STREAM_PREFIX = 'return-';

const orderIdOf = (e: RecordedEvent): string | undefined =>
  e.streamName.startsWith(ORDER_STREAM_PREFIX) ? orderIdOfStream(e.streamName) : orderIdOfReturnEvent(e.data);

const findIn = async <D extends { _id: string }>(c: ReadCollection<D>, ids: readonly string[]): Promise<Map<string, D>> => {
  const out = new Map<string, D>();
  for (let i = 0; i < ids.length; i += 500) for (const d of await c.find({ _id: { $in: ids.slice(i, i + 500) } })) out.set(d._id, d);
  return out;
};

/**
 * The KPI read models (docs/read-models.md): `kpi_orders` (facts per order) and `kpi_cells` (the
 * day × channel × node × carrier cube). A batch projection because one order's change moves
 * counters in cells other orders share: per batch, each touched order's facts are folded, its
 * old contribution subtracted and its new one added, and facts, cells and the checkpoint are
 * written in the runner's one transaction.
 */
export const kpiProjection = (version = 1): BatchProjection => ({
  kind: 'batch',
  name: KPIS,
  version,
  filter: { streamPrefixes: [ORDER_STREAM_PREFIX, RETURN_STREAM_PREFIX] },
  collections: [KPI_ORDERS, KPI_CELLS],
  indexes: {
    [KPI_ORDERS]: [{ keys: { day: 1 } }, { keys: { channel: 1, day: 1 } }],
    [KPI_CELLS]: [{ keys: { day: 1 } }, { keys: { channel: 1, day: 1 } }],
  },
  apply: async (events, { tx, collectionName }) => {
    const facts = tx.collection<KpiFact>(collectionName(KPI_ORDERS));
    const cells = tx.collection<KpiCell>(collectionName(KPI_CELLS));
    const relevant = events.map((e) => [e, orderIdOf(e)] as const).filter((x): x is readonly [RecordedEvent, string] => x[1] !== undefined);
    if (relevant.length === 0) return;
    const before = await findIn(facts, [...new Set(relevant.map(([, id]) => id))]);
    const after = new Map<string, KpiFact | null>([...before].map(([id, f]) => [id, f]));
    for (const [e, id] of relevant) {
      const current = after.get(id) ?? null;
      const next = e.streamName.startsWith(ORDER_STREAM_PREFIX)
        ? evolveKpiFactByOrderEvent(current, asOrderEvent(e))
        : evolveKpiFactByReturnEvent(current, e.type, e.data);
      after.set(id, next);
    }
    const deltas = new Map<string, { key: CellKey; parts: [CellValues, 1 | -1][] }>();
    const add = (key: CellKey, values: CellValues, sign: 1 | -1) => {
      const id = cellId(key);
      const d = deltas.get(id) ?? { key, parts: [] };
      d.parts.push([values, sign]);
      deltas.set(id, d);
    };
    const factWrites: WriteOperation[] = [];
    for (const [id, fact] of after) {
      const old = before.get(id) ?? null;
      if (fact === old) continue;
      for (const [key, values] of contributions(old)) add(key, values, -1);
      for (const [key, values] of contributions(fact)) add(key, values, 1);
      factWrites.push(fact ? { replaceOne: { filter: { _id: id }, replacement: fact, upsert: true } } : { deleteOne: { filter: { _id: id } } });
    }
    if (factWrites.length > 0) await facts.bulkWrite(factWrites);
    const existing = await findIn(cells, [...deltas.keys()]);
    const cellWrites: WriteOperation[] = [];
    for (const [id, { key, parts }] of deltas) {
      const start = existing.get(id);
      const cell = addAllToCell(start ?? emptyCell(key), parts);
      if (isEmptyCell(cell)) {
        if (start) cellWrites.push({ deleteOne: { filter: { _id: id } } });
      } else {
        cellWrites.push({ replaceOne: { filter: { _id: id }, replacement: cell, upsert: true } });
      }
    }
    if (cellWrites.length > 0) await cells.bulkWrite(cellWrites);
  },
});
