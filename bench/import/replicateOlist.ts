/**
 * A full-size stand-in for the Olist data set, to measure `oms import olist` at the scale of the
 * real one (≈ 99 k orders) when only the shared 10 % sample is here. Every order of the sample is
 * written `--copies` times with fresh order and customer ids (copy 0 keeps the originals), the
 * same instants, items, sellers, products and payments; `reference/` is copied as is (it already
 * holds the full seller and product tables). Ten copies of the sample ≈ the real order count on
 * the real calendar, i.e. ten times the sample's orders per day, per seller and per lane.
 *
 * Only good for time and memory: copies of an order share its outcome, so promise accuracy on
 * the result means nothing.
 *
 *   npx tsx bench/import/replicateOlist.ts [--data ../shared/data/olist] [--copies 10] --out DIR
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** A 32-hex id like Olist's, the same for the same (id, copy) in every table. */
export const copyId = (id: string, copy: number): string => (copy === 0 ? id : createHash('md5').update(`${id}#${copy}`).digest('hex'));

/** The file's lines with the named columns' ids rewritten for each copy (the header once). */
export const replicateCsv = (text: string, idColumns: readonly string[], copies: number): string => {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]!;
  const columns = header.split(',');
  const at = idColumns.map((c) => {
    const i = columns.indexOf(c);
    if (i < 0) throw new Error(`column ${c} missing in ${header}`);
    return i;
  });
  const rows = lines.slice(1);
  const out: string[] = [header, ...rows]; // copy 0: the originals
  for (let copy = 1; copy < copies; copy++) {
    for (const line of rows) {
      // Olist's id columns never hold commas or quotes; only they are rewritten, so a quoted free-text cell elsewhere is kept whole.
      const cells = line.split(',');
      for (const i of at) if (cells[i] !== undefined && cells[i] !== '') cells[i] = copyId(cells[i]!, copy);
      out.push(cells.join(','));
    }
  }
  return `${out.join('\n')}\n`;
};

const TABLES: Readonly<Record<string, readonly string[]>> = {
  'olist_orders_dataset.csv': ['order_id', 'customer_id'],
  'olist_order_items_dataset.csv': ['order_id'],
  'olist_order_payments_dataset.csv': ['order_id'],
  'olist_customers_dataset.csv': ['customer_id'],
};

const main = (): void => {
  const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/data/olist' }, copies: { type: 'string', default: '10' }, out: { type: 'string' } } });
  const copies = Number(values.copies);
  if (!values.out || !Number.isInteger(copies) || copies < 1) throw new Error('usage: replicateOlist.ts [--data DIR] [--copies N ≥ 1] --out DIR');
  mkdirSync(join(values.out, 'orders'), { recursive: true });
  cpSync(join(values.data!, 'reference'), join(values.out, 'reference'), { recursive: true });
  for (const [file, ids] of Object.entries(TABLES)) {
    writeFileSync(join(values.out, 'orders', file), replicateCsv(readFileSync(join(values.data!, 'orders', file), 'utf8'), ids, copies));
  }
  console.log(`${values.out}: ${copies} copies of every order of ${values.data}`);
};

if (import.meta.url === `file://${process.argv[1]}`) main();
