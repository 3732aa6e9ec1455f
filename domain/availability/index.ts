import type { Decider } from '../shared/decider.js';
import { streamId } from '../network/identifier.js';
import type { AtsViewCommand } from './commands.js';
import { decideAtsView } from './decide.js';
import type { AtsViewEvent } from './events.js';
import { evolveAtsView } from './evolve.js';
import { initialAtsViewState, type AtsViewState } from './state.js';

/** Stream `atsview-<name>`: the rules of one available-to-sell view. */
export const atsViewDecider: Decider<AtsViewState, AtsViewCommand, AtsViewEvent> = {
  decide: decideAtsView,
  evolve: evolveAtsView,
  initialState: initialAtsViewState,
};

export const atsViewStreamName = (name: string): string => `atsview-${streamId(name)}`;

export * from './commands.js';
export * from './events.js';
export { initialAtsViewState, viewFromState, type AtsView, type AtsViewState } from './state.js';
export { validateViewDefinition } from './validateView.js';
export { matchesSelector } from './selector.js';
export { nodeAvailability, networkAvailability, type NodeAvailability, type NetworkAvailability } from './nodeAvailability.js';
export {
  computeAts, computeAtsBySku, protectionsOf, protectedShare, protectedFromView,
  type AtsResult, type AtsNodeRow, type AtsExclusion, type ComputeAtsOptions,
} from './computeAts.js';
export { decideAtsView } from './decide.js';
export { evolveAtsView } from './evolve.js';
