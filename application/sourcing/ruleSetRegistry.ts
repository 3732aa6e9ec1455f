import type { Actor } from '../../domain/shared/decider.js';
import { fold } from '../../domain/shared/decider.js';
import type { RuleSet } from '../../domain/sourcing/index.js';
import {
  RULE_SETS_STREAM, ruleSetDecider, ruleSetOf, type RuleSetCommand, type RuleSetEvent, type RuleSetRegistry,
} from '../../domain/sourcing/ruleSets/index.js';
import { loadAggregate } from '../commandHandler.js';
import type { OrderDeps, OrderRuntime } from '../orders/orderRuntime.js';

/** The rule sets placement uses: the live one and, when a shadow runs, the candidate beside it. */
export type ActiveRuleSets = Readonly<{ live: RuleSet; candidate?: RuleSet; registry: RuleSetRegistry }>;

type Entry = { value: Promise<RuleSetRegistry>; at: number };
const cache = new WeakMap<OrderDeps['commands'], Entry>();

/**
 * How long a placement reuses the registry it read. Another instance's promotion is seen within
 * this time; this instance's own changes drop the entry at once (`runRuleSetCommand`).
 */
export const REGISTRY_TTL_MS = 1_000;

/** Read straight from the stream (not the command cache, which never hears of other instances' appends). */
export const loadRuleSetRegistry = (deps: OrderDeps, nowMs: number = Date.now()): Promise<RuleSetRegistry> => {
  const hit = cache.get(deps.commands);
  if (hit && nowMs - hit.at < REGISTRY_TTL_MS) return hit.value;
  const value = loadAggregate(deps.eventStore, ruleSetDecider, RULE_SETS_STREAM).then((a) => a.state);
  cache.set(deps.commands, { value, at: nowMs });
  value.catch(() => cache.delete(deps.commands));
  return value;
};

/** Live = the promoted version, or `configured` (the order settings' rule set) while none is. */
export const activeRuleSets = async (deps: OrderDeps, configured: RuleSet): Promise<ActiveRuleSets> => {
  const registry = await loadRuleSetRegistry(deps);
  const live = ruleSetOf(registry, registry.live) ?? configured;
  const candidate = ruleSetOf(registry, registry.candidate);
  return { live, registry, ...(candidate ? { candidate } : {}) };
};

/** The order runtime deciding with `live` (the promoted rule set) instead of the configured one. */
export const withLiveRuleSet = (rt: OrderRuntime, live: RuleSet): OrderRuntime =>
  live === rt.settings.ruleSet ? rt : { ...rt, settings: { ...rt.settings, ruleSet: live } };

export type RuleSetCommandMeta = Readonly<{ commandId: string; now: string; actor: Actor; reason?: string }>;

export const runRuleSetCommand = async (
  deps: OrderDeps,
  command: Pick<RuleSetCommand, 'type' | 'data'>,
  meta: RuleSetCommandMeta,
): Promise<{ registry: RuleSetRegistry; events: readonly RuleSetEvent[] }> => {
  try {
    const result = await deps.commands.handle(ruleSetDecider, RULE_SETS_STREAM, {
      ...command,
      metadata: { commandId: meta.commandId, now: meta.now, actor: meta.actor, ...(meta.reason ? { reason: meta.reason } : {}) },
    } as RuleSetCommand);
    return { registry: result.state, events: result.newEvents };
  } finally {
    cache.delete(deps.commands);
  }
};

/** The registry as the API shows it: versions with their rule names, live and candidate. */
export const registryView = (registry: RuleSetRegistry) => ({
  live: registry.live,
  previous: registry.previous,
  candidate: registry.candidate,
  versions: Object.values(registry.versions)
    .sort((a, b) => a.version - b.version)
    .map((r) => ({ version: r.version, id: r.id, rules: r.rules.map((x) => x.name) })),
});

/** For tests and tools: the registry folded from given events. */
export const registryOf = (events: readonly RuleSetEvent[]): RuleSetRegistry => fold(ruleSetDecider, events);
