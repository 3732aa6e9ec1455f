import { deriveCommandId } from '../../../application/eventIds.js';
import { activeRuleSets, loadRuleSetRegistry, registryView, runRuleSetCommand } from '../../../application/sourcing/ruleSetRegistry.js';
import { ruleSetRef, shadowReport } from '../../../application/sourcing/shadowSourcing.js';
import { orderRuntime } from '../../../application/orders/orderRuntime.js';
import { ruleSetOf, type RuleSetRegistry } from '../../../domain/sourcing/ruleSets/index.js';
import { NotFoundError } from '../../../domain/shared/errors.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type Route, type RouteContext } from '../../http/route.js';
import { PROBLEM } from '../orders/orderSchemas.js';
import { PublishRuleSetDto, RollBackDto, RuleSetVersionParams, ShadowQuery, StartShadowDto } from './sourcingDtos.js';

const OBJECT = { type: 'object' };
const refusals = {
  400: { description: 'VALIDATION_FAILED', schema: PROBLEM },
  404: { description: 'RULE_SET_VERSION_UNKNOWN', schema: PROBLEM },
  409: { description: 'RULE_SET_VERSION_EXISTS, SHADOW_SAME_AS_LIVE, NOT_SHADOW_CANDIDATE, NO_SHADOW_EVIDENCE, NOTHING_TO_ROLL_BACK, ALREADY_LIVE, NEVER_LIVE', schema: PROBLEM },
  422: { description: 'INVALID_RULE_SET, REASON_REQUIRED, EVIDENCE_MISMATCH', schema: PROBLEM },
};
const ROLES_NOTE = 'Changes: operator and admin. Reads: operator, admin and auditors.';

type Ctx = Pick<RouteContext, 'idempotencyKey' | 'now' | 'actor' | 'requestId'>;
const metaOf = (ctx: Ctx, purpose: string) => ({ commandId: deriveCommandId(ctx.idempotencyKey ?? ctx.requestId, `sourcing-rulesets:${purpose}`), now: ctx.now, actor: ctx.actor });

/** The ref (`id@version`) of a published version, for the shadow read model. */
const refOf = (registry: RuleSetRegistry, version: number | null): string | null => {
  const r = ruleSetOf(registry, version);
  return r ? ruleSetRef(r) : null;
};

export const sourcingRoutes = (oms: OmsContext): Route[] => [
  defineRoute({
    method: 'get', path: '/sourcing/rulesets', operationId: 'listRuleSets', tags: ['sourcing'], role: 'operator',
    summary: 'Published sourcing rule sets, the live version and the shadow candidate',
    description: `\`live: null\` = the rule set configured in the order settings. ${ROLES_NOTE}`,
    responses: { 200: { description: 'the registry', schema: OBJECT } },
    handler: async () => {
      const { registry, live } = await activeRuleSets(oms, orderRuntime(oms).settings.ruleSet);
      return { status: 200, body: { ...registryView(registry), liveRuleSet: ruleSetRef(live) }, headers: { 'Cache-Control': 'no-store' } };
    },
  }),
  defineRoute({
    method: 'post', path: '/sourcing/rulesets', operationId: 'publishRuleSet', tags: ['sourcing'], role: 'operator', idempotent: true,
    body: PublishRuleSetDto,
    summary: 'Publish a new rule-set version (it decides nothing until shadowed and promoted)',
    description: ROLES_NOTE,
    responses: { 201: { description: 'published', schema: OBJECT }, 200: { description: 'the same version with the same rules was already published', schema: OBJECT }, ...refusals },
    handler: async (ctx) => {
      const { registry, events } = await runRuleSetCommand(oms, { type: 'PublishRuleSet', data: { ruleSet: { ...ctx.body } } }, metaOf(ctx, `publish:${ctx.body.version}`));
      return { status: events.length > 0 ? 201 : 200, body: registryView(registry) };
    },
  }),
  defineRoute({
    method: 'post', path: '/sourcing/shadow', operationId: 'startShadow', tags: ['sourcing'], role: 'operator', idempotent: true,
    body: StartShadowDto,
    summary: 'Run a published version in shadow: it decides every new order beside the live rule set, without acting',
    description: ROLES_NOTE,
    responses: { 200: { description: 'the registry', schema: OBJECT }, ...refusals },
    handler: async (ctx) => {
      const { registry } = await runRuleSetCommand(oms, { type: 'StartShadow', data: { candidateVersion: ctx.body.candidateVersion } }, metaOf(ctx, 'shadow'));
      return { status: 200, body: registryView(registry) };
    },
  }),
  defineRoute({
    method: 'delete', path: '/sourcing/shadow', operationId: 'stopShadow', tags: ['sourcing'], role: 'operator', idempotent: true,
    summary: 'Stop the shadow (its comparisons stay readable with `candidateVersion`)',
    description: ROLES_NOTE,
    responses: { 200: { description: 'the registry', schema: OBJECT } },
    handler: async (ctx) => {
      const { registry } = await runRuleSetCommand(oms, { type: 'StopShadow', data: {} }, metaOf(ctx, 'stop'));
      return { status: 200, body: registryView(registry) };
    },
  }),
  defineRoute({
    method: 'get', path: '/sourcing/shadow', operationId: 'getShadowSummary', tags: ['sourcing'], role: 'operator', query: ShadowQuery,
    summary: 'Shadow evidence: orders compared, share with the same nodes, split-rate, cost and distance deltas, differing orders',
    description: `Deltas are candidate − live. Comparisons run just after each placement (\`sourcing_shadow\`); this read waits for those of this instance. ${ROLES_NOTE}`,
    responses: { 200: { description: 'the summary', schema: OBJECT }, ...refusals },
    handler: async (ctx) => {
      const registry = await loadRuleSetRegistry(oms);
      const version = ctx.query.candidateVersion ? Number(ctx.query.candidateVersion) : registry.candidate;
      const ref = refOf(registry, version);
      if (version !== null && ref === null) throw new NotFoundError('RULE_SET_VERSION_UNKNOWN', `no rule set version ${version} was published`, { version });
      const report = await shadowReport(oms.readStore, ref, ctx.query.samples ? Math.min(100, Number(ctx.query.samples)) : 10);
      return { status: 200, body: { candidateVersion: version, liveVersion: registry.live, ...report }, headers: { 'Cache-Control': 'no-store' } };
    },
  }),
  defineRoute({
    method: 'post', path: '/sourcing/rulesets/:version/promote', operationId: 'promoteRuleSet', tags: ['sourcing'], role: 'operator', idempotent: true,
    params: RuleSetVersionParams,
    summary: 'Promote the shadow candidate to live; the shadow summary at this moment is recorded as the evidence',
    description: ROLES_NOTE,
    responses: { 200: { description: 'the registry and the recorded evidence', schema: OBJECT }, ...refusals },
    handler: async (ctx) => {
      const version = Number(ctx.params.version);
      const registry = await loadRuleSetRegistry(oms);
      const { candidateErrors: _e, dropped: _d, ...evidence } = await shadowReport(oms.readStore, refOf(registry, version));
      const result = await runRuleSetCommand(oms, { type: 'PromoteRuleSet', data: { version, evidence } }, metaOf(ctx, `promote:${version}`));
      const promoted = result.events.find((e) => e.type === 'RuleSetPromoted');
      return { status: 200, body: { ...registryView(result.registry), evidence: promoted ? promoted.data : null } };
    },
  }),
  defineRoute({
    method: 'post', path: '/sourcing/rulesets/rollback', operationId: 'rollBackRuleSet', tags: ['sourcing'], role: 'operator', idempotent: true,
    body: RollBackDto,
    summary: 'Roll the live rule set back (default: to the version live before the last change)',
    description: ROLES_NOTE,
    responses: { 200: { description: 'the registry', schema: OBJECT }, ...refusals },
    handler: async (ctx) => {
      const data = { reason: ctx.body.reason, ...(ctx.body.toVersion !== undefined ? { toVersion: ctx.body.toVersion } : {}) };
      const { registry } = await runRuleSetCommand(oms, { type: 'RollBackRuleSet', data }, { ...metaOf(ctx, 'rollback'), reason: ctx.body.reason });
      return { status: 200, body: registryView(registry) };
    },
  }),
];
