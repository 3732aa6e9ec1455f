import type { ExpectedSupply } from './availability.js';

/**
 * Expected supply whose ETA has passed without arriving, dated as arriving no sooner than `now`.
 * The engine reads an ETA in the past as "in hand now" (receiving skipped), which is exactly the
 * optimism a late-supply re-quote must not have: the units are not there, so at best they arrive
 * now and still need receiving. Rows without overdue supply are returned as they are.
 */
export const withOverdueSupplyAt = <R extends Readonly<{ expected?: readonly ExpectedSupply[] }>>(rows: readonly R[], now: string): R[] => {
  const nowMs = Date.parse(now);
  return rows.map((r) =>
    r.expected?.some((e) => Date.parse(e.eta) < nowMs) ? { ...r, expected: r.expected.map((e) => (Date.parse(e.eta) < nowMs ? { ...e, eta: now } : e)) } : r,
  );
};
