import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * Loads the Olist sample (../shared/data/olist) into one record per order, with every anomaly
 * counted rather than thrown. Olist timestamps carry no zone: they are Brazilian wall-clock
 * times, read here as if UTC so calendar days come out as the local days Olist promised in.
 */
export type Place = Readonly<{ zip: string; city: string; state: string; region: string; lat?: number; lng?: number }>;

export type OlistOrder = Readonly<{
  orderId: string;
  status: string;
  purchasedAt: number;
  approvedAt?: number;
  handedOverAt?: number;
  deliveredAt?: number;
  /** Olist's promise: the estimated delivery date (YYYY-MM-DD). */
  estimatedDate?: string;
  customer?: Place;
  /** Distinct sellers in item order (an order may be sold by several). */
  sellers: readonly Readonly<{ sellerId: string; place?: Place }>[];
}>;

export type OlistAnomalies = Record<string, number>;

type Row = Record<string, string>;
const readCsv = (path: string): Row[] => parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Row[];

const STAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
export const parseStamp = (value: string | undefined): number | undefined => {
  const m = value ? STAMP.exec(value.trim()) : null;
  if (!m) return undefined;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
};

const clip = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const normalizeCity = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

export const loadOlist = (dataDir: string): { orders: OlistOrder[]; anomalies: OlistAnomalies } => {
  const anomalies: OlistAnomalies = {};
  const count = (k: string): void => void (anomalies[k] = (anomalies[k] ?? 0) + 1);
  const ref = join(dataDir, 'reference');
  const ord = join(dataDir, 'orders');

  const geo = new Map<string, { lat: number; lng: number }>();
  for (const r of readCsv(join(ref, 'olist_geolocation_by_zip_prefix.csv'))) {
    const lat = Number(r.lat);
    const lng = Number(r.lng);
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) continue;
    if (lat !== clip(lat, -34, 5.5) || lng !== clip(lng, -74.5, -32)) count('geolocationClipped');
    geo.set(r.zip_code_prefix!.padStart(5, '0'), { lat: clip(lat, -34, 5.5), lng: clip(lng, -74.5, -32) });
  }
  // Fallbacks: municipality centroid by (city, state), then the state's macro-region only.
  const municipios = join(dataDir, '..', 'br_municipios');
  const ufByCode = new Map<string, { uf: string; region: string }>();
  const cityGeo = new Map<string, { lat: number; lng: number }>();
  try {
    for (const r of readCsv(join(municipios, 'estados.csv'))) ufByCode.set(r.codigo_uf!, { uf: r.uf!, region: r.regiao! });
    for (const r of readCsv(join(municipios, 'municipios.csv'))) {
      const uf = ufByCode.get(r.codigo_uf!)?.uf;
      if (uf) cityGeo.set(`${normalizeCity(r.nome!)}|${uf}`, { lat: Number(r.latitude), lng: Number(r.longitude) });
    }
  } catch {
    count('municipiosMissing');
  }
  const regionOf = new Map([...ufByCode.values()].map((v) => [v.uf, v.region]));
  const place = (zipRaw: string | undefined, city: string | undefined, state: string | undefined, who: string): Place | undefined => {
    if (!zipRaw || !state) {
      count(`${who}WithoutAddress`);
      return undefined;
    }
    const zip = zipRaw.padStart(5, '0');
    let coords = geo.get(zip);
    if (!coords) {
      coords = cityGeo.get(`${normalizeCity(city ?? '')}|${state}`);
      count(coords ? `${who}GeocodedByCity` : `${who}NotGeocoded`);
    }
    return { zip, city: city ?? '', state, region: regionOf.get(state) ?? state, ...(coords ?? {}) };
  };

  const sellerPlace = new Map<string, Place | undefined>();
  for (const r of readCsv(join(ref, 'olist_sellers_dataset.csv'))) {
    sellerPlace.set(r.seller_id!, place(r.seller_zip_code_prefix, r.seller_city, r.seller_state, 'seller'));
  }
  const customerPlace = new Map<string, Place | undefined>();
  for (const r of readCsv(join(ord, 'olist_customers_dataset.csv'))) {
    customerPlace.set(r.customer_id!, place(r.customer_zip_code_prefix, r.customer_city, r.customer_state, 'customer'));
  }
  const sellersOf = new Map<string, string[]>();
  for (const r of readCsv(join(ord, 'olist_order_items_dataset.csv'))) {
    const list = sellersOf.get(r.order_id!) ?? [];
    if (!list.includes(r.seller_id!)) list.push(r.seller_id!);
    sellersOf.set(r.order_id!, list);
  }

  const orders: OlistOrder[] = [];
  for (const r of readCsv(join(ord, 'olist_orders_dataset.csv'))) {
    const purchasedAt = parseStamp(r.order_purchase_timestamp);
    if (purchasedAt === undefined) {
      count('withoutPurchaseTimestamp');
      continue;
    }
    const approvedAt = parseStamp(r.order_approved_at);
    let handedOverAt = parseStamp(r.order_delivered_carrier_date);
    let deliveredAt = parseStamp(r.order_delivered_customer_date);
    if (approvedAt === undefined) count('withoutApproval');
    if (handedOverAt !== undefined && approvedAt !== undefined && handedOverAt < approvedAt) count('handedOverBeforeApproval');
    if (handedOverAt !== undefined && handedOverAt < purchasedAt) {
      count('handedOverBeforePurchase (hand-over dropped)');
      handedOverAt = undefined;
    }
    if (deliveredAt !== undefined && deliveredAt < purchasedAt) {
      count('deliveredBeforePurchase (delivery dropped)');
      deliveredAt = undefined;
    }
    if (deliveredAt !== undefined && handedOverAt !== undefined && deliveredAt < handedOverAt) {
      count('deliveredBeforeHandOver (hand-over dropped)');
      handedOverAt = undefined;
    }
    if (r.order_status === 'delivered' && deliveredAt === undefined) count('deliveredWithoutTimestamp');
    if (deliveredAt !== undefined && handedOverAt === undefined) count('deliveredWithoutHandOver');
    if (deliveredAt === undefined) count(`notDelivered:${r.order_status}`);
    const estimated = parseStamp(r.order_estimated_delivery_date);
    if (estimated === undefined) count('withoutEstimatedDate');
    const sellerIds = sellersOf.get(r.order_id!) ?? [];
    if (sellerIds.length === 0) count('withoutItems');
    if (sellerIds.length > 1) count('multiSeller');
    orders.push({
      orderId: r.order_id!,
      status: r.order_status!,
      purchasedAt,
      ...(approvedAt !== undefined ? { approvedAt } : {}),
      ...(handedOverAt !== undefined ? { handedOverAt } : {}),
      ...(deliveredAt !== undefined ? { deliveredAt } : {}),
      ...(estimated !== undefined ? { estimatedDate: new Date(estimated).toISOString().slice(0, 10) } : {}),
      customer: customerPlace.get(r.customer_id!),
      sellers: sellerIds.map((sellerId) => ({ sellerId, place: sellerPlace.get(sellerId) })),
    });
  }
  return { orders, anomalies };
};
