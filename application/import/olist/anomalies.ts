/**
 * Every record the importer repairs or refuses is counted here by reason — the summary lists
 * them all, so nothing is dropped silently. `repaired` reasons still import (with a fix applied);
 * the rest skip what they name.
 */
export type Anomalies = Readonly<{
  count: (reason: string, by?: number) => void;
  snapshot: () => Readonly<Record<string, number>>;
  total: () => number;
}>;

export const createAnomalies = (): Anomalies => {
  const counts = new Map<string, number>();
  return {
    count: (reason, by = 1) => void counts.set(reason, (counts.get(reason) ?? 0) + by),
    snapshot: () => Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
  };
};
