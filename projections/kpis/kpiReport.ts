import { Decimal } from 'decimal.js';
import { COUNTERS, emptyCell, MONEY, type Counter, type KpiCell, type MoneyField } from './kpiCells.js';

/** What `GET /kpis` groups by: each is a field of the cube's cells. */
export const GROUP_BY = ['day', 'node', 'channel', 'carrier'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** One row of the KPI report: counts, money per currency (decimal strings), rates in % (null when nothing to measure). */
export type KpiRow = Readonly<{
  key: string;
  orders: number;
  units: number;
  revenue: Record<string, string>;
  refunds: Record<string, string>;
  costToServe: Record<string, string>;
  costToServePerOrder: Record<string, string>;
  promiseKeptPct: number | null;
  avgPromisedLeadHours: number | null;
  avgActualLeadHours: number | null;
  fillRatePct: number | null;
  splitShipmentPct: number | null;
  cancellationRatePct: number | null;
  returnRatePct: number | null;
  storeRejectionRatePct: number | null;
  avgTimeToShipHours: number | null;
  backorderedOrders: number;
  backorderedUnits: number;
  releases: number;
  rejections: number;
  cancelledOrders: number;
  returnedOrders: number;
  shippedOrders: number;
  handedOverOrders: number;
}>;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const pct = (part: number, whole: number) => (whole > 0 ? round((100 * part) / whole, 2) : null);
const hours = (minutes: number, count: number) => (count > 0 ? round(minutes / 60 / count, 2) : null);

const perOrder = (money: Record<string, string>, orders: number): Record<string, string> =>
  orders > 0 ? Object.fromEntries(Object.entries(money).map(([c, a]) => [c, new Decimal(a).dividedBy(orders).toDecimalPlaces(2).toFixed(2)])) : {};

export const kpiRow = (key: string, c: KpiCell): KpiRow => ({
  key,
  orders: c.orders,
  units: c.units,
  revenue: c.revenue,
  refunds: c.refunds,
  costToServe: c.costToServe,
  costToServePerOrder: perOrder(c.costToServe, c.orders),
  promiseKeptPct: pct(c.promiseKept, c.promiseMeasured),
  avgPromisedLeadHours: hours(c.promisedLeadMinutes, c.promiseMeasured),
  avgActualLeadHours: hours(c.actualLeadMinutes, c.promiseMeasured),
  fillRatePct: pct(c.fulfilledUnits, c.units),
  splitShipmentPct: pct(c.splitOrders, c.shippedOrders),
  cancellationRatePct: pct(c.cancelledOrders, c.orders),
  returnRatePct: pct(c.returnedOrders, c.handedOverOrders),
  storeRejectionRatePct: pct(c.rejections, c.releases),
  avgTimeToShipHours: hours(c.shipTimeMinutes, c.shippedOrders),
  backorderedOrders: c.backorderedOrders,
  backorderedUnits: c.backorderedUnits,
  releases: c.releases,
  rejections: c.rejections,
  cancelledOrders: c.cancelledOrders,
  returnedOrders: c.returnedOrders,
  shippedOrders: c.shippedOrders,
  handedOverOrders: c.handedOverOrders,
});

type Acc = { counters: Record<Counter, number>; money: Record<MoneyField, Map<string, Decimal>> };

const newAcc = (): Acc => ({
  counters: Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>,
  money: Object.fromEntries(MONEY.map((m) => [m, new Map<string, Decimal>()])) as Record<MoneyField, Map<string, Decimal>>,
});

/** Accumulates in place (one Decimal per currency and field): a report sums thousands of cells per request. */
const accumulate = (acc: Acc, cell: KpiCell): void => {
  for (const c of COUNTERS) acc.counters[c] += cell[c];
  for (const m of MONEY) {
    for (const [currency, amount] of Object.entries(cell[m])) acc.money[m].set(currency, (acc.money[m].get(currency) ?? new Decimal(0)).plus(amount));
  }
};

const toCell = (acc: Acc): KpiCell => ({
  ...emptyCell({ day: '', channel: '', node: '', carrier: '' }),
  ...acc.counters,
  ...(Object.fromEntries(MONEY.map((m) => [m, Object.fromEntries([...acc.money[m]].filter(([, v]) => !v.isZero()).sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, v]) => [c, v.toFixed()]))])) as Record<MoneyField, Record<string, string>>),
});

/** Sums cells per group (sorted by key) and the grand total; `keys` lists groups to show even when empty (every day of a range). */
export const kpiReport = (cells: readonly KpiCell[], groupBy: GroupBy, keys: readonly string[] = []): Readonly<{ rows: KpiRow[]; total: KpiRow }> => {
  const groups = new Map<string, Acc>(keys.map((k) => [k, newAcc()]));
  const total = newAcc();
  for (const cell of cells) {
    const key = cell[groupBy];
    let acc = groups.get(key);
    if (!acc) groups.set(key, (acc = newAcc()));
    accumulate(acc, cell);
    accumulate(total, cell);
  }
  const rows = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, acc]) => kpiRow(key, toCell(acc)));
  return { rows, total: kpiRow('total', toCell(total)) };
};

const RATE_COLUMNS = [
  'promiseKeptPct', 'avgPromisedLeadHours', 'avgActualLeadHours', 'fillRatePct', 'splitShipmentPct', 'cancellationRatePct',
  'returnRatePct', 'storeRejectionRatePct', 'avgTimeToShipHours',
] as const;
const COUNT_COLUMNS = ['orders', 'units', 'backorderedOrders', 'backorderedUnits', 'releases', 'rejections', 'cancelledOrders', 'returnedOrders', 'shippedOrders', 'handedOverOrders'] as const;

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The report as CSV (RFC 4180): one row per group then `total`; money as one column per currency. */
export const kpiCsv = (groupBy: GroupBy, rows: readonly KpiRow[], total: KpiRow): string => {
  const all = [...rows, total];
  const currencies = (field: 'revenue' | 'refunds' | 'costToServe') => [...new Set(all.flatMap((r) => Object.keys(r[field])))].sort();
  const money = (['revenue', 'refunds', 'costToServe'] as const).flatMap((f) => currencies(f).map((c) => [f, c] as const));
  const header = [groupBy, ...COUNT_COLUMNS, ...money.map(([f, c]) => `${f}_${c}`), ...RATE_COLUMNS];
  const lines = all.map((r) => [r.key, ...COUNT_COLUMNS.map((c) => r[c]), ...money.map(([f, c]) => r[f][c] ?? '0'), ...RATE_COLUMNS.map((c) => r[c])].map(csvCell).join(','));
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
};
