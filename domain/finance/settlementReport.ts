import { Decimal } from 'decimal.js';
import { DateTime, IANAZone } from 'luxon';
import { ValidationError } from '../shared/errors.js';
import { compareText, formatExact } from './financeBalance.js';
import type { LedgerEntry } from './ledgerEntry.js';

export type SettlementRow = Readonly<{
  currency: string;
  channel: string;
  method: string;
  /** Captured plus exchange differences charged. */
  grossCaptured: string;
  refunds: string;
  net: string;
  captures: number;
  refundCount: number;
}>;

export type SettlementReport = Readonly<{
  date: string;
  timezone: string;
  rows: readonly SettlementRow[];
  /** One total per currency (currencies are never added together). */
  totals: readonly Readonly<{ currency: string; grossCaptured: string; refunds: string; net: string }>[];
}>;

/**
 * Daily settlement: money taken and given back on a local calendar day, grouped by currency,
 * order channel and payment method. The day is local to `timezone` (a store closing its books in
 * Paris counts 23:30 UTC as the next day). Authorisations and voids move no money and are left out.
 */
/** The local calendar day (YYYY-MM-DD in `timezone`) an entry settles on. */
const localDayOf = (e: LedgerEntry, timezone: string): string | null => DateTime.fromISO(e.at, { zone: 'utc' }).setZone(timezone).toISODate();

export const settlementReport = (entries: readonly LedgerEntry[], date: string, timezone = 'UTC'): SettlementReport => {
  if (!IANAZone.isValidZone(timezone)) throw new ValidationError('INVALID_TIMEZONE', `unknown IANA time zone: ${timezone}`, { timezone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date, { zone: 'utc' }).isValid) {
    throw new ValidationError('INVALID_DATE', `settlement date must be YYYY-MM-DD, got ${date}`, { date });
  }
  const groups = new Map<string, { currency: string; channel: string; method: string; gross: Decimal; refunds: Decimal; captures: number; refundCount: number }>();
  for (const e of entries) {
    if (e.kind !== 'captured' && e.kind !== 'charged_difference' && e.kind !== 'refunded') continue;
    if (localDayOf(e, timezone) !== date) continue;
    const key = JSON.stringify([e.currency, e.channel, e.method]);
    let g = groups.get(key);
    if (g === undefined) {
      g = { currency: e.currency, channel: e.channel, method: e.method, gross: new Decimal(0), refunds: new Decimal(0), captures: 0, refundCount: 0 };
      groups.set(key, g);
    }
    if (e.kind === 'refunded') {
      g.refunds = g.refunds.plus(e.amount);
      g.refundCount += 1;
    } else {
      g.gross = g.gross.plus(e.amount);
      g.captures += 1;
    }
  }
  const sorted = [...groups.values()].sort((a, b) => compareText(a.currency, b.currency) || compareText(a.channel, b.channel) || compareText(a.method, b.method));
  const rows = sorted.map((g) => ({
    currency: g.currency, channel: g.channel, method: g.method,
    grossCaptured: formatExact(g.gross, g.currency), refunds: formatExact(g.refunds, g.currency),
    net: formatExact(g.gross.minus(g.refunds), g.currency), captures: g.captures, refundCount: g.refundCount,
  }));
  const totals = [...new Set(sorted.map((g) => g.currency))].map((currency) => {
    const mine = sorted.filter((g) => g.currency === currency);
    const gross = mine.reduce((a, g) => a.plus(g.gross), new Decimal(0));
    const refunds = mine.reduce((a, g) => a.plus(g.refunds), new Decimal(0));
    return { currency, grossCaptured: formatExact(gross, currency), refunds: formatExact(refunds, currency), net: formatExact(gross.minus(refunds), currency) };
  });
  return { date, timezone, rows, totals };
};

/**
 * The reports of many days over one list of entries (finance reconciliation over the whole log):
 * each entry's local day is computed once and each day's report sees only its own entries —
 * the same reports as `settlementReport(entries, day)` per day, without reading every entry
 * (and parsing its timestamp) once per day.
 */
export const settlementReports = (entries: readonly LedgerEntry[], dates: readonly string[], timezone = 'UTC'): Map<string, SettlementReport> => {
  const byDay = new Map<string, LedgerEntry[]>();
  for (const e of entries) {
    const day = localDayOf(e, timezone);
    if (day === null) continue;
    const bucket = byDay.get(day);
    if (bucket) bucket.push(e);
    else byDay.set(day, [e]);
  }
  return new Map(dates.map((date) => [date, settlementReport(byDay.get(date) ?? [], date, timezone)]));
};
