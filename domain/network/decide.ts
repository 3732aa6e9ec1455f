import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { BlockChannel, ChangeNodeStatus, NodeCommand, RegisterNode, UnblockChannel, UpdateNode } from './commands.js';
import { UPDATABLE_NODE_FIELDS, type NodeDefinition, type NodeEvent } from './events.js';
import { changedFields, jsonEqual } from './jsonEqual.js';
import { NODE_STATUSES, type NodeStatus } from './node.js';
import type { NodeState } from './state.js';
import { validateChannel, validateNodeDefinition, validateReason } from './validateNode.js';

const registered = (state: NodeState, nodeId: string): NodeDefinition => {
  if (state.node === null) throw new NotFoundError('NODE_NOT_FOUND', `node ${nodeId} is not registered`, { nodeId });
  if (state.node.id !== nodeId) {
    throw new ValidationError('INVALID_NODE', `command for node ${nodeId} sent to node ${state.node.id}`, { field: 'nodeId', reason: 'does not match the stream' });
  }
  return state.node;
};

const withReason = (reason: string | undefined) => (reason === undefined ? {} : { reason });

/** Registering the same definition again is a no-op (safe retry); a different one is a conflict. */
const register = ({ data }: RegisterNode, state: NodeState): NodeEvent[] => {
  const { nodeId, status, blockedChannels, ...rest } = data;
  const node = validateNodeDefinition({ ...rest, id: nodeId, status: status ?? 'open', blockedChannels: blockedChannels ?? [] });
  if (state.node !== null) {
    if (jsonEqual(state.node, node)) return [];
    throw new ConflictError('NODE_ALREADY_EXISTS', `node ${nodeId} is already registered with another definition`, { nodeId });
  }
  return [{ type: 'NodeRegistered', data: { nodeId, node, version: state.version + 1 } }];
};

/** Validates the merged result, then records only what changed; nothing changed → no event. */
const update = ({ data }: UpdateNode, state: NodeState): NodeEvent[] => {
  const current = registered(state, data.nodeId);
  const c = data.changes ?? {};
  const unknown = Object.keys(c).filter((k) => !(UPDATABLE_NODE_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new ValidationError('INVALID_NODE', `node fields ${unknown.join(', ')} cannot be updated here`, {
      field: unknown[0], reason: 'not updatable (use ChangeNodeStatus / BlockChannel for status and channels)',
    });
  }
  const next = validateNodeDefinition({
    ...current,
    ...(c.type !== undefined ? { type: c.type } : {}),
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.capabilities !== undefined ? { capabilities: c.capabilities } : {}),
    ...(c.processingHours !== undefined ? { processingHours: c.processingHours } : {}),
    ...(c.cutoffLocal !== undefined ? { cutoffLocal: c.cutoffLocal } : {}),
    ...(c.dailyCapacity !== undefined ? { dailyCapacity: c.dailyCapacity } : {}),
    location: { ...current.location, ...c.location },
    calendar: { ...current.calendar, ...c.calendar },
  });
  const changes = changedFields(current, next, UPDATABLE_NODE_FIELDS);
  const changed = UPDATABLE_NODE_FIELDS.filter((f) => f in changes);
  if (changed.length === 0) return [];
  return [{ type: 'NodeUpdated', data: { nodeId: current.id, changes, changedFields: changed, version: state.version + 1 } }];
};

const changeStatus = ({ data }: ChangeNodeStatus, state: NodeState): NodeEvent[] => {
  const current = registered(state, data.nodeId);
  if (!(NODE_STATUSES as readonly string[]).includes(data.status)) {
    throw new ValidationError('INVALID_NODE', `node status must be one of ${NODE_STATUSES.join(', ')}`, { field: 'status', reason: 'unknown status', value: data.status });
  }
  const reason = validateReason(data.reason);
  if (current.status === data.status) return [];
  return [{
    type: 'NodeStatusChanged',
    data: { nodeId: current.id, from: current.status, to: data.status as NodeStatus, ...withReason(reason), version: state.version + 1 },
  }];
};

const block = ({ data }: BlockChannel, state: NodeState): NodeEvent[] => {
  const current = registered(state, data.nodeId);
  const channel = validateChannel(data.channel);
  const reason = validateReason(data.reason);
  if (current.blockedChannels.includes(channel)) return [];
  return [{ type: 'NodeChannelBlocked', data: { nodeId: current.id, channel, ...withReason(reason), version: state.version + 1 } }];
};

const unblock = ({ data }: UnblockChannel, state: NodeState): NodeEvent[] => {
  const current = registered(state, data.nodeId);
  const channel = validateChannel(data.channel);
  if (!current.blockedChannels.includes(channel)) return [];
  return [{ type: 'NodeChannelUnblocked', data: { nodeId: current.id, channel, version: state.version + 1 } }];
};

export const decideNode = (command: NodeCommand, state: NodeState): NodeEvent[] => {
  switch (command.type) {
    case 'RegisterNode': return register(command, state);
    case 'UpdateNode': return update(command, state);
    case 'ChangeNodeStatus': return changeStatus(command, state);
    case 'BlockChannel': return block(command, state);
    case 'UnblockChannel': return unblock(command, state);
    default: {
      const unknown: never = command;
      throw new ValidationError('UNKNOWN_COMMAND', `unknown node command ${(unknown as { type: string }).type}`);
    }
  }
};
