import type { AtsView, AtsViewDefinition } from '../../../../domain/availability/index.js';
import type { InventoryPosition, OpenSupply } from '../../../../domain/inventory/index.js';
import type { FulfilmentNode } from '../../../../domain/network/index.js';

export const NOW = '2025-03-01T10:00:00.000Z';
export const inDays = (days: number) => new Date(Date.parse(NOW) + days * 86_400_000).toISOString();

export const node = (id: string, overrides: Partial<FulfilmentNode> & { country?: string; region?: string } = {}): FulfilmentNode => {
  const { country = 'FR', region = 'IDF', ...rest } = overrides;
  return {
    id,
    type: 'store',
    name: id,
    location: { lat: 48.8, lng: 2.3, country, region, timezone: 'Europe/Paris' },
    capabilities: ['ship', 'pickup'],
    processingHours: 4,
    cutoffLocal: '16:00',
    calendar: { workingDays: [1, 2, 3, 4, 5, 6], holidays: [] },
    dailyCapacity: 100,
    status: 'open',
    blockedChannels: [],
    version: 1,
    ...rest,
  };
};

export const position = (nodeId: string, onHand: number, extra: Partial<Omit<InventoryPosition, 'nodeId'>> & { supplies?: OpenSupply[] } = {}): InventoryPosition => ({
  nodeId, sku: 'SKU-1', onHand, reserved: 0, safetyStock: 0, supplies: [], version: 1, ...extra,
});

export const view = (overrides: Partial<AtsViewDefinition> = {}, version = 1): AtsView => ({
  name: 'web',
  channels: ['web'],
  nodes: {},
  supply: { onHand: true, inTransitWithinDays: null, onOrderWithinDays: null },
  safetyStock: { useNodeSafetyStock: true, extraPerNode: 0 },
  channelProtection: [],
  threshold: { minimum: 0, cap: null },
  respectNodeStatus: true,
  respectBlockedChannels: true,
  ...overrides,
  version,
});
