import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * The Olist directory layout (`../shared/data/olist`): `reference/` (sellers, products,
 * geolocation by zip prefix) and `orders/` (orders, items, customers). Rows come back as
 * string records keyed by column; nothing is interpreted here.
 */
export type Row = Readonly<Record<string, string>>;

export type OlistTables = Readonly<{
  geolocation: readonly Row[];
  sellers: readonly Row[];
  products: readonly Row[];
  customers: readonly Row[];
  orders: readonly Row[];
  items: readonly Row[];
  /** Lines csv-parse could not read (an unclosed quote; stray quotes are kept as text), per table: skipped and counted. */
  malformedLines?: Readonly<Partial<Record<OlistTable, number>>>;
}>;

export const OLIST_FILES = {
  geolocation: ['reference', 'olist_geolocation_by_zip_prefix.csv'],
  sellers: ['reference', 'olist_sellers_dataset.csv'],
  products: ['reference', 'olist_products_dataset.csv'],
  customers: ['orders', 'olist_customers_dataset.csv'],
  orders: ['orders', 'olist_orders_dataset.csv'],
  items: ['orders', 'olist_order_items_dataset.csv'],
} as const;
export type OlistTable = keyof typeof OLIST_FILES;

/** The columns the importer reads from each file (any order; others are ignored). */
export const OLIST_COLUMNS: Readonly<Record<OlistTable, readonly string[]>> = {
  geolocation: ['zip_code_prefix', 'lat', 'lng', 'state'],
  sellers: ['seller_id', 'seller_zip_code_prefix', 'seller_city', 'seller_state'],
  products: ['product_id', 'product_category_name', 'product_weight_g'],
  customers: ['customer_id', 'customer_unique_id', 'customer_zip_code_prefix', 'customer_city', 'customer_state'],
  orders: ['order_id', 'customer_id', 'order_status', 'order_purchase_timestamp', 'order_approved_at', 'order_delivered_carrier_date', 'order_delivered_customer_date', 'order_estimated_delivery_date'],
  items: ['order_id', 'product_id', 'seller_id', 'price'],
};

export class OlistLayoutError extends Error {}

/**
 * One table: an empty file or a header without the columns the importer reads makes the whole
 * directory unusable (a layout error naming the file); an unreadable line is skipped and counted.
 */
const readCsv = (path: string, table: OlistTable, malformed: Partial<Record<OlistTable, number>>): Row[] => {
  let header: string[] | undefined;
  const rows = parse(readFileSync(path), {
    bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, skip_records_with_error: true,
    columns: (h: string[]) => (header = h),
    on_skip: () => void (malformed[table] = (malformed[table] ?? 0) + 1),
  }) as Row[];
  if (header === undefined) throw new OlistLayoutError(`${path}: empty file (expected a header with ${OLIST_COLUMNS[table].join(', ')})`);
  const missing = OLIST_COLUMNS[table].filter((c) => !header!.includes(c));
  if (missing.length > 0) throw new OlistLayoutError(`${path}: not the Olist ${table} table: the header lacks ${missing.join(', ')}`);
  return rows;
};

/** Reads every table; a missing file is a layout error naming it (the import cannot start without it). */
export const readOlistDir = (dir: string): OlistTables => {
  const missing = Object.values(OLIST_FILES).map((p) => join(dir, ...p)).filter((p) => !existsSync(p) || !statSync(p).isFile());
  if (missing.length > 0) throw new OlistLayoutError(`not an Olist directory (expected orders/ and reference/): missing ${missing.join(', ')}`);
  const malformedLines: Partial<Record<OlistTable, number>> = {};
  const read = (k: OlistTable) => readCsv(join(dir, ...OLIST_FILES[k]), k, malformedLines);
  return {
    geolocation: read('geolocation'),
    sellers: read('sellers'),
    products: read('products'),
    customers: read('customers'),
    orders: read('orders'),
    items: read('items'),
    malformedLines,
  };
};
