import { BadRequestError } from '../../../domain/shared/errors.js';
import type { Filter } from '../../../infrastructure/readstore/readStore.js';
import type { KpiCell } from '../../../projections/kpis/kpiCells.js';
import { KPI_CELLS, kpiProjection } from '../../../projections/kpis/kpiProjection.js';
import { kpiCsv, kpiReport, type GroupBy } from '../../../projections/kpis/kpiReport.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type HandlerResult, type Route } from '../../http/route.js';
import { PROBLEM } from '../orders/orderSchemas.js';
import { projectionCollection } from '../inventory/readModelAccess.js';
import { KpiQuery } from './kpiDtos.js';

const KPIS = kpiProjection();
const DAY_MS = 86_400_000;
/** Longest range one request may ask for (days): bounds the work of one call. */
export const MAX_RANGE_DAYS = 731;
const DEFAULT_RANGE_DAYS = 30;

const dayMs = (day: string, field: string): number => {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new BadRequestError('INVALID_KPI_QUERY', `${field} ${day} is not a calendar day`, { field });
  return ms;
};
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export type KpiRange = Readonly<{ from: string; to: string; groupBy: GroupBy; channel?: string; node?: string; carrier?: string }>;

/** Defaults (the last 30 days up to today, by day) and range checks: from ≤ to, at most MAX_RANGE_DAYS days. */
export const kpiRange = (q: KpiQuery, now: string): KpiRange => {
  const to = q.to ?? now.slice(0, 10);
  const toMs = dayMs(to, 'to');
  const from = q.from ?? dayOf(toMs - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  const fromMs = dayMs(from, 'from');
  if (fromMs > toMs) throw new BadRequestError('INVALID_KPI_QUERY', `from (${from}) is after to (${to})`, { field: 'from' });
  if ((toMs - fromMs) / DAY_MS + 1 > MAX_RANGE_DAYS) throw new BadRequestError('INVALID_KPI_QUERY', `the range may span at most ${MAX_RANGE_DAYS} days`, { field: 'from' });
  return { from, to, groupBy: q.groupBy ?? 'day', ...(q.channel ? { channel: q.channel } : {}), ...(q.node ? { node: q.node } : {}), ...(q.carrier ? { carrier: q.carrier } : {}) };
};

/** Reads the cube's cells of the range and sums them per group; `day` groups list every day of the range. */
export const kpiQuery = async (oms: OmsContext, range: KpiRange) => {
  const cells = await projectionCollection<KpiCell>(oms, KPIS, KPI_CELLS);
  const filter: Filter = { day: { $gte: range.from, $lte: range.to } };
  if (range.channel) filter.channel = range.channel;
  if (range.node) filter.node = range.node;
  if (range.carrier) filter.carrier = range.carrier;
  const found = await cells.find(filter);
  const days: string[] = [];
  // Charts need every day of the range, including days without orders.
  if (range.groupBy === 'day') for (let ms = dayMs(range.from, 'from'); ms <= dayMs(range.to, 'to'); ms += DAY_MS) days.push(dayOf(ms));
  const { rows, total } = kpiReport(found, range.groupBy, days);
  return { ...range, rows, total };
};

const handle = (oms: OmsContext, forceCsv: boolean) => async (ctx: { query: KpiQuery; now: string }): Promise<HandlerResult> => {
  const range = kpiRange(ctx.query, ctx.now);
  const report = await kpiQuery(oms, range);
  if (!forceCsv && ctx.query.format !== 'csv') return { status: 200, body: report, headers: { 'Cache-Control': 'no-store' } };
  const csv = kpiCsv(range.groupBy, report.rows, report.total);
  return {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="kpis-${range.groupBy}-${range.from}-${range.to}.csv"`,
      'Cache-Control': 'no-store',
    },
    // A plain body is always JSON on this API; CSV goes out as a (one-chunk) stream.
    stream: async (out) => out.write(csv),
  };
};

const DESCRIPTION =
  'Placement days `from`..`to` (UTC, both inclusive; default the last 30 days), grouped by day, node, channel or carrier, ' +
  'optionally filtered by channel, node and carrier. Served by the `kpi_cells` cube (docs/read-models.md): eventually consistent. ' +
  'Roles: operator and admin, and auditors (read-only) — analytics teams use an auditor key, or query the collections directly.';

const responses = (what: string) => ({
  200: { description: what, schema: { type: 'object' } },
  400: { description: 'INVALID_KPI_QUERY or VALIDATION_FAILED: a bad day, groupBy, channel or range', schema: PROBLEM },
});

export const kpiRoutes = (oms: OmsContext): Route[] => [
  defineRoute({
    method: 'get', path: '/kpis', operationId: 'getKpis', tags: ['analytics'], role: 'operator', query: KpiQuery,
    summary: 'KPIs by day, node, channel or carrier: orders, units, revenue, promise kept, lead times, fill, split, cost to serve, cancellation/return/rejection rates, time to ship, backorders',
    description: `${DESCRIPTION} \`format=csv\` answers text/csv like \`GET /kpis.csv\`.`,
    responses: responses('rows per group and the total'),
    handler: handle(oms, false),
  }),
  defineRoute({
    method: 'get', path: '/kpis.csv', operationId: 'getKpisCsv', tags: ['analytics'], role: 'operator', query: KpiQuery,
    summary: 'The KPI report as CSV (one row per group, then the total; money in one column per currency)',
    description: DESCRIPTION,
    responses: responses('text/csv'),
    handler: handle(oms, true),
  }),
];
