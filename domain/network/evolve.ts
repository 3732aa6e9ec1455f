import type { NodeEvent } from './events.js';
import type { NodeState } from './state.js';

/** Applies one event. Events before registration are ignored: they cannot have been decided. */
export const evolveNode = (state: NodeState, event: NodeEvent): NodeState => {
  if (event.type === 'NodeRegistered') return { node: event.data.node, version: state.version + 1 };
  const node = state.node;
  if (node === null) return { ...state, version: state.version + 1 };
  switch (event.type) {
    case 'NodeUpdated':
      return { node: { ...node, ...event.data.changes }, version: state.version + 1 };
    case 'NodeStatusChanged':
      return { node: { ...node, status: event.data.to }, version: state.version + 1 };
    case 'NodeChannelBlocked':
      return { node: { ...node, blockedChannels: [...node.blockedChannels, event.data.channel].sort() }, version: state.version + 1 };
    case 'NodeChannelUnblocked':
      return { node: { ...node, blockedChannels: node.blockedChannels.filter((c) => c !== event.data.channel) }, version: state.version + 1 };
    default:
      return { ...state, version: state.version + 1 };
  }
};
