import { inventoryStreamName } from '../../domain/inventory/index.js';
import { handleInventory } from './inventoryWriter.js';
import { lineCommand, positionSummary, type LineKind, type LineKinds, type PositionSummary } from './inventoryLines.js';
import { requireNode, requireSku } from './references.js';
import { commandMetadata, outcomeOf, type CommandDeps, type Outcome, type RequestMeta } from './useCaseContext.js';

export type MovementResult = PositionSummary & Readonly<{
  outcome: Outcome;
  /** Global position of the events written (decimal string), null when nothing was written now. */
  position: string | null;
}>;

/**
 * One stock movement (receipt, adjustment, count, expected supply, arrival, cancellation, safety
 * stock): the node and SKU must exist (404 otherwise), the inventory decider validates the rest
 * (422/409). Either way a refused command writes nothing.
 */
export const applyMovement = async <K extends LineKind>(deps: CommandDeps, kind: K, line: LineKinds[K], meta: RequestMeta): Promise<MovementResult> => {
  await requireNode(deps, line.node);
  await requireSku(deps, line.sku);
  const result = await handleInventory(deps, inventoryStreamName(line.node, line.sku), lineCommand(kind, line, commandMetadata(meta)));
  return {
    ...positionSummary(line.node, line.sku, result.state),
    outcome: outcomeOf(result),
    position: result.replayed || result.newEvents.length === 0 ? null : result.position?.toString() ?? null,
  };
};
