import { ValidationError } from '../shared/errors.js';
import { daySet, isoDateFromDay, isoWeekday, parseHhMm, weekdayFlags, weekdayName } from './calendarDays.js';

/**
 * A carrier service (e.g. "standard", "express") as the promise engine needs it: when parcels
 * must be handed over at the node, on which days the carrier collects and delivers, and its
 * non-delivery dates (public holidays). Transit days are counted in the carrier's delivery days.
 */
export type CarrierService = Readonly<{
  id: string;
  /** Node-local "HH:MM": a parcel finished after this leaves on the next collection. */
  handoverLocal: string;
  /** ISO weekdays the carrier collects from nodes; default Mon–Fri. */
  collectionDays?: readonly number[];
  /** ISO weekdays the carrier delivers and that count as transit days; default Mon–Sat (no Sunday). */
  deliveryDays?: readonly number[];
  /** YYYY-MM-DD dates without collection or delivery (carrier holidays). */
  nonDeliveryDates?: readonly string[];
}>;

export type PreparedService = Readonly<{
  id: string;
  handoverMin: number;
  collection: readonly boolean[];
  delivery: readonly boolean[];
  holidays: ReadonlySet<number>;
}>;

const prepared = new WeakMap<CarrierService, PreparedService>();

export const prepareService = (service: CarrierService): PreparedService => {
  let p = prepared.get(service);
  if (!p) {
    if (!service.id) throw new ValidationError('INVALID_CARRIER_SERVICE', 'carrier service needs an id');
    p = {
      id: service.id,
      handoverMin: parseHhMm(service.handoverLocal),
      collection: weekdayFlags(service.collectionDays ?? [1, 2, 3, 4, 5]),
      delivery: weekdayFlags(service.deliveryDays ?? [1, 2, 3, 4, 5, 6]),
      holidays: daySet(service.nonDeliveryDates ?? []),
    };
    prepared.set(service, p);
  }
  return p;
};

export const isCollectionDay = (s: PreparedService, day: number): boolean =>
  s.collection[isoWeekday(day)] === true && !s.holidays.has(day);

export const isDeliveryDay = (s: PreparedService, day: number): boolean =>
  s.delivery[isoWeekday(day)] === true && !s.holidays.has(day);

/**
 * The day a parcel shipped on `shipDay` arrives after `transitDays` carrier business days. Zero
 * transit = same day when that is a delivery day. Skipped days are reported once each in `steps`.
 * Returns null when the service never delivers (no delivery weekday).
 */
export const addCarrierBusinessDays = (
  s: PreparedService,
  shipDay: number,
  transitDays: number,
  steps?: string[],
): number | null => {
  if (!s.delivery.some(Boolean)) return null;
  let day = shipDay;
  let left = transitDays;
  if (left === 0) {
    while (!isDeliveryDay(s, day)) day++;
    return day;
  }
  const skipped: string[] = [];
  while (left > 0) {
    day++;
    if (isDeliveryDay(s, day)) left--;
    else if (steps) skipped.push(s.holidays.has(day) ? `${isoDateFromDay(day)} carrier holiday` : `${weekdayName(day)} ${isoDateFromDay(day)}`);
  }
  if (steps && skipped.length > 0) steps.push(`${s.id}: no delivery on ${skipped.join(', ')} → not counted as transit days`);
  return day;
};
