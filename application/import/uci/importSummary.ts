import { Decimal } from 'decimal.js';

/** Everything the import counted. Plain data: printed as a table or as JSON (`--json`). */
export type ImportSummary = {
  file: string;
  rows: number;
  invoices: { total: number; sales: number; cancellations: number; adjustments: number; alreadyImported: number; nothingToImport: number; /** Recorded as failed by a drain timeout in an earlier run, imported again. */ retried: number };
  orders: { placed: number; failed: number; failures: Record<string, number>; fraudReviewsApproved: number; shipments: number; deliveries: number };
  cancellations: {
    lines: number;
    matchedLines: number;
    unmatchedLines: number;
    unitsCancelled: number;
    unitsReturned: number;
    returns: number;
    /** Units matched to delivered lines that could not be returned (returns layer missing, or refused — see `returnFailures`). */
    unitsNotReturned: number;
    returnFailures: Record<string, number>;
    unmatched: Record<string, { lines: number; units: number }>;
  };
  charges: Record<string, { lines: number; amount: string }>;
  badRows: Record<string, number>;
  catalog: { skusDefined: number; skuUpdates: number; receipts: number; unitsReceived: number };
  unknownCountries: Record<string, number>;
  eventsAppended: string;
  headPosition: string;
  wallSeconds: number;
  ordersPerSecond: number;
  eventsPerSecond: number;
  peakRssMb: number;
};

export const emptySummary = (file: string): ImportSummary => ({
  file,
  rows: 0,
  invoices: { total: 0, sales: 0, cancellations: 0, adjustments: 0, alreadyImported: 0, nothingToImport: 0, retried: 0 },
  orders: { placed: 0, failed: 0, failures: {}, fraudReviewsApproved: 0, shipments: 0, deliveries: 0 },
  cancellations: {
    lines: 0, matchedLines: 0, unmatchedLines: 0, unitsCancelled: 0, unitsReturned: 0, returns: 0, unitsNotReturned: 0, returnFailures: {}, unmatched: {},
  },
  charges: {},
  badRows: {},
  catalog: { skusDefined: 0, skuUpdates: 0, receipts: 0, unitsReceived: 0 },
  unknownCountries: {},
  eventsAppended: '0',
  headPosition: '0',
  wallSeconds: 0,
  ordersPerSecond: 0,
  eventsPerSecond: 0,
  peakRssMb: 0,
});

export const bump = (counts: Record<string, number>, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

export const addCharge = (s: ImportSummary, key: string, amount: string): void => {
  const c = (s.charges[key] ??= { lines: 0, amount: '0.00' });
  c.lines += 1;
  c.amount = new Decimal(c.amount).plus(amount).toFixed(2);
};

const rows = (title: string, entries: Record<string, number | string>): string[] =>
  Object.keys(entries).length === 0 ? [] : [title, ...Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `    ${k.padEnd(52)} ${v}`)];

/** The human-readable summary printed at the end of `oms import uci`. */
export const formatSummary = (s: ImportSummary): string => {
  const c = s.cancellations;
  return [
    `UCI import of ${s.file}`,
    `  rows read                 ${s.rows}`,
    `  invoices                  ${s.invoices.total} (sales ${s.invoices.sales}, cancellations ${s.invoices.cancellations}, adjustments ${s.invoices.adjustments}; already imported ${s.invoices.alreadyImported}, retried ${s.invoices.retried}, nothing to import ${s.invoices.nothingToImport})`,
    `  orders placed             ${s.orders.placed} (failed ${s.orders.failed}; fraud reviews approved ${s.orders.fraudReviewsApproved}; shipments ${s.orders.shipments}; deliveries ${s.orders.deliveries})`,
    ...rows('  order failures by code', s.orders.failures),
    `  cancellation lines        ${c.lines}: matched ${c.matchedLines}, unmatched ${c.unmatchedLines}`,
    `  units cancelled / returned ${c.unitsCancelled} / ${c.unitsReturned} in ${c.returns} returns (matched but not returned: ${c.unitsNotReturned})`,
    ...rows('  return failures', c.returnFailures),
    ...rows('  unmatched cancellation lines (lines / units) by reason', Object.fromEntries(Object.entries(c.unmatched).map(([k, v]) => [k, `${v.lines} / ${v.units}`]))),
    ...rows('  charges and adjustments (lines / GBP)', Object.fromEntries(Object.entries(s.charges).map(([k, v]) => [k, `${v.lines} / ${v.amount}`]))),
    ...rows('  bad rows by reason', s.badRows),
    `  catalog                   ${s.catalog.skusDefined} SKUs defined, ${s.catalog.skuUpdates} price/name updates, ${s.catalog.receipts} replenishment receipts (${s.catalog.unitsReceived} units)`,
    ...rows('  countries shipped to London by default', s.unknownCountries),
    `  events appended           ${s.eventsAppended} (log head ${s.headPosition})`,
    `  wall time                 ${s.wallSeconds.toFixed(1)} s — ${s.ordersPerSecond.toFixed(1)} orders/s, ${s.eventsPerSecond.toFixed(0)} events/s, peak RSS ${s.peakRssMb} MB`,
  ].join('\n');
};
