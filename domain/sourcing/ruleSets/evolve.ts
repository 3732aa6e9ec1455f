import type { RuleSetEvent } from './events.js';
import type { RuleSetRegistry } from './state.js';

const withLive = (state: RuleSetRegistry, live: number | null): RuleSetRegistry => ({
  ...state,
  previous: state.live,
  live,
  everLive: state.everLive.includes(live) ? state.everLive : [...state.everLive, live],
  // A candidate that became live has nothing left to shadow.
  candidate: state.candidate === live ? null : state.candidate,
});

export const evolveRuleSets = (state: RuleSetRegistry, event: RuleSetEvent): RuleSetRegistry => {
  switch (event.type) {
    case 'RuleSetPublished':
      return { ...state, versions: { ...state.versions, [String(event.data.version)]: event.data.ruleSet } };
    case 'ShadowStarted':
      return { ...state, candidate: event.data.candidateVersion };
    case 'ShadowStopped':
      return { ...state, candidate: null };
    case 'RuleSetPromoted':
      return withLive(state, event.data.version);
    case 'RuleSetRolledBack':
      return withLive(state, event.data.toVersion);
  }
};
