import {
  atsViewDecider, atsViewStreamName, viewFromState, type AtsView, type DefineAtsViewData,
} from '../../domain/availability/index.js';
import { handleFresh } from '../inventory/handleFresh.js';
import { currentState } from '../inventory/references.js';
import { commandMetadata, outcomeOf, type CommandDeps, type Outcome, type RequestMeta } from '../inventory/useCaseContext.js';

export type PutAtsViewInput = Omit<DefineAtsViewData, 'name'>;
export type AtsViewResult = Readonly<{ view: AtsView; outcome: Outcome; created: boolean }>;

/**
 * PUT semantics for a view: the body is the complete rule set (omitted parts take the documented
 * defaults). A new name defines the view; an existing one records the change as `AtsViewUpdated`
 * with the next version — only when something actually changed.
 */
export const putAtsView = async (deps: CommandDeps, name: string, input: PutAtsViewInput, meta: RequestMeta): Promise<AtsViewResult> => {
  const stream = atsViewStreamName(name);
  const before = await currentState(deps, atsViewDecider, stream, (s) => s.definition !== null);
  const result = before.definition === null
    ? await handleFresh(deps, atsViewDecider, stream, { type: 'DefineAtsView', data: { ...input, name }, metadata: commandMetadata(meta) })
    : await handleFresh(deps, atsViewDecider, stream, {
      type: 'UpdateAtsView',
      data: {
        name,
        changes: {
          ...(input.description !== undefined ? { description: input.description } : {}),
          channels: input.channels,
          nodes: input.nodes ?? {},
          supply: { onHand: true, inTransitWithinDays: null, onOrderWithinDays: null, ...input.supply },
          safetyStock: { useNodeSafetyStock: true, extraPerNode: 0, ...input.safetyStock },
          channelProtection: input.channelProtection ?? [],
          threshold: { minimum: 0, cap: null, ...input.threshold },
          respectNodeStatus: input.respectNodeStatus ?? true,
          respectBlockedChannels: input.respectBlockedChannels ?? true,
        },
      },
      metadata: commandMetadata(meta),
    });
  return { view: viewFromState(result.state)!, outcome: outcomeOf(result), created: before.definition === null };
};
