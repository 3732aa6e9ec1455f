import type { Command } from '../shared/decider.js';
import type { NodeCalendar, NodeCapability, NodeStatus, NodeType, GeoLocation } from './node.js';

export type RegisterNodeData = Readonly<{
  nodeId: string;
  type: NodeType;
  name: string;
  location: GeoLocation;
  capabilities: readonly NodeCapability[];
  processingHours: number;
  cutoffLocal: string;
  calendar: NodeCalendar;
  dailyCapacity: number;
  /** Defaults to `open`. */
  status?: NodeStatus;
  /** Defaults to none. */
  blockedChannels?: readonly string[];
}>;

/**
 * Partial changes. `location` and `calendar` are merged one level deep (send `{ timezone }` alone
 * to move a node to another zone); every other field replaces the current value.
 */
export type UpdateNodeData = Readonly<{
  nodeId: string;
  changes: Readonly<{
    type?: NodeType;
    name?: string;
    location?: Partial<GeoLocation>;
    capabilities?: readonly NodeCapability[];
    processingHours?: number;
    cutoffLocal?: string;
    calendar?: Partial<NodeCalendar>;
    dailyCapacity?: number;
  }>;
}>;

export type RegisterNode = Command<'RegisterNode', RegisterNodeData>;
export type UpdateNode = Command<'UpdateNode', UpdateNodeData>;
export type ChangeNodeStatus = Command<'ChangeNodeStatus', Readonly<{ nodeId: string; status: NodeStatus; reason?: string }>>;
export type BlockChannel = Command<'BlockChannel', Readonly<{ nodeId: string; channel: string; reason?: string }>>;
export type UnblockChannel = Command<'UnblockChannel', Readonly<{ nodeId: string; channel: string }>>;

export type NodeCommand = RegisterNode | UpdateNode | ChangeNodeStatus | BlockChannel | UnblockChannel;
