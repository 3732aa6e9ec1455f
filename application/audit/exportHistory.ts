import type { HistoryEntry } from './streamHistory.js';

/**
 * `oms audit export`: an order's audit trail as JSON or CSV. Both are deterministic (no export
 * timestamp), so two exports of the same history are byte-identical and can be hashed or diffed.
 */
export type ExportFormat = 'json' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv'];

export const CSV_COLUMNS = [
  'position', 'revision', 'eventId', 'type', 'at', 'recordedAt', 'actorKind', 'actorId',
  'commandId', 'commandType', 'correlationId', 'causationId', 'reason', 'schemaVersion', 'data',
] as const;

/**
 * RFC 4180 quoting, plus spreadsheet formula neutralisation (OWASP "CSV injection"): a text cell
 * starting with = + - @ or a tab/CR is prefixed with `'` so a spreadsheet shows it instead of
 * evaluating it. `data` is JSON (starts with `{`/`[`) and is never altered.
 */
export const csvCell = (value: string | number | null, neutralise = true): string => {
  if (value === null) return '';
  let text = String(value);
  if (neutralise && typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const row = (e: HistoryEntry): string =>
  [
    ...[e.position, e.revision, e.eventId, e.type, e.at, e.recordedAt, e.actor?.kind ?? null, e.actor?.id ?? null,
      e.commandId, e.commandType, e.correlationId, e.causationId, e.reason, e.schemaVersion].map((v) => csvCell(v)),
    csvCell(JSON.stringify(e.data), false),
  ].join(',');

export const historyToCsv = (entries: readonly HistoryEntry[]): string =>
  [CSV_COLUMNS.join(','), ...entries.map(row)].join('\r\n') + '\r\n';

export const historyToJson = (subject: Readonly<Record<string, string>>, entries: readonly HistoryEntry[]): string =>
  `${JSON.stringify({ ...subject, events: entries }, null, 2)}\n`;

export const exportHistory = (format: ExportFormat, subject: Readonly<Record<string, string>>, entries: readonly HistoryEntry[]): string =>
  format === 'csv' ? historyToCsv(entries) : historyToJson(subject, entries);
