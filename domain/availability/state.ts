import type { AtsViewDefinition } from './events.js';

export type AtsViewState = Readonly<{ definition: AtsViewDefinition | null; version: number }>;

export const initialAtsViewState = (): AtsViewState => ({ definition: null, version: 0 });

/** A view as calculators use it: its rules plus the version that produced them. */
export type AtsView = AtsViewDefinition & Readonly<{ version: number }>;

export const viewFromState = (state: AtsViewState): AtsView | undefined =>
  state.definition === null ? undefined : { ...state.definition, version: state.version };
