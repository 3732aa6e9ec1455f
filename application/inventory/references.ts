import { skuFromState, skuDecider, skuStreamName, type Sku } from '../../domain/catalog/index.js';
import { KEY_PATTERN } from '../../domain/network/identifier.js';
import { nodeDecider, nodeFromState, nodeStreamName, type FulfilmentNode } from '../../domain/network/index.js';
import type { Command, Decider, DomainEvent } from '../../domain/shared/decider.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import type { CommandDeps } from './useCaseContext.js';

/**
 * The state of a configuration stream through the command handler's cache. A cached "does not
 * exist" is confirmed against the store first: another OMS instance may have created it since.
 * (Nodes and SKUs are never deleted, so a cached "exists" is always true.)
 */
export const currentState = async <S, E extends DomainEvent>(
  deps: CommandDeps,
  decider: Pick<Decider<S, Command, E>, 'evolve' | 'initialState'>,
  stream: string,
  exists: (state: S) => boolean,
): Promise<S> => {
  const loaded = await deps.commands.load(decider, stream);
  if (exists(loaded.state)) return loaded.state;
  const revision = await deps.eventStore.streamRevision(stream);
  if (revision === loaded.revision) return loaded.state;
  deps.commands.cache.delete(stream);
  return (await deps.commands.load(decider, stream)).state;
};

export const findNode = async (deps: CommandDeps, nodeId: string): Promise<FulfilmentNode | undefined> =>
  KEY_PATTERN.test(nodeId) ? nodeFromState(await currentState(deps, nodeDecider, nodeStreamName(nodeId), (s) => s.node !== null)) : undefined;

export const findSku = async (deps: CommandDeps, sku: string): Promise<Sku | undefined> =>
  KEY_PATTERN.test(sku) ? skuFromState(await currentState(deps, skuDecider, skuStreamName(sku), (s) => s.definition !== null)) : undefined;

export const nodeNotFound = (nodeId: string, field = 'node') =>
  new NotFoundError('NODE_NOT_FOUND', `node ${nodeId} is not registered`, { field, nodeId });

export const skuNotFound = (sku: string, field = 'sku') =>
  new NotFoundError('SKU_NOT_FOUND', `sku ${sku} is not in the catalog`, { field, sku });

export const requireNode = async (deps: CommandDeps, nodeId: string, field = 'node'): Promise<FulfilmentNode> => {
  const node = await findNode(deps, nodeId);
  if (!node) throw nodeNotFound(nodeId, field);
  return node;
};

export const requireSku = async (deps: CommandDeps, sku: string, field = 'sku'): Promise<Sku> => {
  const found = await findSku(deps, sku);
  if (!found) throw skuNotFound(sku, field);
  return found;
};
