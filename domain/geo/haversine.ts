/**
 * Great-circle distance (haversine) on a spherical Earth — the same offline model Magento's
 * GeoNames distance provider uses. Good to ~0.5 %, which is far below the noise of carrier
 * zones; road distance would need an external provider and break determinism.
 */
export type LatLng = Readonly<{ lat: number; lng: number }>;

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** One degree of latitude in km: the cheapest possible lower bound on a distance. */
export const KM_PER_DEGREE_LAT = EARTH_RADIUS_KM * RAD;

export const haversineKm = (a: LatLng, b: LatLng): number => {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const s =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
};

/**
 * A lower bound on the great-circle distance from the latitude gap alone (no trigonometry).
 * Prefilters use it to reject far nodes before paying for `haversineKm`.
 */
export const latitudeGapKm = (a: LatLng, b: LatLng): number => Math.abs(b.lat - a.lat) * KM_PER_DEGREE_LAT;

/** Distance rounded to whole metres, so values stored in events and costs derived from them are stable. */
export const roundKm = (km: number): number => Math.round(km * 1000) / 1000;

/** True when `b` lies within `radiusKm` of `a`; rejects on the latitude gap before computing haversine. */
export const withinKm = (a: LatLng, b: LatLng, radiusKm: number): boolean =>
  latitudeGapKm(a, b) <= radiusKm && haversineKm(a, b) <= radiusKm;
