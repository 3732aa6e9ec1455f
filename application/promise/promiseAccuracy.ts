import { scorePromises, type ScoredPromise } from '../../domain/promise/learned/index.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';

/**
 * `oms report promise-accuracy`: how the promises recorded on orders held up, read from the
 * ledger (OrderPlaced's promise and external baseline, the deliveries). Orders purchased in
 * [from, to) that were delivered in full and carry both our promise and the baseline are scored
 * — the same orders for both, so the figures compare. On time = delivered on or before the
 * promised calendar day. The promise scored is the one given at placement (revisions are what
 * the customer was told later; they are counted, not scored).
 */
export type PromiseAccuracyWindow = Readonly<{ from?: string; to?: string }>;

export type PromiseAccuracyReport = Readonly<{
  window: Readonly<{ from: string | null; to: string | null }>;
  delivered: number;
  onTimeRate: number;
  medianPromisedDays: number;
  meanAbsErrorDays: number;
  baselineOnTimeRate: number;
  baselineMedianPromisedDays: number;
  baselineMeanAbsErrorDays: number;
  leadReductionPct: number;
  ordersInWindow: number;
  revisedPromises: number;
  /** Orders in the window not scored, by reason. */
  unscored: Readonly<Record<string, number>>;
}>;

type OrderFacts = {
  placedAt: string;
  promisedDate?: string;
  baselineDate?: string;
  units: number;
  deliveredUnits: number;
  deliveredAt?: string;
  cancelled: boolean;
  revised: number;
};

type Move = { quantity: number; to: { stage: string } };

const round = (x: number, digits: number) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

export const promiseAccuracy = async (eventStore: EventStore, window: PromiseAccuracyWindow = {}): Promise<PromiseAccuracyReport> => {
  const orders = new Map<string, OrderFacts>();
  const filter = { streamPrefixes: ['order-'], eventTypes: ['OrderPlaced', 'OrderShipmentDelivered', 'OrderCancelled', 'OrderPromiseRevised'] };
  for await (const e of eventStore.readAll({ filter })) {
    const data = e.data as Record<string, unknown>;
    if (e.type === 'OrderPlaced') {
      const lines = (data.lines ?? []) as readonly { quantity: number }[];
      const promise = data.promise as { latest?: string } | undefined;
      const external = (data.checkout as { externalPromise?: { deliverBy?: string } } | undefined)?.externalPromise;
      orders.set(e.streamName, {
        placedAt: String(data.placedAt),
        ...(promise?.latest ? { promisedDate: promise.latest.slice(0, 10) } : {}),
        ...(external?.deliverBy ? { baselineDate: external.deliverBy.slice(0, 10) } : {}),
        units: lines.reduce((n, l) => n + l.quantity, 0),
        deliveredUnits: 0,
        cancelled: false,
        revised: 0,
      });
      continue;
    }
    const o = orders.get(e.streamName);
    if (!o) continue;
    if (e.type === 'OrderShipmentDelivered') {
      o.deliveredUnits += ((data.moves ?? []) as readonly Move[]).filter((m) => m.to.stage === 'delivered').reduce((n, m) => n + m.quantity, 0);
      const at = String(data.deliveredAt);
      if (!o.deliveredAt || at > o.deliveredAt) o.deliveredAt = at;
    } else if (e.type === 'OrderCancelled') o.cancelled = true;
    else if (e.type === 'OrderPromiseRevised') o.revised += 1;
  }
  const ours: ScoredPromise[] = [];
  const baseline: ScoredPromise[] = [];
  const unscored: Record<string, number> = {};
  const skip = (reason: string) => void (unscored[reason] = (unscored[reason] ?? 0) + 1);
  let inWindow = 0;
  let revised = 0;
  for (const o of orders.values()) {
    if ((window.from && o.placedAt < window.from) || (window.to && o.placedAt >= window.to)) continue;
    inWindow += 1;
    revised += o.revised;
    if (o.cancelled) skip('cancelled');
    else if (!o.deliveredAt || o.deliveredUnits < o.units) skip('notDelivered');
    else if (!o.promisedDate) skip('noPromise');
    else if (!o.baselineDate) skip('noBaseline');
    else {
      const row = { purchasedAt: Date.parse(o.placedAt), deliveredAt: Date.parse(o.deliveredAt) };
      ours.push({ ...row, promisedDate: o.promisedDate });
      baseline.push({ ...row, promisedDate: o.baselineDate });
    }
  }
  const s = scorePromises(ours);
  const b = scorePromises(baseline);
  return {
    window: { from: window.from ?? null, to: window.to ?? null },
    delivered: s.delivered,
    onTimeRate: round(s.onTimeRate, 4),
    medianPromisedDays: round(s.medianPromisedDays, 2),
    meanAbsErrorDays: round(s.meanAbsErrorDays, 2),
    baselineOnTimeRate: round(b.onTimeRate, 4),
    baselineMedianPromisedDays: round(b.medianPromisedDays, 2),
    baselineMeanAbsErrorDays: round(b.meanAbsErrorDays, 2),
    leadReductionPct: round(100 * (1 - s.medianPromisedDays / b.medianPromisedDays), 1),
    ordersInWindow: inWindow,
    revisedPromises: revised,
    unscored,
  };
};
