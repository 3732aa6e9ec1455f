import type { DomainEvent } from '../shared/decider.js';
import type { NodeCapability, NodeType } from '../network/node.js';

/**
 * Which nodes a view counts. Every list given must match (AND across criteria, OR within a list);
 * an absent or empty list does not filter. `excludeNodeIds` wins over everything.
 */
export type NodeSelector = Readonly<{
  nodeIds?: readonly string[];
  nodeTypes?: readonly NodeType[];
  /** Matched against `location.region`. */
  regions?: readonly string[];
  /** ISO 3166-1 alpha-2, matched against `location.country`. */
  countries?: readonly string[];
  /** The node must have all of these (e.g. `pickup` for a click-and-collect view). */
  capabilities?: readonly NodeCapability[];
  excludeNodeIds?: readonly string[];
}>;

/** Which supply counts. `…WithinDays: null` = never; `0` = only what is due by now (overdue included). */
export type SupplyRules = Readonly<{
  onHand: boolean;
  /** Open transfers (in transit from another node) whose ETA is within N days of now. */
  inTransitWithinDays: number | null;
  /** Open purchase orders whose ETA is within N days of now. */
  onOrderWithinDays: number | null;
}>;

/** Safety stock per node = (node's own safety stock if `useNodeSafetyStock`) + `extraPerNode`. */
export type SafetyStockPolicy = Readonly<{ useNodeSafetyStock: boolean; extraPerNode: number }>;

/**
 * A share of a node's on-hand kept for one channel: views that do not serve `channel` do not see
 * it. Exactly one of `percent` (0 < p ≤ 100, two decimals at most) or `units`. `nodes` limits the
 * rule to some nodes (default: every node).
 */
export type ChannelProtection = Readonly<{ channel: string; percent?: number; units?: number; nodes?: NodeSelector }>;

/** Displayed ATS is 0 when the total is below `minimum`, and never more than `cap` (null = no cap). */
export type DisplayThreshold = Readonly<{ minimum: number; cap: number | null }>;

export type AtsViewDefinition = Readonly<{
  name: string;
  description?: string;
  /** Sales channels this view serves (e.g. `web`, `app`, `marketplace-amazon`). */
  channels: readonly string[];
  nodes: NodeSelector;
  supply: SupplyRules;
  safetyStock: SafetyStockPolicy;
  channelProtection: readonly ChannelProtection[];
  threshold: DisplayThreshold;
  /** Closed nodes count 0. */
  respectNodeStatus: boolean;
  /** Nodes blocked for any channel this view serves count 0. */
  respectBlockedChannels: boolean;
}>;

export const UPDATABLE_VIEW_FIELDS = [
  'description', 'channels', 'nodes', 'supply', 'safetyStock', 'channelProtection', 'threshold',
  'respectNodeStatus', 'respectBlockedChannels',
] as const;
export type UpdatableViewField = (typeof UPDATABLE_VIEW_FIELDS)[number];
export type AtsViewChanges = Partial<Pick<AtsViewDefinition, UpdatableViewField>>;

/** `version` is the view's rule version after the event; ATS results and decisions stamp it. */
export type AtsViewDefined = DomainEvent<'AtsViewDefined', Readonly<{ name: string; definition: AtsViewDefinition; version: number }>>;
export type AtsViewUpdated = DomainEvent<
  'AtsViewUpdated',
  Readonly<{ name: string; changes: AtsViewChanges; changedFields: readonly UpdatableViewField[]; version: number }>
>;

export type AtsViewEvent = AtsViewDefined | AtsViewUpdated;
export const ATS_VIEW_EVENT_TYPES = ['AtsViewDefined', 'AtsViewUpdated'] as const satisfies readonly AtsViewEvent['type'][];
