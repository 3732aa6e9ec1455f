import { MAX_WEIGHT_GRAMS } from '../../../domain/catalog/validateSku.js';
import { isKey } from '../../../domain/network/identifier.js';
import type { Anomalies } from './anomalies.js';
import { nodeOf, skuOf } from './olistSettings.js';
import type { OlistTables, Row } from './olistFiles.js';

/**
 * The Olist tables as the importer uses them: sellers with coordinates (zip prefix → the
 * geolocation file, clipped to Brazil's bounding box; else the state's centroid), products with
 * a weight and a price, and orders with their units grouped per (product, seller). Olist
 * timestamps carry no zone: they are Brazilian wall-clock times, read as if UTC so calendar
 * days come out as the local days Olist promised in (the same convention as bench/promise).
 */
export type OlistPlace = Readonly<{ zip: string; city: string; state: string; lat: number; lng: number }>;
export type OlistSeller = Readonly<{ sellerId: string; place: OlistPlace }>;
export type OlistProduct = Readonly<{ productId: string; category: string; weightGrams: number; price: string }>;
export type OlistItem = Readonly<{ productId: string; sellerId: string; quantity: number }>;

export type OlistOrderRecord = Readonly<{
  orderId: string;
  customerId: string;
  status: string;
  purchasedAt: string;
  approvedAt?: string;
  handedOverAt?: string;
  deliveredAt?: string;
  /** Olist's own promise (YYYY-MM-DD): the baseline of `oms report promise-accuracy`. */
  estimatedDate?: string;
  destination: OlistPlace;
  items: readonly OlistItem[];
}>;

export type OlistDataset = Readonly<{
  sellers: ReadonlyMap<string, OlistSeller>;
  products: ReadonlyMap<string, OlistProduct>;
  /** Sorted by purchase instant (then id). */
  orders: readonly OlistOrderRecord[];
  /** Rows in the order file, importable or not. */
  orderRows: number;
}>;

const STAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/;
export const isoStamp = (value: string | undefined): string | undefined => {
  const m = value ? STAMP.exec(value.trim()) : null;
  if (!m) return undefined;
  const iso = `${m[1]}T${m[2]}.000Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
};

const LAT: [number, number] = [-34, 5.5];
const LNG: [number, number] = [-74.5, -32];
const inside = (v: number, [lo, hi]: [number, number]) => v >= lo && v <= hi;
const clip = (v: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, v));
const zipOf = (raw: string | undefined) => (raw ?? '').trim().padStart(5, '0');

type Geo = Readonly<{ lat: number; lng: number }>;

const geocoder = (rows: readonly Row[], anomalies: Anomalies) => {
  const byZip = new Map<string, Geo>();
  const sums = new Map<string, { lat: number; lng: number; n: number }>();
  for (const r of rows) {
    const lat = Number(r.lat);
    const lng = Number(r.lng);
    if (!r.zip_code_prefix || !Number.isFinite(lat) || !Number.isFinite(lng) || r.lat === '' || r.lng === '') {
      anomalies.count('geolocation: unreadable row (skipped)');
      continue;
    }
    const ok = inside(lat, LAT) && inside(lng, LNG);
    if (!ok) anomalies.count('geolocation: outside Brazil (clipped)');
    const geo = { lat: clip(lat, LAT), lng: clip(lng, LNG) };
    byZip.set(zipOf(r.zip_code_prefix), geo);
    if (ok && r.state) {
      const s = sums.get(r.state) ?? { lat: 0, lng: 0, n: 0 };
      sums.set(r.state, { lat: s.lat + lat, lng: s.lng + lng, n: s.n + 1 });
    }
  }
  const centroid = new Map([...sums].map(([state, s]) => [state, { lat: s.lat / s.n, lng: s.lng / s.n }]));
  return (zipRaw: string | undefined, city: string | undefined, state: string | undefined, who: string): OlistPlace | undefined => {
    const zip = zipOf(zipRaw);
    const st = (state ?? '').trim().toUpperCase();
    let geo = zipRaw ? byZip.get(zip) : undefined;
    if (!geo) {
      geo = centroid.get(st);
      if (!geo) {
        anomalies.count(`${who}: no coordinates for zip prefix or state (skipped)`);
        return undefined;
      }
      anomalies.count(`${who}: zip prefix not geocoded (state centroid used)`);
    }
    if (!st) {
      anomalies.count(`${who}: no state (skipped)`);
      return undefined;
    }
    return { zip, city: (city ?? '').trim(), state: st, lat: geo.lat, lng: geo.lng };
  };
};

const positiveInt = (raw: string | undefined): number | undefined => {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? Math.round(n) : undefined;
};

/** Weight when a product has none recorded: the median of the catalogue is about this. */
export const DEFAULT_WEIGHT_GRAMS = 700;

/** A catalog price holds at most 15 integer digits (domain/catalog/validateSku.ts). */
const PRICE = /^\d{1,15}(\.\d{1,2})?$/;

export const buildOlistDataset = (t: OlistTables, anomalies: Anomalies): OlistDataset => {
  for (const [table, n] of Object.entries(t.malformedLines ?? {})) if (n) anomalies.count(`${table}: malformed CSV line (skipped)`, n);
  const place = geocoder(t.geolocation, anomalies);
  const sellers = new Map<string, OlistSeller>();
  for (const r of t.sellers) {
    // Ids become node ids and SKUs (stream names): one the OMS would refuse is skipped here, not mid-replay.
    if (r.seller_id && !isKey(nodeOf(r.seller_id))) {
      anomalies.count('seller: id not usable as a node id (skipped)');
      continue;
    }
    const p = r.seller_id ? place(r.seller_zip_code_prefix, r.seller_city, r.seller_state, 'seller') : undefined;
    if (!r.seller_id) anomalies.count('seller: row without id (skipped)');
    if (r.seller_id && p) sellers.set(r.seller_id, { sellerId: r.seller_id, place: p });
  }
  // A product's catalogue price: the first price it sold at (Olist prices are per order item).
  const firstPrice = new Map<string, string>();
  for (const r of t.items) {
    if (!PRICE.test((r.price ?? '').trim())) anomalies.count('item: unreadable price (another sale of the product prices it)');
    else if (r.product_id && !firstPrice.has(r.product_id)) firstPrice.set(r.product_id, Number(r.price).toFixed(2));
  }
  const products = new Map<string, OlistProduct>();
  for (const r of t.products) {
    if (!r.product_id) {
      anomalies.count('product: row without id (skipped)');
      continue;
    }
    if (!isKey(skuOf(r.product_id))) {
      anomalies.count('product: id not usable as a SKU (skipped)');
      continue;
    }
    let weight = positiveInt(r.product_weight_g);
    if (weight !== undefined && weight > MAX_WEIGHT_GRAMS) {
      anomalies.count(`product: weight over ${MAX_WEIGHT_GRAMS} g (${DEFAULT_WEIGHT_GRAMS} g assumed)`);
      weight = DEFAULT_WEIGHT_GRAMS;
    }
    if (weight === undefined) {
      anomalies.count(`product: no weight (${DEFAULT_WEIGHT_GRAMS} g assumed)`);
      weight = DEFAULT_WEIGHT_GRAMS;
    }
    const price = firstPrice.get(r.product_id);
    if (price === undefined) continue; // never sold in these orders: not needed as a SKU
    // The category goes into the SKU name (at most 200 characters).
    products.set(r.product_id, { productId: r.product_id, category: (r.product_category_name ?? '').trim().slice(0, 100) || 'unknown', weightGrams: weight, price });
  }
  const customers = new Map<string, { uniqueId: string; place?: OlistPlace }>();
  for (const r of t.customers) {
    if (!r.customer_id) continue;
    const p = place(r.customer_zip_code_prefix, r.customer_city, r.customer_state, 'customer');
    customers.set(r.customer_id, { uniqueId: r.customer_unique_id || r.customer_id, ...(p ? { place: p } : {}) });
  }
  const itemsOf = new Map<string, Map<string, OlistItem>>();
  const itemKeys = new Set<string>();
  for (const r of t.items) {
    if (!r.order_id || !r.product_id || !r.seller_id) {
      anomalies.count('item: row without order, product or seller id (skipped)');
      continue;
    }
    // order_item_id numbers an order's units: a repeated (order, number) is a duplicated row, not another unit.
    const itemKey = r.order_item_id ? `${r.order_id}|${r.order_item_id}` : undefined;
    if (itemKey !== undefined && itemKeys.has(itemKey)) {
      anomalies.count('item: duplicate order_item_id (skipped)');
      continue;
    }
    if (itemKey !== undefined) itemKeys.add(itemKey);
    const m = itemsOf.get(r.order_id) ?? new Map<string, OlistItem>();
    const key = `${r.product_id}|${r.seller_id}`;
    m.set(key, { productId: r.product_id, sellerId: r.seller_id, quantity: (m.get(key)?.quantity ?? 0) + 1 });
    itemsOf.set(r.order_id, m);
  }
  const orders: OlistOrderRecord[] = [];
  const seen = new Set<string>();
  for (const r of t.orders) {
    const orderId = r.order_id;
    const purchasedAt = isoStamp(r.order_purchase_timestamp);
    if (!orderId || !purchasedAt) {
      anomalies.count('order: no id or purchase timestamp (skipped)');
      continue;
    }
    // A second row of one order id would replay the order twice (or contradict it): the first row stands.
    if (seen.has(orderId)) {
      anomalies.count('order: duplicate order id (later row skipped)');
      continue;
    }
    seen.add(orderId);
    const items = [...(itemsOf.get(orderId)?.values() ?? [])];
    if (items.length === 0) {
      anomalies.count(`order: no items (skipped, status ${r.order_status || '?'})`);
      continue;
    }
    if (items.some((i) => !sellers.has(i.sellerId))) {
      anomalies.count('order: unknown or unlocated seller (skipped)');
      continue;
    }
    if (items.some((i) => !products.has(i.productId))) {
      anomalies.count('order: unknown product (skipped)');
      continue;
    }
    const customer = customers.get(r.customer_id ?? '');
    if (!customer?.place) {
      anomalies.count('order: unknown or unlocated customer (skipped)');
      continue;
    }
    const approvedAt = isoStamp(r.order_approved_at);
    const handedOverAt = isoStamp(r.order_delivered_carrier_date);
    const deliveredAt = isoStamp(r.order_delivered_customer_date);
    const estimated = isoStamp(r.order_estimated_delivery_date);
    if (!estimated) anomalies.count('order: no estimated delivery date (no baseline)');
    orders.push({
      orderId,
      customerId: customer.uniqueId,
      status: r.order_status || 'unknown',
      purchasedAt,
      ...(approvedAt ? { approvedAt } : {}),
      ...(handedOverAt ? { handedOverAt } : {}),
      ...(deliveredAt ? { deliveredAt } : {}),
      ...(estimated ? { estimatedDate: estimated.slice(0, 10) } : {}),
      destination: customer.place,
      items,
    });
  }
  const orderIds = new Set(t.orders.map((r) => r.order_id));
  for (const [orderId, m] of itemsOf) {
    if (!orderIds.has(orderId)) anomalies.count('item: order not in the orders file (skipped)', [...m.values()].reduce((n, i) => n + i.quantity, 0));
  }
  orders.sort((a, b) => (a.purchasedAt < b.purchasedAt ? -1 : a.purchasedAt > b.purchasedAt ? 1 : a.orderId < b.orderId ? -1 : 1));
  return { sellers, products, orders, orderRows: t.orders.length };
};
