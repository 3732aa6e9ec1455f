import { parseInstant } from './instant.js';
import type { InventoryState, Reservation } from './state.js';

const expiryMs = (r: Reservation): number => (r.expiresAt === null ? Infinity : parseInstant(r.expiresAt) ?? Infinity);

/**
 * Held reservations whose hold has run out at `now` (ISO instant or epoch ms; expiresAt ≤ now),
 * oldest expiry first.
 * Confirmed reservations never expire. Used by ExpireReservations and by the reaper process to
 * decide which positions need a command at all.
 */
export const expiredReservations = (state: InventoryState, now: string | number): Reservation[] => {
  const nowMs = typeof now === 'number' ? now : parseInstant(now);
  if (nowMs === undefined) throw new RangeError(`not an ISO-8601 instant: ${String(now)}`);
  return [...state.reservations.values()]
    .filter((r) => r.status === 'held' && expiryMs(r) <= nowMs)
    .sort((a, b) => expiryMs(a) - expiryMs(b) || a.seq - b.seq);
};

/** The earliest instant at which some held reservation expires (undefined when none is held): when to wake the reaper. */
export const nextExpiry = (state: InventoryState): string | undefined => {
  let next: Reservation | undefined;
  for (const r of state.reservations.values()) {
    if (r.status === 'held' && (next === undefined || expiryMs(r) < expiryMs(next))) next = r;
  }
  return next?.expiresAt ?? undefined;
};
