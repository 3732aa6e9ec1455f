import { ValidationError } from '../shared/errors.js';
import { regionKey, type Lane, type TransitModel } from './transitModel.js';

/**
 * Default transit model: explicit lane rows first (region → region, then country → country),
 * falling back to distance bands per service. Values are carrier business days at the
 * "typical" quantile (≤ 0.9); above `highQuantileFrom` a safety margin is added, which is how a
 * static table can still answer "what do 98 % of parcels make?".
 */
export type LaneRow = Readonly<{
  /** "US-CA" (region) or "US" (country). */
  from: string;
  to: string;
  service: string;
  days: number;
}>;

export type DistanceBand = Readonly<{ upToKm: number; days: number }>;

export type StaticTransitConfig = Readonly<{
  lanes?: readonly LaneRow[];
  /** Per service, ascending `upToKm`; beyond the last band the service does not serve the lane. */
  bands?: Readonly<Record<string, readonly DistanceBand[]>>;
  /** Added to band-based answers when origin and destination countries differ (customs, line-haul). */
  crossBorderExtraDays?: number;
  highQuantileFrom?: number;
  highQuantileExtraDays?: number;
}>;

export const DEFAULT_BANDS: Readonly<Record<string, readonly DistanceBand[]>> = {
  standard: [
    { upToKm: 100, days: 1 },
    { upToKm: 400, days: 2 },
    { upToKm: 900, days: 3 },
    { upToKm: 1800, days: 4 },
    { upToKm: 3500, days: 5 },
    { upToKm: 20_050, days: 7 },
  ],
  express: [
    { upToKm: 400, days: 1 },
    { upToKm: 1800, days: 2 },
    { upToKm: 20_050, days: 3 },
  ],
};

export const staticTransitModel = (config: StaticTransitConfig = {}): TransitModel => {
  const lanes = new Map<string, number>();
  for (const row of config.lanes ?? []) {
    if (!Number.isInteger(row.days) || row.days < 0) {
      throw new ValidationError('INVALID_TRANSIT_TABLE', 'lane days must be a non-negative integer', { ...row });
    }
    lanes.set(`${row.from}>${row.to}>${row.service}`, row.days);
  }
  const bands = config.bands ?? DEFAULT_BANDS;
  const crossBorder = config.crossBorderExtraDays ?? 1;
  const highFrom = config.highQuantileFrom ?? 0.9;
  const highExtra = config.highQuantileExtraDays ?? 1;

  const baseDays = (lane: Lane, service: string): number | null => {
    if (lanes.size > 0) {
      const exact = laneDays(lane, service);
      if (exact !== undefined) return exact;
    }
    const table = bands[service];
    if (!table) return null;
    for (const band of table) {
      if (lane.distanceKm <= band.upToKm) {
        return band.days + (lane.origin.country === lane.destination.country ? 0 : crossBorder);
      }
    }
    return null;
  };

  const laneDays = (lane: Lane, service: string): number | undefined => {
    const fromRegion = regionKey(lane.origin);
    const toRegion = regionKey(lane.destination);
    const exact =
      lanes.get(`${fromRegion}>${toRegion}>${service}`) ??
      lanes.get(`${fromRegion}>${lane.destination.country}>${service}`) ??
      lanes.get(`${lane.origin.country}>${toRegion}>${service}`) ??
      lanes.get(`${lane.origin.country}>${lane.destination.country}>${service}`);
    return exact;
  };

  return {
    quantileDays: (lane, service, q) => {
      if (!(q > 0 && q <= 1)) throw new ValidationError('INVALID_QUANTILE', `quantile must be in (0, 1]: ${q}`);
      const days = baseDays(lane, service);
      if (days === null) return null;
      return q > highFrom ? days + highExtra : days;
    },
  };
};
