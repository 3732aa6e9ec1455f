import type { FulfilmentNode } from '../../../../domain/network/node.js';
import { buildAvailabilityIndex, type AvailabilityIndex } from '../../../../domain/promise/availability.js';
import type { RuleSet, SortKey, SourcingInput, SourcingRule } from '../../../../domain/sourcing/types.js';
import { generateNetwork, generateStock, prng } from './generatedNetwork.js';

/**
 * Seeded, deliberately varied sourcing inputs over a generated 3,000-node network (the shape of
 * the Walmart benchmark: a 400 km radius and ~10-line orders most of the time), for pinning the
 * engine's decisions: every rule mode (optimiser, walk, set cover, single node), every shortfall
 * action, rule filters, keep-together kits, lines sharing a SKU, promise policies, rejected
 * nodes, exhausted capacity, pickup and ship-to-store, both explain modes, tiny search budgets
 * and no radius at all. Same seed → same input on every run.
 */
export const SKUS = Array.from({ length: 40 }, (_, i) => `SKU-${i}`);

export type SeededNetwork = Readonly<{ nodes: readonly FulfilmentNode[]; availability: AvailabilityIndex }>;

export const seededNetwork = (): SeededNetwork => {
  const nodes = generateNetwork(3000, 21);
  return { nodes, availability: buildAvailabilityIndex(generateStock(nodes, SKUS, 0.35, 22)) };
};

const SORT_KEYS: readonly SortKey[] = ['cost', 'distance', 'stockDesc', 'capacityLeftDesc', 'priority'];

const randomRule = (r: () => number, name: string, nodes: readonly FulfilmentNode[]): SourcingRule => {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const sort = [r() < 0.6 ? 'cost' : pick(SORT_KEYS), ...(r() < 0.5 ? [pick(SORT_KEYS)] : [])];
  const filters: Record<string, unknown> = {};
  if (r() < 0.2) filters.maxDistanceKm = pick([50, 150, 300]);
  if (r() < 0.1) filters.nodeTypes = pick([['dc'], ['store']]);
  if (r() < 0.1) filters.regions = pick([['US'], ['CA', 'NY'], ['US-IL'], ['FR']]);
  if (r() < 0.1) filters.excludeNodeIds = Array.from({ length: 20 }, () => pick(nodes).id);
  if (r() < 0.1) filters.minCapacityLeft = pick([10, 60, 150]);
  if (r() < 0.05) filters.capabilities = ['ship', 'pickup'];
  return {
    name,
    sort,
    splitPolicy: pick(['none', 'allowed', 'allowed', 'minimize'] as const),
    onShortfall: pick(['allocatePartial', 'nextRule', 'backorder', 'queue'] as const),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(r() < 0.2 ? { onPromiseMiss: pick(['infeasible', 'penalise'] as const) } : {}),
    ...(r() < 0.2 ? { queue: `q-${name}` } : {}),
  };
};

/** The benchmark's order: 10 lines of 40 SKUs, cost-optimal rule, 400 km, summary explanation. */
export const benchLikeInput = (net: SeededNetwork, seed: number): SourcingInput => {
  const r = prng(seed);
  return {
    orderId: `bench-${seed}`,
    lines: Array.from({ length: 10 }, (_, k) => ({ lineId: `L${k}`, sku: SKUS[Math.floor(r() * SKUS.length)]!, quantity: 1 + Math.floor(r() * 2), weightGrams: 200 + Math.floor(r() * 1800) })),
    destination: { lat: 27 + r() * 20, lng: -122 + r() * 51, country: 'US' },
    channel: 'web',
    deliveryMethod: 'delivery',
    nodes: net.nodes,
    availability: net.availability,
    rateCard: { currency: 'USD', services: { standard: { dc: { base: '6.00', perKg: '0.40', perKm: '0.004' }, store: { base: '7.50', perKg: '0.90', perKm: '0.010' } } } },
    handlingCost: { dc: '1.20', store: '3.00' },
    splitPenalty: '4.00',
    maxDistanceKm: 400,
    ruleSet: { id: 'bench', version: 1, rules: [{ name: 'cost-optimal', sort: ['cost', 'distance'], splitPolicy: 'allowed', onShortfall: 'backorder' }] },
    explain: 'summary',
  };
};

export const variedInput = (net: SeededNetwork, seed: number): SourcingInput => {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const { nodes } = net;
  const dest = { lat: 27 + r() * 20, lng: -122 + r() * 51 };
  const skuSpace = r() < 0.3 ? 6 : 40; // a small SKU space makes lines compete for one SKU
  const kits = r() < 0.25;
  const lines = Array.from({ length: 1 + Math.floor(r() * 12) }, (_, k) => ({
    lineId: `L${k}`,
    sku: SKUS[Math.floor(r() * skuSpace)]!,
    quantity: 1 + Math.floor(r() * (r() < 0.2 ? 8 : 3)),
    weightGrams: Math.floor(r() * 2500),
    ...(kits && r() < 0.4 ? { keepTogetherGroup: pick(['kitA', 'kitB']) } : {}),
  }));
  const method = r() < 0.8 ? 'delivery' : pick(['pickup', 'shipToStore'] as const);
  const rules = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, k) => randomRule(r, `r${k}`, nodes));
  const nodePriority: Record<string, number> = {};
  for (let k = 0; k < 200; k++) nodePriority[pick(nodes).id] = Math.floor(r() * 10);
  const ruleSet: RuleSet = {
    id: 'rs',
    version: 2,
    rules,
    nodePriority,
    ...(r() < 0.3 ? { onPromiseMiss: pick(['infeasible', 'penalise'] as const), latePenaltyPerDay: pick(['2.50', '0.75']) } : {}),
  };
  const maxDistanceKm = r() < 0.07 ? undefined : pick([50, 150, 400, 400, 400, 800]);
  const withPromise = r() < 0.25;
  const excludedNodes = r() < 0.3 ? Array.from({ length: 5 }, () => ({ nodeId: pick(nodes).id, ...(r() < 0.5 ? { reason: 'rejected by store' } : {}) })) : undefined;
  const capacityLeft = r() < 0.3 ? Object.fromEntries(Array.from({ length: 300 }, () => [pick(nodes).id, Math.floor(r() * 3) - 1])) : undefined;
  const pickupNode = pick(nodes);
  return {
    ...(r() < 0.9 ? { orderId: `o-${seed}` } : {}),
    lines,
    destination: { ...dest, country: 'US' },
    ...(method !== 'delivery' ? { pickupNodeId: pickupNode.id } : {}),
    channel: 'web',
    deliveryMethod: method,
    nodes,
    availability: net.availability,
    ...(capacityLeft ? { capacityLeft } : {}),
    rateCard: {
      currency: pick(['USD', 'USD', 'JPY']),
      services: { standard: { dc: { base: '6.00', perKg: '0.40', perKm: '0.004' }, store: { base: '7.50', perKg: '0.90', perKm: '0.010' } } },
    },
    handlingCost: { dc: '1.20', store: pick(['3.00', '0.333333']) },
    splitPenalty: pick(['4.00', '0', '1.50', '12.00']),
    ...(maxDistanceKm !== undefined ? { maxDistanceKm } : {}),
    ...(withPromise
      ? {
          promise: {
            deliverBy: '2026-12-03',
            // A deterministic stand-in estimator: a day per degree of lat+lng from the destination.
            estimate: (n: FulfilmentNode, ls: readonly unknown[]) => {
              const days = Math.floor(Math.abs(n.location.lat - dest.lat) + Math.abs(n.location.lng - dest.lng)) + (ls.length % 2);
              return days > 14 ? null : `2026-12-${String(1 + days).padStart(2, '0')}`;
            },
          },
        }
      : {}),
    ...(excludedNodes ? { excludedNodes } : {}),
    ruleSet,
    ...(r() < 0.6 ? { explain: pick(['full', 'summary'] as const) } : {}),
    ...(r() < 0.2 ? { maxExpansions: pick([5, 50, 500]) } : {}),
    ...(maxDistanceKm === undefined || r() < 0.1 ? { maxSearchPool: pick([20, 60, 150]) } : {}),
  };
};
