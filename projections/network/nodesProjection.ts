import { nodeDecider, nodeFromState, type FulfilmentNode, type NodeEvent, type NodeState } from '../../domain/network/index.js';
import { aggregateDocumentProjection } from './aggregateDocumentProjection.js';

export const NETWORK_NODES = 'network_nodes';

/** One document per fulfilment node: its current configuration and version (`GET /network/nodes`). */
export type NodeDocument = FulfilmentNode & { _id: string };

export const nodesProjection = (version = 1) =>
  aggregateDocumentProjection<NodeState, NodeEvent, NodeDocument>({
    name: NETWORK_NODES,
    version,
    streamPrefix: 'node-',
    indexes: [{ keys: { type: 1 } }, { keys: { 'location.country': 1 } }],
    decider: nodeDecider,
    idOf: (event) => event.data.nodeId,
    toState: ({ _id: _ignored, version: v, ...node }) => ({ node, version: v }),
    toDocument: (state, id) => {
      const node = nodeFromState(state);
      return node ? { _id: id, ...node } : null;
    },
  });
