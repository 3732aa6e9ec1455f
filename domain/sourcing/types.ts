import type { FulfilmentNode, NodeCapability, NodeType } from '../network/node.js';
import type { AvailabilityIndex } from '../promise/availability.js';
import type { DeliveryEstimator } from '../promise/deliveryEstimator.js';
import type { MoneyJson } from '../shared/money.js';

export type SourcingLine = Readonly<{
  lineId: string;
  sku: string;
  quantity: number;
  /** Weight of ONE unit, grams. */
  weightGrams: number;
  /** Lines sharing a group ship from one node (kits, bundles): never split. */
  keepTogetherGroup?: string;
}>;

export type SortKey = 'cost' | 'distance' | 'stockDesc' | 'capacityLeftDesc' | 'priority';
export type SplitPolicy = 'none' | 'allowed' | 'minimize';
/** What happens when a rule cannot source every unit (HotWax brokering vocabulary). */
export type ShortfallAction = 'allocatePartial' | 'nextRule' | 'backorder' | 'queue';
export type PromiseMissPolicy = 'infeasible' | 'penalise';

export type RuleFilters = Readonly<{
  nodeTypes?: readonly NodeType[];
  maxDistanceKm?: number;
  capabilities?: readonly NodeCapability[];
  /** Matches the node's region ("IDF", "FR-IDF") or country ("FR"). */
  regions?: readonly string[];
  excludeNodeIds?: readonly string[];
  minCapacityLeft?: number;
}>;

export type SourcingRule = Readonly<{
  name: string;
  filters?: RuleFilters;
  /** First key decides the mode: 'cost' = optimiser (other keys break ties); anything else = walk nodes in that order. */
  sort: readonly SortKey[];
  splitPolicy: SplitPolicy;
  onShortfall: ShortfallAction;
  onPromiseMiss?: PromiseMissPolicy;
  /** Queue name when `onShortfall` is 'queue'. */
  queue?: string;
}>;

/** Versioned data, stamped on every decision so a decision can be replayed and compared. */
export type RuleSet = Readonly<{
  id: string;
  version: number;
  rules: readonly SourcingRule[];
  /** Lower = preferred, for the 'priority' sort; unlisted nodes come last. */
  nodePriority?: Readonly<Record<string, number>>;
  onPromiseMiss?: PromiseMissPolicy;
  /** Money per day late when the promise policy is 'penalise'. */
  latePenaltyPerDay?: string;
}>;

/** Per shipment: base + perKg × kg + perKm × km. Decimal strings, ≤ 6 decimals. */
export type RateComponents = Readonly<{ base: string; perKg: string; perKm: string }>;

export type RateCard = Readonly<{
  currency: string;
  services: Readonly<Record<string, Readonly<Partial<Record<NodeType, RateComponents>>>>>;
}>;

export type SourcingDestination = Readonly<{ lat: number; lng: number; country: string; region?: string; postalCode?: string }>;

export type SourcingInput = Readonly<{
  orderId?: string;
  lines: readonly SourcingLine[];
  destination?: SourcingDestination;
  pickupNodeId?: string;
  channel: string;
  deliveryMethod: 'delivery' | 'pickup' | 'shipToStore';
  /** Rate-card service; default 'standard'. */
  service?: string;
  nodes: readonly FulfilmentNode[];
  /** Only `available` (now) is used: sourcing allocates stock that exists. */
  availability: AvailabilityIndex;
  /** Orders each node can still take today; absent = its dailyCapacity. */
  capacityLeft?: Readonly<Record<string, number>>;
  rateCard: RateCard;
  /** Per shipment, by node type (picking/packing labour). */
  handlingCost: Readonly<Partial<Record<NodeType, string>>>;
  /** Added once per shipment beyond the first. */
  splitPenalty: string;
  maxDistanceKm?: number;
  promise?: Readonly<{ deliverBy: string; estimate: DeliveryEstimator }>;
  /** e.g. nodes that rejected this order. */
  excludedNodes?: readonly Readonly<{ nodeId: string; reason?: string }>[];
  ruleSet: RuleSet;
  /**
   * 'full' (default): `excluded` lists every node of the network and the explanation has one line
   * per candidate and per excluded node. 'summary': far (TOO_FAR) and stock-less (NO_STOCK) nodes
   * are only counted in `excludedCounts` — the mode for large networks and stored events.
   */
  explain?: 'full' | 'summary';
  /** Branch-and-bound budget; beyond it the best solution found is returned, marked 'bounded'. */
  maxExpansions?: number;
  /**
   * Most nodes the optimiser searches after exact pruning (default 150); a larger pool — typically
   * no maxDistanceKm on a big network — is cut to the nodes with the lowest cost per unit and the
   * result is marked 'bounded'.
   */
  maxSearchPool?: number;
}>;

export const EXCLUSION_REASONS = [
  'NO_STOCK',
  'TOO_FAR',
  'CLOSED',
  'CHANNEL_BLOCKED',
  'NO_CAPABILITY',
  'CAPACITY_FULL',
  'EXCLUDED_REJECTED',
  'PROMISE_MISSED',
  'FILTERED_BY_RULE',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export type CostBreakdown = Readonly<{
  base: string;
  weight: string;
  distance: string;
  handling: string;
  latePenalty: string;
  total: string;
  currency: string;
}>;

export type CandidateRecord = Readonly<{
  node: string;
  nodeType: NodeType;
  distanceKm: number;
  /** Units of the order this node could ship from its stock. */
  unitsAvailable: number;
  servesAll: boolean;
  /** Admitted by the rule that decided the order. */
  feasible: boolean;
  /** One shipment with everything it could serve. */
  cost: CostBreakdown;
  estimatedDelivery?: string;
  daysLate?: number;
  /** 1-based rank in the deciding rule's sort order; null when that rule did not admit it. */
  score: number | null;
}>;

export type Exclusion = Readonly<{ node: string; reason: ExclusionReason; rule?: string; detail?: string }>;

export type Assignment = Readonly<{ lineId: string; sku: string; node: string; quantity: number; rule: string }>;

export type ShipmentRecord = Readonly<{
  node: string;
  lines: readonly Readonly<{ lineId: string; quantity: number }>[];
  weightGrams: number;
  distanceKm: number;
  cost: CostBreakdown;
}>;

export type RuleTrace = Readonly<{
  rule: string;
  candidates: number;
  search: SearchKind;
  /** Branch-and-bound nodes explored (0 when the rule did not search). */
  searchNodes: number;
  allocatedUnits: number;
  shortfallUnits: number;
  action: ShortfallAction | 'complete';
}>;

export type SearchKind = 'single' | 'exact' | 'bounded' | 'greedy' | 'sequence' | 'none';

export type SourcingDecision = Readonly<{
  orderId?: string;
  ruleSetId: string;
  ruleSetVersion: number;
  /** The rule whose outcome ended the run (null when no rule ran). */
  ruleApplied: string | null;
  rulesTried: readonly RuleTrace[];
  outcome: 'sourced' | 'partial' | 'backordered' | 'queued';
  queue?: string;
  assignments: readonly Assignment[];
  backordered: readonly Readonly<{ lineId: string; sku: string; qty: number }>[];
  /** Lines waiting in a queue (outcome 'queued'): neither assigned nor backordered. */
  queued: readonly Readonly<{ lineId: string; sku: string; qty: number }>[];
  shipments: number;
  shipmentDetails: readonly ShipmentRecord[];
  splitPenalty: MoneyJson;
  totalCost: MoneyJson;
  totalDistanceKm: number;
  candidates: readonly CandidateRecord[];
  excluded: readonly Exclusion[];
  /** Every exclusion by reason, listed or not. */
  excludedCounts: Readonly<Partial<Record<ExclusionReason, number>>>;
  explanation: readonly string[];
}>;
