import type { FulfilmentNode } from '../../../../domain/network/node.js';
import { buildAvailabilityIndex, type AvailabilityRow } from '../../../../domain/promise/availability.js';
import type { RuleSet, SourcingInput, SourcingRule } from '../../../../domain/sourcing/types.js';

/** Destination: central Paris. 0.009° of latitude ≈ 1 km. */
export const DEST = { lat: 48.8566, lng: 2.3522, country: 'FR', region: 'IDF' };

type NodeOverrides = Partial<Omit<FulfilmentNode, 'location'>> & { km?: number };

/** A node `km` kilometres due south of the destination (exact great-circle distance). */
export const node = (id: string, overrides: NodeOverrides = {}): FulfilmentNode => {
  const { km = 1, ...rest } = overrides;
  return {
    id,
    type: 'dc',
    name: id,
    location: { lat: DEST.lat - km / 111.19508, lng: DEST.lng, country: 'FR', region: 'IDF', timezone: 'Europe/Paris' },
    capabilities: ['ship', 'pickup', 'shipToStore'],
    processingHours: 2,
    cutoffLocal: '16:00',
    calendar: { workingDays: [1, 2, 3, 4, 5], holidays: [] },
    dailyCapacity: 100,
    status: 'open',
    blockedChannels: [],
    version: 1,
    ...rest,
  };
};

export const rule = (overrides: Partial<SourcingRule> = {}): SourcingRule => ({
  name: 'cost-optimal',
  sort: ['cost'],
  splitPolicy: 'allowed',
  onShortfall: 'backorder',
  ...overrides,
});

export const ruleSet = (rules: SourcingRule[] = [rule()], extra: Partial<RuleSet> = {}): RuleSet => ({ id: 'rs-main', version: 3, rules, ...extra });

export type Stock = Record<string, Record<string, number>>;

const rows = (stock: Stock): AvailabilityRow[] =>
  Object.entries(stock).flatMap(([nodeId, bySku]) => Object.entries(bySku).map(([sku, available]) => ({ nodeId, sku, available })));

/** dc: 5.00 + 0.50/kg + 0.010/km, handling 1.00; store: 6.00 + 0.80/kg + 0.020/km, handling 2.50; split penalty 3.00. */
export const sourcingInput = (
  overrides: Partial<SourcingInput> & { nodes: FulfilmentNode[]; stock: Stock },
): SourcingInput => {
  const { stock, ...rest } = overrides;
  return {
    orderId: 'ord-1',
    lines: [{ lineId: 'L1', sku: 'A', quantity: 1, weightGrams: 1000 }],
    destination: DEST,
    channel: 'web',
    deliveryMethod: 'delivery',
    availability: buildAvailabilityIndex(rows(stock)),
    rateCard: {
      currency: 'EUR',
      services: {
        standard: {
          dc: { base: '5.00', perKg: '0.50', perKm: '0.010' },
          store: { base: '6.00', perKg: '0.80', perKm: '0.020' },
        },
      },
    },
    handlingCost: { dc: '1.00', store: '2.50' },
    splitPenalty: '3.00',
    ruleSet: ruleSet(),
    ...rest,
  };
};
