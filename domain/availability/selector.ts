import type { FulfilmentNode } from '../network/node.js';
import type { NodeSelector } from './events.js';

const within = <T>(list: readonly T[] | undefined, value: T | undefined): boolean =>
  list === undefined || list.length === 0 || (value !== undefined && list.includes(value));

/** AND across the selector's criteria, OR within each list; `excludeNodeIds` always wins. */
export const matchesSelector = (node: FulfilmentNode, s: NodeSelector): boolean =>
  !(s.excludeNodeIds ?? []).includes(node.id) &&
  within(s.nodeIds, node.id) &&
  within(s.nodeTypes, node.type) &&
  within(s.regions, node.location.region) &&
  within(s.countries, node.location.country) &&
  (s.capabilities ?? []).every((c) => node.capabilities.includes(c));
