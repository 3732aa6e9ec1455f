/**
 * The hierarchies the learned promise pools durations in, built from what the OMS records: the
 * shipping node and its region for handling (release → carrier hand-over), and origin region →
 * destination region per carrier service for transit. Finest first; each level falls back on
 * the next by shrinkage (see domain/promise/learned). Region keys follow `regionKey` of the
 * transit-model port: "BR-SP" when a region is known, else the country.
 */
export type Place = Readonly<{ country: string; region?: string; postalCode?: string }>;

export const placeKey = (p: Place | undefined): string => {
  if (!p) return '?';
  if (!p.region) return p.country;
  return p.region.startsWith(`${p.country}-`) ? p.region : `${p.country}-${p.region}`;
};

/** ["node:N1", "nodeRegion:BR-SP", "*"]; an unknown node pools with everything. */
export const handlingKeys = (nodeId: string | undefined, origin: Place | undefined): string[] =>
  nodeId === undefined ? ['*'] : [`node:${nodeId}`, `nodeRegion:${placeKey(origin)}`, '*'];

export type TransitKeyOptions = Readonly<{
  /** Adds a finest level per destination postal prefix of this length (0 = off, the default). */
  postalPrefixLength?: number;
  /** A grouping of destination regions between region and country (e.g. Brazil's five macro-regions). */
  destinationGroup?: (destination: Place) => string | undefined;
}>;

/**
 * ["standard:BR-SP>BR-RJ", "standard:>BR-RJ", ("standard:>>Sudeste",) "standard:>BR", "standard:*"] —
 * lane, destination region, optional region group, destination country, service. Services never
 * pool: express and standard differ too much.
 */
export const transitKeys = (service: string, origin: Place | undefined, destination: Place | undefined, options: TransitKeyOptions = {}): string[] => {
  const o = placeKey(origin);
  const d = placeKey(destination);
  const keys: string[] = [];
  const n = options.postalPrefixLength ?? 0;
  if (n > 0 && destination?.postalCode) keys.push(`${service}:${o}>${d}~${destination.postalCode.replace(/\s+/g, '').slice(0, n)}`);
  keys.push(`${service}:${o}>${d}`, `${service}:>${d}`);
  const group = destination && options.destinationGroup?.(destination);
  if (group) keys.push(`${service}:>>${group}`);
  keys.push(`${service}:>${destination?.country ?? '?'}`, `${service}:*`);
  return keys;
};
