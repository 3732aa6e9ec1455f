import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runImportOlist } from '../../../../../api/cli/importOlistCommand.js';
import { createAnomalies } from '../../../../../application/import/olist/anomalies.js';
import { buildOlistDataset } from '../../../../../application/import/olist/olistDataset.js';
import { OLIST_FILES, OlistLayoutError, readOlistDir, type OlistTables } from '../../../../../application/import/olist/olistFiles.js';
import { planOrder } from '../../../../../application/import/olist/olistTimeline.js';
import { loadConfig } from '../../../../../infrastructure/config/config.js';
import { PRODUCTS, SELLERS, writeOlistFixture } from '../../../../support/olistFixture.js';

const P = PRODUCTS.P1;
const S = SELLERS.S1;
const order = (id: string, over: Record<string, string> = {}) => ({
  order_id: id, customer_id: 'c1', order_status: 'delivered', order_purchase_timestamp: '2017-05-01 10:00:00', order_estimated_delivery_date: '2017-05-20 00:00:00', ...over,
});
const item = (orderId: string, n: string, over: Record<string, string> = {}) => ({ order_id: orderId, order_item_id: n, product_id: P, seller_id: S, price: '10.00', ...over });
const tables = (over: Partial<OlistTables> = {}): OlistTables => ({
  geolocation: [{ zip_code_prefix: '01001', lat: '-23.55', lng: '-46.63', city: 'sao paulo', state: 'SP' }],
  sellers: [{ seller_id: S, seller_zip_code_prefix: '01001', seller_city: 'sao paulo', seller_state: 'SP' }],
  products: [{ product_id: P, product_category_name: 'artes', product_weight_g: '300' }],
  customers: [{ customer_id: 'c1', customer_unique_id: 'u1', customer_zip_code_prefix: '01001', customer_city: 'sao paulo', customer_state: 'SP' }],
  orders: [order('o1')],
  items: [item('o1', '1')],
  ...over,
});
const build = (t: OlistTables) => {
  const anomalies = createAnomalies();
  return { data: buildOlistDataset(t, anomalies), anomalies: anomalies.snapshot() };
};

describe('Olist importer: hostile input files', () => {
  let root: string;
  const dir = () => join(root, 'olist');
  const write = (table: keyof typeof OLIST_FILES, content: string) => writeFileSync(join(dir(), ...OLIST_FILES[table]), content);
  const layoutError = (): Error => {
    try {
      readOlistDir(dir());
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a layout error');
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'olist-hostile-'));
    writeOlistFixture(dir());
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('a directory unusable as a whole is refused before anything is written, in one line naming the file', () => {
    it('a missing CSV', () => {
      rmSync(join(dir(), ...OLIST_FILES.items));
      const error = layoutError();
      expect(error).to.be.instanceOf(OlistLayoutError);
      expect(error.message).to.match(/missing .*olist_order_items_dataset\.csv$/);
    });
    it('an empty CSV (no header)', () => {
      write('sellers', '');
      expect(layoutError().message).to.match(/olist_sellers_dataset\.csv: empty file \(expected a header with seller_id/);
    });
    it('a CSV missing a column the importer reads', () => {
      write('orders', 'order_id,customer_id,order_status,order_approved_at\no1,c1,delivered,\n');
      const error = layoutError();
      expect(error.message).to.match(/olist_orders_dataset\.csv: not the Olist orders table: the header lacks order_purchase_timestamp, order_delivered_carrier_date/);
      expect(error.message).not.to.include('\n');
    });
    it('a binary file where a CSV should be', () => {
      write('products', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x0a, 0x22, 0x41]).toString('latin1'));
      expect(layoutError().message).to.match(/olist_products_dataset\.csv: not the Olist products table/);
    });
    it('the CLI: the same error, and no store opened', async () => {
      write('items', '');
      const config = loadConfig({ OMS_DATA_DIR: join(root, 'data'), OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'test', NODE_ENV: 'test' });
      const failed = await runImportOlist(config, dir(), { json: true }, { write: () => true }).then(() => undefined, (e: Error) => e);
      expect(failed).to.be.instanceOf(OlistLayoutError);
      expect(failed!.message).to.match(/olist_order_items_dataset\.csv: empty file/);
    });
  });

  describe('usable files in unusual shapes', () => {
    it('header only, reordered columns, BOM and CRLF read as usual; an unclosed quote is skipped and counted per table', () => {
      write('customers', '\uFEFFcustomer_state,customer_city,customer_zip_code_prefix,customer_unique_id,customer_id\r\nSP,sao paulo,01001,u1,c1\r\n');
      write('items', `order_id,order_item_id,product_id,seller_id,price\no01,1,${P},${S},49.90\no02,1,${P},${S},4"9.90\no01,2,"${P},${S},1.00\n`);
      write('geolocation', 'zip_code_prefix,lat,lng,city,state\n');
      const t = readOlistDir(dir());
      expect(t.customers).to.deep.equal([{ customer_state: 'SP', customer_city: 'sao paulo', customer_zip_code_prefix: '01001', customer_unique_id: 'u1', customer_id: 'c1' }]);
      expect(t.items.map((r) => [r.order_id, r.price])).to.deep.equal([['o01', '49.90'], ['o02', '4"9.90']]); // a stray quote stays text
      expect(t.geolocation).to.deep.equal([]);
      expect(t.malformedLines).to.deep.equal({ items: 1 });
      expect(build(t).anomalies).to.include({ 'items: malformed CSV line (skipped)': 1, 'item: unreadable price (another sale of the product prices it)': 1 });
    });
  });

  describe('hostile rows are skipped or repaired, each counted by reason', () => {
    it('a duplicated order id replays once', () => {
      const { data, anomalies } = build(tables({ orders: [order('o1'), order('o1', { order_status: 'canceled' })] }));
      expect(data.orders.map((o) => [o.orderId, o.status])).to.deep.equal([['o1', 'delivered']]);
      expect(anomalies).to.include({ 'order: duplicate order id (later row skipped)': 1 });
    });

    it('a repeated order_item_id is a duplicated row, not another unit; items of unknown orders are counted', () => {
      const { data, anomalies } = build(tables({ items: [item('o1', '1'), item('o1', '1'), item('o1', '2'), item('ghost', '1')] }));
      expect(data.orders[0]!.items).to.deep.equal([{ productId: P, sellerId: S, quantity: 2 }]);
      expect(anomalies).to.include({ 'item: duplicate order_item_id (skipped)': 1, 'item: order not in the orders file (skipped)': 1 });
    });

    it('items naming unknown products or sellers skip their order', () => {
      const { data, anomalies } = build(tables({
        orders: [order('o1'), order('o2'), order('o3')],
        items: [item('o1', '1'), item('o2', '1', { product_id: 'nope' }), item('o3', '1', { seller_id: 'nope' })],
      }));
      expect(data.orders.map((o) => o.orderId)).to.deep.equal(['o1']);
      expect(anomalies).to.include({ 'order: unknown product (skipped)': 1, 'order: unknown or unlocated seller (skipped)': 1 });
    });

    it('ids the OMS refuses as SKUs or node ids, and weights over its limit, are dealt with before the replay', () => {
      const { data, anomalies } = build(tables({
        sellers: [...tables().sellers, { seller_id: 'seller with space', seller_zip_code_prefix: '01001', seller_city: 'x', seller_state: 'SP' }],
        products: [
          { product_id: P, product_category_name: 'c'.repeat(500), product_weight_g: '2000000' },
          { product_id: 'id with space', product_category_name: 'artes', product_weight_g: '1' },
        ],
        orders: [order('o1'), order('o2'), order('o3')],
        items: [item('o1', '1'), item('o2', '1', { product_id: 'id with space' }), item('o3', '1', { seller_id: 'seller with space' })],
      }));
      expect(data.products.get(P)).to.deep.include({ weightGrams: 700, category: 'c'.repeat(100) });
      expect(data.products.has('id with space')).to.equal(false);
      expect(data.sellers.has('seller with space')).to.equal(false);
      expect(data.orders.map((o) => o.orderId)).to.deep.equal(['o1']);
      expect(anomalies).to.include({
        'product: weight over 1000000 g (700 g assumed)': 1,
        'product: id not usable as a SKU (skipped)': 1,
        'seller: id not usable as a node id (skipped)': 1,
      });
    });

    it('unreadable prices are counted; a price no catalog can hold is never used', () => {
      const { data, anomalies } = build(tables({ items: [item('o1', '1', { price: '12,50' }), item('o1', '2', { price: '9999999999999999.00' }), item('o1', '3', { price: '7.5' })] }));
      expect(data.products.get(P)!.price).to.equal('7.50');
      expect(anomalies).to.include({ 'item: unreadable price (another sale of the product prices it)': 2 });
    });

    it('blank required fields and a zip prefix missing from the geolocation file', () => {
      const { data, anomalies } = build(tables({
        customers: [
          { customer_id: 'c1', customer_unique_id: '', customer_zip_code_prefix: '99999', customer_city: 'x', customer_state: 'SP' },
          { customer_id: 'c2', customer_unique_id: 'u2', customer_zip_code_prefix: '99999', customer_city: 'x', customer_state: '' },
        ],
        orders: [order('o1', { order_status: '', order_estimated_delivery_date: '' }), order(''), order('o3', { order_purchase_timestamp: '' }), order('o4', { customer_id: 'c2' }), order('o5', { customer_id: '' })],
        items: ['o1', 'o3', 'o4', 'o5'].map((o) => item(o, '1')),
      }));
      expect(data.orders.map((o) => [o.orderId, o.customerId, o.status, o.destination.zip])).to.deep.equal([['o1', 'c1', 'unknown', '99999']]);
      expect(anomalies).to.include({
        'customer: zip prefix not geocoded (state centroid used)': 1,
        'customer: no coordinates for zip prefix or state (skipped)': 1,
        'order: no id or purchase timestamp (skipped)': 2,
        'order: unknown or unlocated customer (skipped)': 2,
        'order: no estimated delivery date (no baseline)': 1,
      });
    });

    it('timestamps out of order (delivered before purchase, approved before purchase) are repaired and counted', () => {
      const { data } = build(tables({ orders: [order('o1', { order_approved_at: '2017-04-30 10:00:00', order_delivered_carrier_date: '2017-05-03 10:00:00', order_delivered_customer_date: '2017-04-01 10:00:00' })] }));
      const anomalies = createAnomalies();
      const steps = planOrder(data.orders[0]!, anomalies);
      expect(steps.map((s) => [s.kind, s.at])).to.deep.equal([
        ['place', '2017-05-01T10:00:00.000Z'], ['accept', '2017-05-01T10:00:00.000Z'], ['ship', '2017-05-03T10:00:00.000Z'],
      ]);
      expect(anomalies.snapshot()).to.deep.equal({ 'order: approved before purchase (approved at purchase)': 1, 'order: delivered before purchase (delivery dropped)': 1,
        'order: status delivered without delivery timestamp (left in transit)': 1,
      });
    });
  });
});
