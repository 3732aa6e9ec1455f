import {
  nodeDecider, nodeFromState, nodeStreamName,
  type FulfilmentNode, type NodeCalendar, type NodeCommand, type NodeStatus, type RegisterNodeData, type UpdateNodeData,
} from '../../domain/network/index.js';
import { handleFresh } from '../inventory/handleFresh.js';
import { currentState } from '../inventory/references.js';
import { commandMetadata, outcomeOf, type CommandDeps, type Outcome, type RequestMeta } from '../inventory/useCaseContext.js';

/** Monday to Friday, no holidays: the calendar a node gets when registration does not state one. */
export const DEFAULT_CALENDAR: NodeCalendar = { workingDays: [1, 2, 3, 4, 5], holidays: [] };

export type RegisterNodeInput = Omit<RegisterNodeData, 'nodeId' | 'calendar'> & Readonly<{ id: string; calendar?: NodeCalendar }>;

export type NodeResult = Readonly<{ node: FulfilmentNode; outcome: Outcome; created: boolean }>;

const handle = async (deps: CommandDeps, nodeId: string, command: NodeCommand): Promise<NodeResult> => {
  const before = await currentState(deps, nodeDecider, nodeStreamName(nodeId), (s) => s.node !== null);
  const result = await handleFresh(deps, nodeDecider, nodeStreamName(nodeId), command);
  return { node: nodeFromState(result.state)!, outcome: outcomeOf(result), created: before.node === null && result.state.node !== null };
};

/**
 * Registers a fulfilment node. Sending the same definition again is a no-op (safe retry); another
 * definition for an existing id is 409 `NODE_ALREADY_EXISTS` (change it with `updateNode`).
 */
export const registerNode = (deps: CommandDeps, input: RegisterNodeInput, meta: RequestMeta): Promise<NodeResult> => {
  const { id, calendar, ...rest } = input;
  return handle(deps, id, { type: 'RegisterNode', data: { ...rest, nodeId: id, calendar: calendar ?? DEFAULT_CALENDAR }, metadata: commandMetadata(meta) });
};

export const updateNode = (deps: CommandDeps, nodeId: string, changes: UpdateNodeData['changes'], meta: RequestMeta): Promise<NodeResult> =>
  handle(deps, nodeId, { type: 'UpdateNode', data: { nodeId, changes }, metadata: commandMetadata(meta) });

export const changeNodeStatus = (deps: CommandDeps, nodeId: string, status: NodeStatus, reason: string | undefined, meta: RequestMeta) =>
  handle(deps, nodeId, { type: 'ChangeNodeStatus', data: { nodeId, status, ...(reason ? { reason } : {}) }, metadata: commandMetadata(meta) });

export const blockChannel = (deps: CommandDeps, nodeId: string, channel: string, blocked: boolean, meta: RequestMeta) =>
  handle(deps, nodeId, blocked
    ? { type: 'BlockChannel', data: { nodeId, channel }, metadata: commandMetadata(meta) }
    : { type: 'UnblockChannel', data: { nodeId, channel }, metadata: commandMetadata(meta) });
