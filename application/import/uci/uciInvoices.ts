import { MALFORMED_LINE } from './readUciFile.js';
import { classifyRecord, type BadRow, type InvoiceKind, type NonProductRow, type ProductRow, type RawUciRecord } from './uciRow.js';

/** The rows of one invoice number, classified; `at`, customer and country come from its first good row. */
export type UciInvoice = Readonly<{
  /** The file's InvoiceNo; a second, non-adjacent block of the same number gets `/2`, `/3` … */
  invoiceNo: string;
  kind: InvoiceKind;
  at: string;
  customerId: string | undefined;
  country: string;
  products: readonly ProductRow[];
  nonProducts: readonly NonProductRow[];
  badRows: readonly BadRow[];
  rows: number;
}>;

type Building = { invoiceNo: string; products: ProductRow[]; nonProducts: NonProductRow[]; badRows: BadRow[]; rows: number };

const finish = (b: Building): UciInvoice => {
  const first = b.products[0] ?? b.nonProducts[0];
  const kind: InvoiceKind = b.invoiceNo.startsWith('C') ? 'cancellation' : b.invoiceNo.startsWith('A') ? 'adjustment' : 'sale';
  return {
    invoiceNo: b.invoiceNo,
    kind,
    // An invoice of bad rows only keeps its place in time (its rows are counted, nothing is placed).
    at: first?.at ?? b.badRows.find((r) => r.at)?.at ?? '',
    customerId: first?.customerId,
    country: first?.country ?? '',
    products: b.products,
    nonProducts: b.nonProducts,
    badRows: b.badRows,
    rows: b.rows,
  };
};

/** Groups consecutive records of one InvoiceNo (the file keeps an invoice's lines together). */
export async function* groupInvoices(records: AsyncIterable<RawUciRecord>): AsyncGenerator<UciInvoice> {
  let current: Building | undefined;
  for await (const record of records) {
    // An unreadable line has no invoice number: it is counted with the invoice around it, not split off.
    const key = record[MALFORMED_LINE] !== undefined && current ? current.invoiceNo : (record.InvoiceNo ?? '').trim();
    if (current && current.invoiceNo !== key) {
      yield finish(current);
      current = undefined;
    }
    current ??= { invoiceNo: key, products: [], nonProducts: [], badRows: [], rows: 0 };
    const row = classifyRecord(record);
    current.rows += 1;
    if (row.kind === 'product') current.products.push(row);
    else if (row.kind === 'nonProduct') current.nonProducts.push(row);
    else current.badRows.push(row);
  }
  if (current) yield finish(current);
}

/**
 * Emits invoices in InvoiceDate order (ties: file order) with bounded memory: a window of
 * `window` invoices is held and the earliest released as new ones arrive. The UCI file is already
 * in date order, so the window only guards against local disorder; an invoice later than a whole
 * window behind is still emitted (late), never dropped. Invoices without a good row (`at` empty)
 * pass straight through so their bad rows are counted.
 */
export async function* inDateOrder(invoices: AsyncIterable<UciInvoice>, window = 256): AsyncGenerator<UciInvoice> {
  const buffer: { inv: UciInvoice; seq: number }[] = [];
  const emitted = new Map<string, number>();
  let seq = 0;
  const rename = (inv: UciInvoice): UciInvoice => {
    const parts = (emitted.get(inv.invoiceNo) ?? 0) + 1;
    emitted.set(inv.invoiceNo, parts);
    return parts === 1 ? inv : { ...inv, invoiceNo: `${inv.invoiceNo}/${parts}` };
  };
  const before = (a: { inv: UciInvoice; seq: number }, b: { inv: UciInvoice; seq: number }) =>
    a.inv.at < b.inv.at || (a.inv.at === b.inv.at && a.seq < b.seq);
  for await (const inv of invoices) {
    const item = { inv, seq: seq++ };
    let i = buffer.length;
    while (i > 0 && before(item, buffer[i - 1]!)) i -= 1;
    buffer.splice(i, 0, item);
    if (buffer.length > window) yield rename(buffer.shift()!.inv);
  }
  while (buffer.length > 0) yield rename(buffer.shift()!.inv);
}
