import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A tiny Olist-shaped directory (orders/ + reference/, Olist's own column names), written by the
 * test itself: two sellers (São Paulo, Rio), three products, and orders covering the paths the
 * importer must handle — delivered (one of them late against Olist's estimate), two sellers in
 * one order, cancelled, in transit, delivered before hand-over, an unknown seller.
 */
const csv = (header: string, rows: readonly string[]) => `${header}\n${rows.join('\n')}\n`;

export type FixtureOrder = Readonly<{
  id: string;
  status: string;
  purchase: string;
  approved?: string;
  carrier?: string;
  delivered?: string;
  estimated: string;
  items: readonly Readonly<{ product: string; seller: string }>[];
  customerZip?: string;
}>;

export const SELLERS = { S1: 'seller0000000000000000000000000a1', S2: 'seller0000000000000000000000000b2' } as const;
export const PRODUCTS = { P1: 'prod00000000000000000000000000p1', P2: 'prod00000000000000000000000000p2', P3: 'prod00000000000000000000000000p3' } as const;

const day = (d: number, h = 10) => `2017-01-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:00:00`;

export const FIXTURE_ORDERS: readonly FixtureOrder[] = [
  { id: 'o01', status: 'delivered', purchase: day(2), approved: day(2, 11), carrier: day(3), delivered: day(6), estimated: day(20, 0), items: [{ product: PRODUCTS.P1, seller: SELLERS.S1 }] },
  { id: 'o02', status: 'delivered', purchase: day(3), approved: day(3, 12), carrier: day(5), delivered: day(9), estimated: day(22, 0), items: [{ product: PRODUCTS.P1, seller: SELLERS.S1 }, { product: PRODUCTS.P2, seller: SELLERS.S2 }] },
  { id: 'o03', status: 'delivered', purchase: day(4), approved: day(4, 11), carrier: day(5), delivered: day(8), estimated: day(7, 0), items: [{ product: PRODUCTS.P2, seller: SELLERS.S2 }, { product: PRODUCTS.P2, seller: SELLERS.S2 }] },
  { id: 'o04', status: 'delivered', purchase: day(5), approved: day(5, 11), carrier: day(6), delivered: day(10), estimated: day(25, 0), items: [{ product: PRODUCTS.P3, seller: SELLERS.S1 }] },
  { id: 'o05', status: 'canceled', purchase: day(6), approved: day(6, 11), estimated: day(26, 0), items: [{ product: PRODUCTS.P1, seller: SELLERS.S1 }] },
  { id: 'o06', status: 'shipped', purchase: day(7), approved: day(7, 11), carrier: day(8), estimated: day(27, 0), items: [{ product: PRODUCTS.P3, seller: SELLERS.S1 }] },
  { id: 'o07', status: 'delivered', purchase: day(8), approved: day(8, 11), carrier: day(12), delivered: day(11), estimated: day(28, 0), items: [{ product: PRODUCTS.P1, seller: SELLERS.S1 }] },
  { id: 'o08', status: 'delivered', purchase: day(9), approved: day(9, 11), carrier: day(10), delivered: day(12), estimated: day(29, 0), items: [{ product: PRODUCTS.P2, seller: 'unknownseller00000000000000000zz' }] },
  { id: 'o09', status: 'delivered', purchase: day(10), carrier: day(11), delivered: day(14), estimated: day(30, 0), items: [{ product: PRODUCTS.P3, seller: SELLERS.S2 }], customerZip: '99999' },
];

export const writeOlistFixture = (dir: string, orders: readonly FixtureOrder[] = FIXTURE_ORDERS): void => {
  mkdirSync(join(dir, 'orders'), { recursive: true });
  mkdirSync(join(dir, 'reference'), { recursive: true });
  writeFileSync(join(dir, 'reference', 'olist_geolocation_by_zip_prefix.csv'), csv('zip_code_prefix,lat,lng,city,state', [
    '01001,-23.550381,-46.634027,sao paulo,SP',
    '20040,-22.903,-43.177,rio de janeiro,RJ',
    '30110,-19.92,-43.94,belo horizonte,MG',
    '99999,12.0,-50.0,nowhere,RS',
  ]));
  writeFileSync(join(dir, 'reference', 'olist_sellers_dataset.csv'), csv('"seller_id","seller_zip_code_prefix","seller_city","seller_state"', [
    `"${SELLERS.S1}","01001",sao paulo,SP`,
    `${SELLERS.S2},"20040",rio de janeiro,RJ`,
  ]));
  writeFileSync(join(dir, 'reference', 'olist_products_dataset.csv'), csv('"product_id","product_category_name","product_name_lenght","product_description_lenght","product_photos_qty","product_weight_g","product_length_cm","product_height_cm","product_width_cm"', [
    `"${PRODUCTS.P1}",perfumaria,40,287,1,225,16,10,14`,
    `"${PRODUCTS.P2}",artes,44,276,1,1000,30,18,20`,
    `"${PRODUCTS.P3}",,,,,,,,`,
  ]));
  const customers = orders.map((o) => `cust-${o.id},uniq-${o.id},${o.customerZip ?? '30110'},belo horizonte,MG`);
  writeFileSync(join(dir, 'orders', 'olist_customers_dataset.csv'), csv('customer_id,customer_unique_id,customer_zip_code_prefix,customer_city,customer_state', customers));
  writeFileSync(join(dir, 'orders', 'olist_orders_dataset.csv'), csv(
    'order_id,customer_id,order_status,order_purchase_timestamp,order_approved_at,order_delivered_carrier_date,order_delivered_customer_date,order_estimated_delivery_date',
    orders.map((o) => [o.id, `cust-${o.id}`, o.status, o.purchase, o.approved ?? '', o.carrier ?? '', o.delivered ?? '', o.estimated].join(',')),
  ));
  writeFileSync(join(dir, 'orders', 'olist_order_items_dataset.csv'), csv(
    'order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value',
    orders.flatMap((o) => o.items.map((it, i) => `${o.id},${i + 1},${it.product},${it.seller},${o.purchase},49.90,15.10`)),
  ));
};
