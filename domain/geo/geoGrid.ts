import { EARTH_RADIUS_KM, KM_PER_DEGREE_LAT, haversineKm, roundKm, type LatLng } from './haversine.js';

/**
 * A uniform lat/lng grid over a network's nodes for "nearest first" searches. Ring r around the
 * origin's cell can only hold points at least `ringLowerBoundKm(r)` away, so a search for the
 * k nearest acceptable nodes stops as soon as the k-th found is closer than the next ring — exact,
 * but it only touches the neighbourhood instead of 3,000 nodes. Networks spanning the
 * antimeridian fall back to a linear scan (cell distance would lie there).
 */
export type Located = Readonly<{ location: LatLng }>;

export type GeoGrid<T extends Located> = Readonly<{
  items: readonly T[];
  cellDeg: number;
  cells: ReadonlyMap<number, readonly T[]>;
  minI: number;
  maxI: number;
  minJ: number;
  maxJ: number;
  linearOnly: boolean;
}>;

// i ∈ ±4500, j ∈ ±9000 at the smallest cell size: collision-free.
const key = (i: number, j: number): number => (i + 5000) * 20_000 + (j + 10_000);

const ITEMS_PER_CELL = 2;
/** Cell size giving ~2 items per cell over the items' bounding box, clamped to [0.02°, 5°]. */
export const autoCellDeg = (items: readonly Located[]): number => {
  if (items.length === 0) return 1;
  let minLat = Infinity, maxLat = -Infinity, minLng = Infinity, maxLng = -Infinity;
  for (const { location: l } of items) {
    minLat = Math.min(minLat, l.lat); maxLat = Math.max(maxLat, l.lat);
    minLng = Math.min(minLng, l.lng); maxLng = Math.max(maxLng, l.lng);
  }
  const area = Math.max(maxLat - minLat, 0.01) * Math.max(maxLng - minLng, 0.01);
  return Math.min(5, Math.max(0.02, Math.sqrt((area * ITEMS_PER_CELL) / items.length)));
};

export const buildGeoGrid = <T extends Located>(items: readonly T[], cellDeg = autoCellDeg(items)): GeoGrid<T> => {
  const cells = new Map<number, T[]>();
  let minI = Infinity, maxI = -Infinity, minJ = Infinity, maxJ = -Infinity;
  let minLng = Infinity, maxLng = -Infinity;
  for (const item of items) {
    const i = Math.floor(item.location.lat / cellDeg);
    const j = Math.floor(item.location.lng / cellDeg);
    minI = Math.min(minI, i); maxI = Math.max(maxI, i); minJ = Math.min(minJ, j); maxJ = Math.max(maxJ, j);
    minLng = Math.min(minLng, item.location.lng); maxLng = Math.max(maxLng, item.location.lng);
    const k = key(i, j);
    const cell = cells.get(k);
    if (cell) cell.push(item);
    else cells.set(k, [item]);
  }
  return { items, cellDeg, cells, minI, maxI, minJ, maxJ, linearOnly: maxLng - minLng > 180 };
};

const grids = new WeakMap<readonly Located[], GeoGrid<Located>>();

/** The grid of an items array, built once per array (networks are immutable values). */
export const geoGridOf = <T extends Located>(items: readonly T[]): GeoGrid<T> => {
  let grid = grids.get(items);
  if (!grid) {
    grid = buildGeoGrid(items);
    grids.set(items, grid);
  }
  return grid as GeoGrid<T>;
};

/** Lowest possible distance from `origin` to any point in a cell of ring r. */
export const ringLowerBoundKm = (origin: LatLng, cellDeg: number, r: number): number => {
  if (r <= 1) return 0;
  const gapDeg = (r - 1) * cellDeg;
  const latKm = gapDeg * KM_PER_DEGREE_LAT;
  const maxLat = Math.abs(origin.lat) + (r + 1) * cellDeg;
  if (maxLat >= 90 || gapDeg >= 180) return 0;
  const rad = Math.PI / 180;
  const s = Math.cos(origin.lat * rad) * Math.cos(maxLat * rad) * Math.sin((gapDeg * rad) / 2) ** 2;
  const lngKm = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
  return Math.min(latKm, lngKm);
};

export type Near<T> = { item: T; distanceKm: number };

/**
 * Up to `k` items nearest `origin` (distance rounded to metres, ties by `tieKey`) that `accept`
 * admits, all within `maxKm`. `accept` runs only on items that would enter the current top k,
 * so expensive checks (stock, calendars) are paid for few nodes.
 */
export const nearestAccepted = <T extends Located>(
  grid: GeoGrid<T>,
  origin: LatLng,
  k: number,
  maxKm: number,
  accept: (item: T, distanceKm: number) => boolean,
  tieKey: (item: T) => string,
): Near<T>[] => {
  const best: Near<T>[] = [];
  const offer = (item: T): void => {
    const distanceKm = roundKm(haversineKm(origin, item.location));
    if (distanceKm > maxKm) return;
    if (best.length === k) {
      const last = best[k - 1]!;
      if (distanceKm > last.distanceKm || (distanceKm === last.distanceKm && tieKey(item) >= tieKey(last.item))) return;
    }
    if (!accept(item, distanceKm)) return;
    let i = best.length;
    while (i > 0 && (best[i - 1]!.distanceKm > distanceKm || (best[i - 1]!.distanceKm === distanceKm && tieKey(best[i - 1]!.item) > tieKey(item)))) i--;
    best.splice(i, 0, { item, distanceKm });
    if (best.length > k) best.pop();
  };
  if (k <= 0) return best;
  if (grid.linearOnly) {
    for (const item of grid.items) offer(item);
    return best;
  }
  const i0 = Math.floor(origin.lat / grid.cellDeg);
  const j0 = Math.floor(origin.lng / grid.cellDeg);
  const maxR = Math.max(i0 - grid.minI, grid.maxI - i0, j0 - grid.minJ, grid.maxJ - j0, 0);
  const visit = (i: number, j: number): void => {
    if (i < grid.minI || i > grid.maxI || j < grid.minJ || j > grid.maxJ) return;
    const cell = grid.cells.get(key(i, j));
    if (cell) for (const item of cell) offer(item);
  };
  for (let r = 0; r <= maxR; r++) {
    const bound = ringLowerBoundKm(origin, grid.cellDeg, r);
    if (bound > maxKm) break;
    // Distances are rounded to metres; keep a metre of slack so rounding can never hide a closer node.
    if (best.length === k && best[k - 1]!.distanceKm < bound - 0.001) break;
    if (r === 0) {
      visit(i0, j0);
      continue;
    }
    const jFrom = Math.max(j0 - r, grid.minJ), jTo = Math.min(j0 + r, grid.maxJ);
    for (let j = jFrom; j <= jTo; j++) {
      visit(i0 - r, j);
      visit(i0 + r, j);
    }
    const iFrom = Math.max(i0 - r + 1, grid.minI), iTo = Math.min(i0 + r - 1, grid.maxI);
    for (let i = iFrom; i <= iTo; i++) {
      visit(i, j0 - r);
      visit(i, j0 + r);
    }
  }
  return best;
};

/**
 * Every item within `maxKm` of `origin` (distance rounded to metres). Visits only the cells of
 * the spherical cap's lat/lng bounding box (exact for caps that contain no pole; otherwise, or
 * across the antimeridian, a linear scan).
 */
export const withinRadius = <T extends Located>(grid: GeoGrid<T>, origin: LatLng, maxKm: number): Near<T>[] => {
  const found: Near<T>[] = [];
  const offer = (item: T): void => {
    const distanceKm = roundKm(haversineKm(origin, item.location));
    if (distanceKm <= maxKm) found.push({ item, distanceKm });
  };
  // A metre of slack so rounding can never push a node just inside the radius out of the box.
  const angular = (maxKm + 0.001) / EARTH_RADIUS_KM;
  const dLat = (angular * 180) / Math.PI;
  const rad = Math.PI / 180;
  const poleInside = Math.abs(origin.lat) + dLat >= 90;
  if (grid.linearOnly || !Number.isFinite(maxKm) || poleInside || angular >= Math.PI / 2) {
    for (const item of grid.items) offer(item);
    return found;
  }
  const dLng = Math.asin(Math.min(1, Math.sin(angular) / Math.cos(origin.lat * rad))) / rad;
  if (origin.lng - dLng < -180 || origin.lng + dLng > 180) {
    for (const item of grid.items) offer(item);
    return found;
  }
  const iFrom = Math.max(grid.minI, Math.floor((origin.lat - dLat) / grid.cellDeg));
  const iTo = Math.min(grid.maxI, Math.floor((origin.lat + dLat) / grid.cellDeg));
  const jFrom = Math.max(grid.minJ, Math.floor((origin.lng - dLng) / grid.cellDeg));
  const jTo = Math.min(grid.maxJ, Math.floor((origin.lng + dLng) / grid.cellDeg));
  for (let i = iFrom; i <= iTo; i++) {
    for (let j = jFrom; j <= jTo; j++) {
      const cell = grid.cells.get(key(i, j));
      if (cell) for (const item of cell) offer(item);
    }
  }
  return found;
};
