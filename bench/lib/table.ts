import type { BenchResult } from './benchResult.js';

/** Human formatting: thousands separators, and enough digits for small values (ratios, ms). */
export const formatNumber = (n: number | undefined): string => {
  if (n === undefined || !Number.isFinite(n)) return '';
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};

export type TableRow = Readonly<{ area: string; result: BenchResult }>;

const COLUMNS = ['area', 'benchmark', 'median', 'unit', 'min–max', 'runs', 'p50 ms', 'p99 ms', 'target', 'ok'] as const;

const cells = ({ area, result: r }: TableRow): string[] => r.failed !== undefined ? [area, r.name, '—', r.unit, '', '', '', '', '', 'failed'] : [
  area,
  r.name,
  formatNumber(r.median),
  r.unit,
  `${formatNumber(r.min)}–${formatNumber(r.max)}`,
  String(r.runs.length),
  formatNumber(r.p50),
  formatNumber(r.p99),
  r.target === undefined ? '' : `${r.lowerIsBetter ? '≤' : '≥'} ${formatNumber(r.target)}`,
  r.meetsTarget === undefined ? '' : r.meetsTarget ? 'yes' : 'NO',
];

/** One plain-text table for every result (numbers right-aligned), then the notes underneath. */
export const renderTable = (rows: readonly TableRow[]): string => {
  const body = rows.map(cells);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...body.map((row) => row[i]!.length)));
  const numeric = new Set([2, 4, 5, 6, 7, 8]);
  const line = (row: readonly string[]) => row.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const notes = rows
    .filter((r) => r.result.notes || r.result.failed)
    .map((r) => `  [${r.area}] ${r.result.name}: ${[r.result.failed, r.result.notes].filter(Boolean).join('; ')}`);
  return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), ...(notes.length > 0 ? ['', 'notes:', ...notes] : [])].join('\n');
};
