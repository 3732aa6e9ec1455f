import type { FulfilmentNode, GeoLocation } from '../../../../domain/network/node.js';
import { buildAvailabilityIndex, type AvailabilityRow } from '../../../../domain/promise/availability.js';
import type { CarrierService } from '../../../../domain/promise/carrierService.js';
import { staticTransitModel } from '../../../../domain/promise/staticTransitModel.js';
import type { PromiseInput } from '../../../../domain/promise/types.js';

export const PARIS: GeoLocation = { lat: 48.8566, lng: 2.3522, country: 'FR', region: 'IDF', timezone: 'Europe/Paris' };
export const LYON: GeoLocation = { lat: 45.764, lng: 4.8357, country: 'FR', region: 'ARA', timezone: 'Europe/Paris' };
export const LOS_ANGELES: GeoLocation = { lat: 34.0522, lng: -118.2437, country: 'US', region: 'CA', timezone: 'America/Los_Angeles' };
export const NEW_YORK = { lat: 40.7128, lng: -74.006, country: 'US', region: 'NY' };

type NodeOverrides = Partial<Omit<FulfilmentNode, 'calendar'>> & { calendar?: Partial<FulfilmentNode['calendar']> };

/** A Mon–Fri DC with a 16:00 cut-off and 2 h processing unless overridden. */
export const node = (id: string, overrides: NodeOverrides = {}): FulfilmentNode => ({
  id,
  type: 'dc',
  name: id,
  location: PARIS,
  capabilities: ['ship', 'pickup', 'shipToStore'],
  processingHours: 2,
  cutoffLocal: '16:00',
  dailyCapacity: 100,
  status: 'open',
  blockedChannels: [],
  version: 1,
  ...overrides,
  calendar: { workingDays: [1, 2, 3, 4, 5], holidays: [], ...overrides.calendar },
});

export const store = (id: string, overrides: NodeOverrides = {}): FulfilmentNode =>
  node(id, {
    type: 'store',
    processingHours: 1,
    cutoffLocal: '18:00',
    ...overrides,
    calendar: { workingDays: [1, 2, 3, 4, 5, 6], openingHours: { open: '10:00', close: '19:00' }, ...overrides.calendar },
  });

export const STANDARD: CarrierService = { id: 'standard', handoverLocal: '18:00' };
export const EXPRESS: CarrierService = { id: 'express', handoverLocal: '17:00' };

export const stock = (nodeId: string, sku: string, available: number, expected?: AvailabilityRow['expected']): AvailabilityRow =>
  expected ? { nodeId, sku, available, expected } : { nodeId, sku, available };

export const promiseInput = (
  overrides: Partial<PromiseInput> & { nodes: PromiseInput['nodes']; stockRows?: AvailabilityRow[] },
): PromiseInput => {
  const { stockRows, ...rest } = overrides;
  return {
    now: '2026-11-26T14:00:00+01:00',
    lines: [{ sku: 'SKU-1', quantity: 1 }],
    destination: { lat: LYON.lat, lng: LYON.lng, country: 'FR', region: 'ARA' },
    channel: 'web',
    deliveryMethods: ['delivery'],
    availability: buildAvailabilityIndex(stockRows ?? overrides.nodes.map((n) => stock(n.id, 'SKU-1', 10))),
    carrierServices: [STANDARD, EXPRESS],
    transitModel: staticTransitModel(),
    ...rest,
  };
};
