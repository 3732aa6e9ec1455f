/**
 * The carrier transit-time model is an input: a static table by default, later one learned from
 * recorded deliveries (a projection), so promises can be scored and improved without touching
 * the engine.
 */
export type LaneEnd = Readonly<{
  lat: number;
  lng: number;
  /** ISO 3166-1 alpha-2. */
  country: string;
  region?: string;
  postalCode?: string;
}>;

export type Lane = Readonly<{ origin: LaneEnd; destination: LaneEnd; distanceKm: number }>;

export interface TransitModel {
  /**
   * Carrier business days from hand-over to delivery such that a fraction `q` (0 < q ≤ 1) of
   * parcels on this lane and service arrive within them, as known at `asOf` (ISO instant).
   * null = the service does not serve the lane.
   */
  quantileDays(lane: Lane, service: string, q: number, asOf: string): number | null;
}

/** "FR-IDF" when a region is known (ISO 3166-2 style, prefix added if missing), else "FR": the keys lane tables use. */
export const regionKey = (end: LaneEnd): string => {
  if (!end.region) return end.country;
  return end.region.startsWith(`${end.country}-`) ? end.region : `${end.country}-${end.region}`;
};
