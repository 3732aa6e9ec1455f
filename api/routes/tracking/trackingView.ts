import { findTransition, type OrderStatus } from '../../../domain/order/index.js';
import type { TrackingEntry, TrackingOrderDocument, TrackingReturnDocument } from '../../../projections/tracking/trackingDocuments.js';
import type { TrackingData } from './trackingQueries.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

const supported = (tag: string | undefined): Language | undefined => {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : undefined;
};

/**
 * The page's language: the order's own locale when we speak it, else the browser's
 * Accept-Language preference (by q-value), else English.
 */
export const chooseLanguage = (locale: string, acceptLanguage: string | undefined): Language => {
  const own = supported(locale);
  if (own) return own;
  const prefs = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag ?? '', q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((p) => Number.isFinite(p.q) && p.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const p of prefs) {
    const lang = supported(p.tag);
    if (lang) return lang;
  }
  return 'en';
};

const RETURNABLE: ReadonlySet<string> = new Set(['partially_delivered', 'delivered', 'picked_up', 'completed']);

/**
 * What the page may offer. Hints only — the order's transition table decides when the customer
 * acts, and a refusal comes back as problem+json the page shows — but hints computed from the same
 * table, so the page does not offer what would certainly be refused.
 */
export const trackingActions = (o: TrackingOrderDocument) => {
  const status = o.status as OrderStatus;
  const handedOver = o.shipments.length > 0 || o.timeline.some((e) => e.type === 'picked_up');
  return {
    cancel: findTransition(status, 'CancelOrder') !== undefined && !handedOver,
    changeAddress: findTransition(status, 'ChangeShippingAddress') !== undefined && (o.deliveryMethod === 'standard' || o.deliveryMethod === 'express'),
    return: RETURNABLE.has(status),
  };
};

const byTime = (a: TrackingEntry, b: TrackingEntry) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** The body of `GET /track/:id`: the order doc without internals, returns merged into the timeline. */
export const trackingView = ({ order: o, returns }: TrackingData, language: Language) => ({
  orderId: o.orderId,
  status: o.status,
  language,
  locale: o.locale,
  currency: o.currency,
  channel: o.channel,
  placedAt: o.placedAt,
  updatedAt: o.updatedAt,
  deliveryMethod: o.deliveryMethod,
  destination: o.destination,
  pickupNode: o.pickupNode,
  pickup: o.pickup,
  promise: o.promise,
  total: { amount: o.total, currency: o.currency },
  lines: o.lines,
  shipments: o.shipments,
  // Stable sort: entries of one instant keep the order they happened in.
  timeline: [...o.timeline, ...returns.flatMap((r) => r.timeline)].sort(byTime),
  returns: returns.map((r: TrackingReturnDocument) => ({
    returnId: r.returnId, kind: r.returnKind, status: r.status, lines: r.lines, carrier: r.carrier, trackingNumber: r.trackingNumber, refunded: r.refunded, requestedAt: r.requestedAt,
  })),
  actions: trackingActions(o),
  revision: o.revision,
});
