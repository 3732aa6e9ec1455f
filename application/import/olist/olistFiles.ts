import { existsSync, readFileSync } from 'node:fs';
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
}>;

export const OLIST_FILES = {
  geolocation: ['reference', 'olist_geolocation_by_zip_prefix.csv'],
  sellers: ['reference', 'olist_sellers_dataset.csv'],
  products: ['reference', 'olist_products_dataset.csv'],
  customers: ['orders', 'olist_customers_dataset.csv'],
  orders: ['orders', 'olist_orders_dataset.csv'],
  items: ['orders', 'olist_order_items_dataset.csv'],
} as const;

export class OlistLayoutError extends Error {}

const readCsv = (path: string): Row[] => parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Row[];

/** Reads every table; a missing file is a layout error naming it (the import cannot start without it). */
export const readOlistDir = (dir: string): OlistTables => {
  const missing = Object.values(OLIST_FILES).map((p) => join(dir, ...p)).filter((p) => !existsSync(p));
  if (missing.length > 0) throw new OlistLayoutError(`not an Olist directory (expected orders/ and reference/): missing ${missing.join(', ')}`);
  const read = (k: keyof typeof OLIST_FILES) => readCsv(join(dir, ...OLIST_FILES[k]));
  return {
    geolocation: read('geolocation'),
    sellers: read('sellers'),
    products: read('products'),
    customers: read('customers'),
    orders: read('orders'),
    items: read('items'),
  };
};
