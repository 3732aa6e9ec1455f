import type { Decider } from '../shared/decider.js';
import type { NodeCommand } from './commands.js';
import { decideNode } from './decide.js';
import type { NodeEvent } from './events.js';
import { evolveNode } from './evolve.js';
import { streamId } from './identifier.js';
import { initialNodeState, type NodeState } from './state.js';

/** Stream `node-<nodeId>`: one fulfilment node's configuration. */
export const nodeDecider: Decider<NodeState, NodeCommand, NodeEvent> = {
  decide: decideNode,
  evolve: evolveNode,
  initialState: initialNodeState,
};

export const nodeStreamName = (nodeId: string): string => `node-${streamId(nodeId)}`;

export * from './commands.js';
export * from './events.js';
export * from './node.js';
export { initialNodeState, nodeFromState, type NodeState } from './state.js';
export { validateNodeDefinition } from './validateNode.js';
export { decideNode } from './decide.js';
export { evolveNode } from './evolve.js';
