import type { NodeDefinition } from './events.js';
import type { FulfilmentNode } from './node.js';

/** `node` is null until the node is registered; `version` counts the events folded so far. */
export type NodeState = Readonly<{ node: NodeDefinition | null; version: number }>;

export const initialNodeState = (): NodeState => ({ node: null, version: 0 });

/** The shared `FulfilmentNode` view of a registered node (undefined before registration). */
export const nodeFromState = (state: NodeState): FulfilmentNode | undefined =>
  state.node === null ? undefined : { ...state.node, version: state.version };
