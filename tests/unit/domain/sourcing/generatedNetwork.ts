import type { FulfilmentNode } from '../../../../domain/network/node.js';
import type { AvailabilityRow } from '../../../../domain/promise/availability.js';

/** Deterministic PRNG (mulberry32) so generated networks are identical on every run. */
export const prng = (seed: number): (() => number) => {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const ZONES: readonly [number, string, string][] = [
  [-120, 'America/Los_Angeles', 'CA'],
  [-105, 'America/Denver', 'CO'],
  [-90, 'America/Chicago', 'IL'],
  [-75, 'America/New_York', 'NY'],
];

/** A continental-US-sized network: 1 % DCs, the rest stores; a few closed or channel-blocked. */
export const generateNetwork = (count: number, seed: number): FulfilmentNode[] => {
  const r = prng(seed);
  const nodes: FulfilmentNode[] = [];
  for (let i = 0; i < count; i++) {
    const lng = -123 + r() * 53;
    const zone = ZONES.reduce((a, b) => (Math.abs(b[0] - lng) < Math.abs(a[0] - lng) ? b : a));
    const isDc = i % 100 === 0;
    nodes.push({
      id: `N${String(i).padStart(5, '0')}`,
      type: isDc ? 'dc' : 'store',
      name: `node ${i}`,
      location: { lat: 26 + r() * 22, lng, country: 'US', region: zone[2], timezone: zone[1] },
      capabilities: isDc ? ['ship'] : ['ship', 'pickup', 'shipToStore'],
      processingHours: isDc ? 4 : 2,
      cutoffLocal: isDc ? '18:00' : '16:00',
      calendar: { workingDays: isDc ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 7], holidays: ['2026-12-25'], ...(isDc ? {} : { openingHours: { open: '09:00', close: '21:00' } }) },
      dailyCapacity: isDc ? 5000 : 60,
      status: r() < 0.03 ? 'closed' : 'open',
      blockedChannels: r() < 0.05 ? ['web'] : [],
      version: 1,
    });
  }
  return nodes;
};

/** Each node holds each SKU with probability `p`, 0–5 units. */
export const generateStock = (nodes: readonly FulfilmentNode[], skus: readonly string[], p: number, seed: number): AvailabilityRow[] => {
  const r = prng(seed);
  const rows: AvailabilityRow[] = [];
  for (const n of nodes) for (const sku of skus) if (r() < p) rows.push({ nodeId: n.id, sku, available: Math.floor(r() * 6) });
  return rows;
};
