import { Decimal } from 'decimal.js';
import { DateTime } from 'luxon';
import { MAX_LINE_QUANTITY } from '../../../domain/inventory/quantity.js';
import { MALFORMED_LINE } from './readUciFile.js';
import { classifyStockCode, type NonProduct } from './stockCodes.js';

/**
 * One line of the UCI Online Retail file, classified. Every raw record becomes exactly one of:
 * a product line, a non-product line (charge or adjustment, see `stockCodes.ts`) or a bad row
 * with a reason — nothing is dropped without being counted.
 */
export type RawUciRecord = Readonly<Record<string, string | undefined>>;

export type InvoiceKind = 'sale' | 'cancellation' | 'adjustment';

type Common = Readonly<{
  invoiceNo: string;
  invoiceKind: InvoiceKind;
  stockCode: string;
  /** UTC ISO instant (the file's times are UK local time without a zone). */
  at: string;
  /** `undefined` for guest checkouts (no CustomerID). */
  customerId: string | undefined;
  country: string;
}>;

export type ProductRow = Common & Readonly<{ kind: 'product'; description: string; quantity: number; unitPrice: string }>;
export type NonProductRow = Common & Readonly<{ kind: 'nonProduct'; nonProduct: NonProduct; description: string; quantity: number; unitPrice: string; amount: string }>;
export type BadRow = Readonly<{ kind: 'bad'; reason: BadRowReason; invoiceNo: string; stockCode: string; detail: string; /** When the date itself was readable. */ at?: string }>;
export type UciRow = ProductRow | NonProductRow | BadRow;

export const BAD_ROW_REASONS = [
  'invalid invoice number', 'missing stock code', 'invalid date', 'invalid quantity', 'invalid price', 'negative price',
  'missing description', 'zero price', 'sub-penny price', 'negative quantity on a sale', 'positive quantity on a cancellation',
  'stock code not a valid SKU key', 'description too long', 'malformed CSV line',
] as const;
export type BadRowReason = (typeof BAD_ROW_REASONS)[number];

const INVOICE = /^([CA]?)(\d{6})$/;
const SKU_KEY = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;
// At most 15 integer digits: what a catalog price may hold (domain/catalog/validateSku.ts).
const DECIMAL = /^-?\d{1,15}(\.\d+)?$/;
/** A SKU name is at most 200 characters (domain/network/identifier.ts `isLabel`). */
const MAX_DESCRIPTION = 200;
/** Business times outside this range are typos (or 9999 sentinels): they would move the replay clock years ahead. */
const EARLIEST = '1970-01-01T00:00:00Z';
const LATEST = '2100-01-01T00:00:00Z';
const INTEGER = /^-?\d+$/;

/** `2010-12-01 08:26:00` (UK local) → UTC ISO; also accepts the original release's `12/1/2010 8:26`. */
export const parseUkLocalTime = (text: string): string | undefined => {
  const t = text.trim();
  // An invoice's rows share one timestamp: parsing each distinct string once keeps luxon off the hot path.
  if (timeCache.has(t)) return timeCache.get(t);
  if (timeCache.size >= 4096) timeCache.clear();
  const parsed = parseTime(t);
  timeCache.set(t, parsed);
  return parsed;
};

const timeCache = new Map<string, string | undefined>();

const parseTime = (t: string): string | undefined => {
  const formats = ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'M/d/yyyy H:mm', 'M/d/yyyy H:mm:ss'];
  for (const format of formats) {
    const dt = DateTime.fromFormat(t, format, { zone: 'Europe/London' });
    if (dt.isValid) return dt.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined;
  }
  return undefined;
};

/** CustomerID appears as `17850` or `17850.0`; empty means a guest. */
export const normaliseCustomerId = (raw: string | undefined): string | undefined => {
  const t = (raw ?? '').trim();
  if (t === '') return undefined;
  return /^\d+\.0+$/.test(t) ? t.replace(/\.0+$/, '') : t;
};

const bad = (reason: BadRowReason, invoiceNo: string, stockCode: string, detail: string, at?: string): BadRow => ({ kind: 'bad', reason, invoiceNo, stockCode, detail, ...(at ? { at } : {}) });

/** Classifies one CSV record (columns as in the file's header). Pure: the same record always gives the same row. */
export const classifyRecord = (r: RawUciRecord): UciRow => {
  const malformed = r[MALFORMED_LINE];
  if (malformed !== undefined) return bad('malformed CSV line', '', '', malformed);
  const invoiceNo = (r.InvoiceNo ?? '').trim();
  const stockCode = (r.StockCode ?? '').trim();
  const m = INVOICE.exec(invoiceNo);
  if (!m) return bad('invalid invoice number', invoiceNo, stockCode, `InvoiceNo ${JSON.stringify(invoiceNo)}`);
  if (stockCode === '') return bad('missing stock code', invoiceNo, stockCode, 'StockCode is empty');
  const invoiceKind: InvoiceKind = m[1] === 'C' ? 'cancellation' : m[1] === 'A' ? 'adjustment' : 'sale';
  const at = parseUkLocalTime(r.InvoiceDate ?? '');
  if (!at) return bad('invalid date', invoiceNo, stockCode, `InvoiceDate ${JSON.stringify(r.InvoiceDate ?? '')}`);
  if (at < EARLIEST || at >= LATEST) return bad('invalid date', invoiceNo, stockCode, `InvoiceDate ${JSON.stringify(r.InvoiceDate ?? '')} is outside 1970–2099`);
  const qtyText = (r.Quantity ?? '').trim();
  if (!INTEGER.test(qtyText) || Number(qtyText) === 0 || !Number.isSafeInteger(Number(qtyText)) || Math.abs(Number(qtyText)) > MAX_LINE_QUANTITY) {
    return bad('invalid quantity', invoiceNo, stockCode, `Quantity ${JSON.stringify(qtyText)}`, at);
  }
  const quantity = Number(qtyText);
  const priceText = (r.UnitPrice ?? '').trim();
  if (!DECIMAL.test(priceText)) return bad('invalid price', invoiceNo, stockCode, `UnitPrice ${JSON.stringify(priceText)}`, at);
  const price = new Decimal(priceText);
  if (price.isNegative() && !price.isZero()) return bad('negative price', invoiceNo, stockCode, `UnitPrice ${priceText}`, at);
  const common: Common = {
    invoiceNo, invoiceKind, stockCode, at, customerId: normaliseCustomerId(r.CustomerID), country: (r.Country ?? '').trim(),
  };
  const description = (r.Description ?? '').trim();
  const nonProduct = classifyStockCode(stockCode) ?? (invoiceKind === 'adjustment' ? classifyStockCode('B') : undefined);
  if (nonProduct) {
    return { ...common, kind: 'nonProduct', nonProduct, description, quantity, unitPrice: price.toString(), amount: price.times(quantity).toString() };
  }
  if (description === '' && price.isZero()) return bad('missing description', invoiceNo, stockCode, 'no Description and no price (a stock note, not a sale)', at);
  if (price.isZero()) return bad('zero price', invoiceNo, stockCode, `${description} at 0.00`, at);
  if (description === '') return bad('missing description', invoiceNo, stockCode, `priced ${priceText} but no Description`, at);
  if (price.decimalPlaces() > 2) return bad('sub-penny price', invoiceNo, stockCode, `UnitPrice ${priceText} has more than 2 decimals for GBP`, at);
  if (invoiceKind === 'sale' && quantity < 0) return bad('negative quantity on a sale', invoiceNo, stockCode, `Quantity ${quantity} on invoice ${invoiceNo}`, at);
  if (invoiceKind === 'cancellation' && quantity > 0) return bad('positive quantity on a cancellation', invoiceNo, stockCode, `Quantity ${quantity}`, at);
  if (description.length > MAX_DESCRIPTION) return bad('description too long', invoiceNo, stockCode, `Description of ${description.length} characters (at most ${MAX_DESCRIPTION})`, at);
  if (!SKU_KEY.test(stockCode)) return bad('stock code not a valid SKU key', invoiceNo, stockCode, `StockCode ${JSON.stringify(stockCode)}`, at);
  return { ...common, kind: 'product', description, quantity, unitPrice: price.toFixed(2) };
};
