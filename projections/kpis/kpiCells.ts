import { Decimal } from 'decimal.js';
import type { KpiFact } from './kpiFacts.js';

/**
 * `kpi_cells`: the KPI cube, one document per (day, channel, node, carrier) holding additive
 * counters, so any grouping is a sum. An order contributes to cells as a pure function of its
 * facts (`contributions`); when its facts change, the projection subtracts the old contribution
 * and adds the new one, so the cube is the same however events are batched (replays compare
 * digests). Durations are whole minutes and money is decimal strings: sums stay exact.
 *
 * Attribution: the order counts once, in the cell of its placement day, its channel, its
 * primary node (the node that shipped most of its units; else the node most units were allocated
 * to; else proposed at checkout; else `unassigned`) and its primary carrier (first shipment's
 * carrier; `pickup` for store pickups; else `none`). Releases and rejections count at the node
 * they happened at.
 */
export const COUNTERS = [
  'orders', 'units', 'cancelledOrders', 'cancelledUnits', 'fulfilledUnits', 'shippedOrders', 'splitOrders', 'handedOverOrders',
  'promiseMeasured', 'promiseKept', 'promisedLeadMinutes', 'actualLeadMinutes', 'shipTimeMinutes',
  'backorderedOrders', 'backorderedUnits', 'returnedOrders', 'returnedUnits', 'releases', 'rejections',
] as const;
export type Counter = (typeof COUNTERS)[number];
export const MONEY = ['revenue', 'refunds', 'costToServe'] as const;
export type MoneyField = (typeof MONEY)[number];

export type CellKey = Readonly<{ day: string; channel: string; node: string; carrier: string }>;
export type CellValues = Partial<Record<Counter, number>> & Partial<Record<MoneyField, Record<string, string>>>;
export type KpiCell = CellKey & Record<Counter, number> & Record<MoneyField, Record<string, string>> & { _id: string };

export const cellId = (k: CellKey): string => [k.day, k.channel, k.node, k.carrier].map(encodeURIComponent).join('|');

const HANDED_OVER = new Set(['delivered', 'picked_up', 'completed']);
const minutesBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

const largest = (map: Record<string, number>): string | undefined =>
  Object.entries(map).filter(([, n]) => n > 0).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]?.[0];

export const primaryNode = (f: KpiFact): string => {
  const shipped: Record<string, number> = {};
  for (const s of f.shipments) shipped[s.node] = (shipped[s.node] ?? 0) + s.units;
  return largest(shipped) ?? largest(f.allocated) ?? largest(f.proposed) ?? 'unassigned';
};

export const primaryCarrier = (f: KpiFact): string => {
  const first = [...f.shipments].sort((a, b) => (a.shippedAt < b.shippedAt ? -1 : a.shippedAt > b.shippedAt ? 1 : 0))[0];
  return first?.carrier ?? (f.deliveryMethod === 'pickup' ? 'pickup' : 'none');
};

/** Delivered by the end of the promise: a date-only promise counts the whole day. */
const keptPromise = (handedOverAt: string, latest: string): boolean =>
  latest.length === 10 ? handedOverAt.slice(0, 10) <= latest : Date.parse(handedOverAt) <= Date.parse(latest);

export const contributions = (f: KpiFact | null): [CellKey, CellValues][] => {
  if (!f) return [];
  const carrier = primaryCarrier(f);
  const key: CellKey = { day: f.day, channel: f.channel, node: primaryNode(f), carrier };
  const shippedUnits = f.shipments.reduce((n, s) => n + s.units, 0);
  const handedOver = HANDED_OVER.has(f.status) && f.handedOverAt !== null;
  const measured = handedOver && f.promiseLatest !== null;
  const firstShip = f.shipments.map((s) => s.shippedAt).sort()[0];
  const main: CellValues = {
    orders: 1,
    units: f.units,
    cancelledOrders: f.status === 'cancelled' ? 1 : 0,
    cancelledUnits: f.cancelledUnits,
    fulfilledUnits: shippedUnits + f.pickedUpUnits,
    shippedOrders: f.shipments.length > 0 ? 1 : 0,
    splitOrders: f.shipments.length > 1 ? 1 : 0,
    handedOverOrders: handedOver ? 1 : 0,
    promiseMeasured: measured ? 1 : 0,
    promiseKept: measured && keptPromise(f.handedOverAt!, f.promiseLatest!) ? 1 : 0,
    promisedLeadMinutes: measured ? minutesBetween(f.placedAt, f.promiseLatest!.length === 10 ? `${f.promiseLatest}T23:59:59.999Z` : f.promiseLatest!) : 0,
    actualLeadMinutes: measured ? minutesBetween(f.placedAt, f.handedOverAt!) : 0,
    shipTimeMinutes: firstShip ? minutesBetween(f.placedAt, firstShip) : 0,
    backorderedOrders: f.backorderedUnits > 0 ? 1 : 0,
    backorderedUnits: f.backorderedUnits,
    returnedOrders: f.returnRequests > 0 ? 1 : 0,
    returnedUnits: f.returnedUnits,
    revenue: { [f.currency]: f.total },
    refunds: f.refunds,
    costToServe: f.costToServe,
  };
  const out: [CellKey, CellValues][] = [[key, main]];
  const nodes = [...new Set([...Object.keys(f.releases), ...Object.keys(f.rejections)])].sort();
  for (const node of nodes) out.push([{ ...key, node }, { releases: f.releases[node] ?? 0, rejections: f.rejections[node] ?? 0 }]);
  return out;
};

export const emptyCell = (key: CellKey): KpiCell => ({
  _id: cellId(key),
  ...key,
  ...(Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>),
  ...(Object.fromEntries(MONEY.map((m) => [m, {}])) as Record<MoneyField, Record<string, string>>),
});

const mergeMoney = (a: Record<string, string>, b: Record<string, string> | undefined, sign: 1 | -1): Record<string, string> => {
  const out: Record<string, string> = { ...a };
  for (const [currency, amount] of Object.entries(b ?? {})) {
    const sum = new Decimal(out[currency] ?? '0').plus(new Decimal(amount).times(sign));
    if (sum.isZero()) delete out[currency];
    else out[currency] = sum.toFixed();
  }
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : 1)));
};

/** `cell + sign × values`. */
export const addToCell = (cell: KpiCell, values: CellValues, sign: 1 | -1): KpiCell => {
  const next: KpiCell = { ...cell };
  for (const c of COUNTERS) next[c] = cell[c] + sign * (values[c] ?? 0);
  for (const m of MONEY) next[m] = mergeMoney(cell[m], values[m], sign);
  return next;
};

/**
 * `parts` added to `cell` in order — the same value as folding `addToCell` over them, without a
 * cell copy, a decimal parse and format and a key sort per part (a busy cell takes thousands of
 * parts per batch in a rebuild). Counters are summed in the same order; money keeps decimals
 * between parts (`toFixed()` of a Decimal parses back to the same value, so nothing differs),
 * drops a currency whenever it sums to zero, as `mergeMoney` does, and leaves the text of
 * currencies no part touched as it was.
 */
export const addAllToCell = (cell: KpiCell, parts: readonly (readonly [CellValues, 1 | -1])[]): KpiCell => {
  const next: KpiCell = { ...cell };
  for (const c of COUNTERS) {
    let n = cell[c];
    for (const [values, sign] of parts) n = n + sign * (values[c] ?? 0);
    next[c] = n;
  }
  for (const m of MONEY) {
    const sums = new Map<string, string | Decimal>(Object.entries(cell[m] ?? {}));
    let touched = false;
    for (const [values, sign] of parts) {
      for (const [currency, amount] of Object.entries(values[m] ?? {})) {
        touched = true;
        const sum = new Decimal(sums.get(currency) ?? '0').plus(new Decimal(amount).times(sign));
        if (sum.isZero()) sums.delete(currency);
        else sums.set(currency, sum);
      }
    }
    // Untouched, mergeMoney still copies and sorts the keys.
    const entries = touched ? [...sums].map(([currency, v]) => [currency, typeof v === 'string' ? v : v.toFixed()] as const) : Object.entries(cell[m] ?? {});
    next[m] = Object.fromEntries(entries.sort(([x], [y]) => (x < y ? -1 : 1)));
  }
  return next;
};

/** A cell no order contributes to any more: deleted, so a replay (which never creates it) matches. */
export const isEmptyCell = (cell: KpiCell): boolean =>
  COUNTERS.every((c) => cell[c] === 0) && MONEY.every((m) => Object.keys(cell[m]).length === 0);
