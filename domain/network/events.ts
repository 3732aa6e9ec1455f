import type { DomainEvent } from '../shared/decider.js';
import type { FulfilmentNode, NodeStatus } from './node.js';

/** A node's configuration as recorded in events: everything but the derived `version`. */
export type NodeDefinition = Omit<FulfilmentNode, 'version'>;

/** Fields `UpdateNode` may change. Status and blocked channels have their own commands (and events). */
export const UPDATABLE_NODE_FIELDS = [
  'type', 'name', 'location', 'capabilities', 'processingHours', 'cutoffLocal', 'calendar', 'dailyCapacity',
] as const;
export type UpdatableNodeField = (typeof UPDATABLE_NODE_FIELDS)[number];
export type NodeChanges = Partial<Pick<NodeDefinition, UpdatableNodeField>>;

/**
 * Every event carries `version`: the node's configuration version after the event (1 for the
 * registration). Read models and decisions (promise, sourcing) stamp it to say which node
 * configuration they used.
 */
export type NodeRegistered = DomainEvent<'NodeRegistered', Readonly<{ nodeId: string; node: NodeDefinition; version: number }>>;
/** `changes` holds only the fields whose value actually changed, with their complete new value. */
export type NodeUpdated = DomainEvent<
  'NodeUpdated',
  Readonly<{ nodeId: string; changes: NodeChanges; changedFields: readonly UpdatableNodeField[]; version: number }>
>;
export type NodeStatusChanged = DomainEvent<
  'NodeStatusChanged',
  Readonly<{ nodeId: string; from: NodeStatus; to: NodeStatus; reason?: string; version: number }>
>;
export type NodeChannelBlocked = DomainEvent<'NodeChannelBlocked', Readonly<{ nodeId: string; channel: string; reason?: string; version: number }>>;
export type NodeChannelUnblocked = DomainEvent<'NodeChannelUnblocked', Readonly<{ nodeId: string; channel: string; version: number }>>;

export type NodeEvent = NodeRegistered | NodeUpdated | NodeStatusChanged | NodeChannelBlocked | NodeChannelUnblocked;

export const NODE_EVENT_TYPES = [
  'NodeRegistered', 'NodeUpdated', 'NodeStatusChanged', 'NodeChannelBlocked', 'NodeChannelUnblocked',
] as const satisfies readonly NodeEvent['type'][];
