import type { RuleSet } from '../types.js';

export type RuleSetRegistry = Readonly<{
  /** Published rule sets by version. */
  versions: Readonly<Record<string, RuleSet>>;
  /** Live version; null = the configured default (nothing promoted yet, or rolled back to it). */
  live: number | null;
  /** The live version before the last promotion or rollback: where a plain rollback goes. */
  previous: number | null;
  /** Every version that has been live (null = the configured default): rollbacks may only go there. */
  everLive: readonly (number | null)[];
  candidate: number | null;
}>;

export const initialRuleSetRegistry = (): RuleSetRegistry => ({ versions: {}, live: null, previous: null, everLive: [null], candidate: null });

export const ruleSetOf = (state: RuleSetRegistry, version: number | null): RuleSet | undefined =>
  version === null ? undefined : state.versions[String(version)];
