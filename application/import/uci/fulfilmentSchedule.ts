import { DateTime } from 'luxon';

/**
 * Work that happens after an invoice in business time — a shipment, a delivery, a return once the
 * parcel has arrived — kept in time order and run when the replay's clock passes it (before
 * the next invoice at a later time). Only orders in flight are held, so memory stays small.
 */
export type ScheduledAction =
  | Readonly<{ kind: 'ship'; at: string; orderId: string; invoiceNo: string; countryCode: string }>
  | Readonly<{ kind: 'deliver'; at: string; orderId: string; invoiceNo: string; shipmentId: string }>
  /** A cancellation that reached the parcel in transit: returned once it has been delivered. */
  | Readonly<{ kind: 'return'; at: string; orderId: string; invoiceNo: string; lines: readonly Readonly<{ lineId: string; sku: string; quantity: number }>[] }>;

export type Schedule = Readonly<{
  add: (action: ScheduledAction) => void;
  /** Removes and returns the earliest action due at or before `at` (ISO), if any. */
  takeDue: (at: string) => ScheduledAction | undefined;
  /** Latest delivery scheduled for an order, if a parcel of it is still on the way. */
  pendingDelivery: (orderId: string) => string | undefined;
  size: () => number;
}>;

export const createSchedule = (): Schedule => {
  const heap: { action: ScheduledAction; seq: number }[] = [];
  let seq = 0;
  const less = (i: number, j: number) => heap[i]!.action.at < heap[j]!.action.at || (heap[i]!.action.at === heap[j]!.action.at && heap[i]!.seq < heap[j]!.seq);
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  return {
    add: (action) => {
      heap.push({ action, seq: seq++ });
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!less(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    },
    takeDue: (at) => {
      if (heap.length === 0 || heap[0]!.action.at > at) return undefined;
      const top = heap[0]!.action;
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        for (let i = 0; ; ) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && less(l, m)) m = l;
          if (r < heap.length && less(r, m)) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return top;
    },
    pendingDelivery: (orderId) => {
      let latest: string | undefined;
      for (const { action } of heap) if (action.kind === 'deliver' && action.orderId === orderId && (latest === undefined || action.at > latest)) latest = action.at;
      return latest;
    },
    size: () => heap.length,
  };
};

const LONDON = 'Europe/London';
const isWorkingDay = (d: DateTime): boolean => d.weekday <= 5;
const nextWorkingDay = (d: DateTime): DateTime => {
  let n = d.plus({ days: 1 });
  while (!isWorkingDay(n)) n = n.plus({ days: 1 });
  return n;
};

/**
 * When the DC hands the parcel to the carrier: the same working day at 17:30 (UK time) for an
 * invoice before the 15:00 cut-off, otherwise the next working day.
 */
export const dispatchTime = (invoiceAt: string): string => {
  const t = DateTime.fromISO(invoiceAt, { zone: LONDON });
  const day = isWorkingDay(t) && t.hour < 15 ? t : nextWorkingDay(t);
  return day.set({ hour: 17, minute: 30, second: 0, millisecond: 0 }).toUTC().toISO({ suppressMilliseconds: true })!;
};

/** Delivery at 12:00 local after `days` working days of transit. */
export const deliveryTime = (shippedAt: string, days: number): string => {
  let t: DateTime = DateTime.fromISO(shippedAt, { zone: LONDON });
  for (let i = 0; i < days; i += 1) t = nextWorkingDay(t);
  return t.set({ hour: 12, minute: 0, second: 0, millisecond: 0 }).toUTC().toISO({ suppressMilliseconds: true })!;
};
