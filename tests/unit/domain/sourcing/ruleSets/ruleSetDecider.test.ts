import { expect } from 'chai';
import { ConflictError, NotFoundError, ValidationError } from '../../../../../domain/shared/errors.js';
import type { RuleSet } from '../../../../../domain/sourcing/index.js';
import {
  ruleSetDecider, summarizeShadow, type RuleSetCommand, type RuleSetEvent, type ShadowSummary,
} from '../../../../../domain/sourcing/ruleSets/index.js';
import { commandOf, expectJsonSafe, specFor } from '../../support/givenWhenThen.js';

const given = specFor(ruleSetDecider);
const cmd = (type: RuleSetCommand['type'], data: unknown) => commandOf<RuleSetCommand>(type, data);

const ruleSet = (version: number, sort: RuleSet['rules'][number]['sort'] = ['cost']): RuleSet => ({
  id: 'rs', version, rules: [{ name: `r${version}`, sort, splitPolicy: 'allowed', onShortfall: 'backorder' }],
});
const evidence = (candidate: string, ordersCompared = 3): ShadowSummary => ({ ...summarizeShadow(candidate, []), ordersCompared });

const published = (version: number, sort?: RuleSet['rules'][number]['sort']): RuleSetEvent => ({ type: 'RuleSetPublished', data: { version, ruleSet: ruleSet(version, sort) } });
const shadowed = (v: number, live: number | null = null): RuleSetEvent => ({ type: 'ShadowStarted', data: { candidateVersion: v, liveVersion: live } });
const promoted = (v: number, previous: number | null = null): RuleSetEvent => ({ type: 'RuleSetPromoted', data: { version: v, previousVersion: previous, evidence: evidence(`rs@${v}`) } });

describe('sourcing rule-set registry decider (ruleset-sourcing)', () => {
  describe('PublishRuleSet', () => {
    it('publishes a valid version', () => {
      const then = given([]).when(cmd('PublishRuleSet', { ruleSet: ruleSet(2) }));
      then.then([published(2)]);
      expectJsonSafe(then.events());
    });
    it('is a no-op for the same version with the same rules (keys in any order)', () => {
      const same = { rules: ruleSet(2).rules, version: 2, id: 'rs' };
      given([published(2)]).when(cmd('PublishRuleSet', { ruleSet: same })).thenNothing();
    });
    it('refuses the same version with other rules', () => {
      given([published(2)]).when(cmd('PublishRuleSet', { ruleSet: ruleSet(2, ['distance']) })).thenFails('RULE_SET_VERSION_EXISTS', ConflictError);
    });
    it('refuses malformed or invalid rule sets with 422 INVALID_RULE_SET, never a TypeError', () => {
      for (const bad of [null, { id: 'rs', version: 2, rules: 'x' }, { id: 'rs', version: 2, rules: [{ name: 'a', sort: 'cost' }] }, { ...ruleSet(2), rules: [] }, { ...ruleSet(2), rules: [{ ...ruleSet(2).rules[0], sort: ['fastest'] }] }, { ...ruleSet(0) }]) {
        given([]).when(cmd('PublishRuleSet', { ruleSet: bad })).thenFails('INVALID_RULE_SET', ValidationError);
      }
    });
  });

  describe('StartShadow / StopShadow', () => {
    it('starts a shadow with a published version', () => {
      given([published(2)]).when(cmd('StartShadow', { candidateVersion: 2 })).then([shadowed(2)]);
    });
    it('refuses an unknown version and the live version', () => {
      given([published(2)]).when(cmd('StartShadow', { candidateVersion: 3 })).thenFails('RULE_SET_VERSION_UNKNOWN', NotFoundError);
      given([published(2), shadowed(2), promoted(2)]).when(cmd('StartShadow', { candidateVersion: 2 })).thenFails('SHADOW_SAME_AS_LIVE', ConflictError);
    });
    it('repeating the running shadow decides nothing; a new candidate replaces it', () => {
      given([published(2), shadowed(2)]).when(cmd('StartShadow', { candidateVersion: 2 })).thenNothing();
      const state = given([published(2), published(3), shadowed(2)]).when(cmd('StartShadow', { candidateVersion: 3 })).state();
      expect(state.candidate).to.equal(3);
    });
    it('stops the running shadow; stopping none decides nothing', () => {
      given([published(2), shadowed(2)]).when(cmd('StopShadow', {})).then([{ type: 'ShadowStopped', data: { candidateVersion: 2 } }]);
      given([published(2)]).when(cmd('StopShadow', {})).thenNothing();
    });
  });

  describe('PromoteRuleSet', () => {
    it('promotes the shadow candidate with its evidence; the shadow ends', () => {
      const then = given([published(2), shadowed(2)]).when(cmd('PromoteRuleSet', { version: 2, evidence: evidence('rs@2') }));
      then.then([promoted(2)]);
      expect(then.state()).to.include({ live: 2, previous: null, candidate: null });
    });
    it('refuses an unknown version, a version never shadowed, and promotion without comparisons', () => {
      given([published(2)]).when(cmd('PromoteRuleSet', { version: 9, evidence: evidence('rs@9') })).thenFails('RULE_SET_VERSION_UNKNOWN', NotFoundError);
      given([published(2)]).when(cmd('PromoteRuleSet', { version: 2, evidence: evidence('rs@2') })).thenFails('NOT_SHADOW_CANDIDATE', ConflictError);
      given([published(2), shadowed(2)]).when(cmd('PromoteRuleSet', { version: 2, evidence: evidence('rs@2', 0) })).thenFails('NO_SHADOW_EVIDENCE', ConflictError);
    });
    it('refuses evidence about another candidate', () => {
      given([published(2), shadowed(2)]).when(cmd('PromoteRuleSet', { version: 2, evidence: evidence('rs@3') })).thenFails('EVIDENCE_MISMATCH', ValidationError);
    });
    it('promoting the live version again decides nothing', () => {
      given([published(2), shadowed(2), promoted(2)]).when(cmd('PromoteRuleSet', { version: 2, evidence: evidence('rs@2') })).thenNothing();
    });
  });

  describe('RollBackRuleSet', () => {
    const twoPromotions = [published(2), published(3), shadowed(2), promoted(2), shadowed(3, 2), promoted(3, 2)];
    it('goes back to the previous live version by default', () => {
      const then = given(twoPromotions).when(cmd('RollBackRuleSet', { reason: 'split rate up' }));
      then.then([{ type: 'RuleSetRolledBack', data: { fromVersion: 3, toVersion: 2, reason: 'split rate up' } }]);
      expect(then.state()).to.include({ live: 2, previous: 3 });
    });
    it('goes back to the configured default (null) after a single promotion', () => {
      given([published(2), shadowed(2), promoted(2)]).when(cmd('RollBackRuleSet', { reason: 'bad' }))
        .then([{ type: 'RuleSetRolledBack', data: { fromVersion: 2, toVersion: null, reason: 'bad' } }]);
    });
    it('refuses: nothing promoted, no reason, unknown, never live, already live', () => {
      given([published(2)]).when(cmd('RollBackRuleSet', { reason: 'x' })).thenFails('NOTHING_TO_ROLL_BACK', ConflictError);
      given(twoPromotions).when(cmd('RollBackRuleSet', { reason: '  ' })).thenFails('REASON_REQUIRED', ValidationError);
      given(twoPromotions).when(cmd('RollBackRuleSet', { toVersion: 7, reason: 'x' })).thenFails('RULE_SET_VERSION_UNKNOWN', NotFoundError);
      given([...twoPromotions, published(4)]).when(cmd('RollBackRuleSet', { toVersion: 4, reason: 'x' })).thenFails('NEVER_LIVE', ConflictError);
      given(twoPromotions).when(cmd('RollBackRuleSet', { toVersion: 3, reason: 'x' })).thenFails('ALREADY_LIVE', ConflictError);
    });
  });
});
