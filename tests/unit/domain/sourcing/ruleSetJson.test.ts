import { expect } from 'chai';
import { ValidationError } from '../../../../domain/shared/errors.js';
import { parseRuleSetJson } from '../../../../domain/sourcing/ruleSetJson.js';

const valid = {
  id: 'prefer-berlin',
  version: 2,
  nodePriority: { 'dc-berlin': 1, 'dc-paris': 2 },
  rules: [
    { name: 'dcs-first', filters: { nodeTypes: ['dc'], maxDistanceKm: 1500 }, sort: ['priority', 'distance'], splitPolicy: 'minimize', onShortfall: 'nextRule' },
    { name: 'anywhere', sort: ['cost'], splitPolicy: 'allowed', onShortfall: 'backorder' },
  ],
};

const errorOf = (text: string): ValidationError => {
  try {
    parseRuleSetJson(text);
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a validation error');
};

describe('parseRuleSetJson — rule sets from a file', () => {
  it('parses a valid rule set into the engine type', () => {
    const r = parseRuleSetJson(JSON.stringify(valid));
    expect(r.id).to.equal('prefer-berlin');
    expect(r.nodePriority).to.deep.equal({ 'dc-berlin': 1, 'dc-paris': 2 });
    expect(r.rules[0]).to.deep.equal(valid.rules[0]);
    expect(r.rules[1]).to.deep.equal(valid.rules[1]);
  });

  it('names the field that is wrong', () => {
    expect(errorOf('{ not json').message).to.match(/^\(file\): not valid JSON/);
    expect(errorOf('[]').message).to.contain('must hold a JSON object');
    expect(errorOf(JSON.stringify({ ...valid, rules: 'x' })).message).to.equal('rules: must be an array of rules');
    expect(errorOf(JSON.stringify({ ...valid, version: '2' })).message).to.equal('version: must be a number');
    const badSort = { ...valid, rules: [valid.rules[0], { ...valid.rules[1], sort: 'cost' }] };
    expect(errorOf(JSON.stringify(badSort)).message).to.equal('rules[1].sort: must be an array of strings');
    const badFilter = { ...valid, rules: [{ ...valid.rules[0], filters: { maxDistanceKm: 'far' } }] };
    expect(errorOf(JSON.stringify(badFilter)).message).to.equal('rules[0].filters.maxDistanceKm: must be a number');
    const typo = { ...valid, rules: [{ ...valid.rules[1], splitpolicy: 'none' }] };
    expect(errorOf(JSON.stringify(typo)).message).to.equal('rules[0].splitpolicy: unknown field');
    expect(errorOf(JSON.stringify({ ...valid, nodePriority: { a: 'first' } })).message).to.equal('nodePriority.a: must be a number');
    expect(errorOf(JSON.stringify({ ...valid, latePenaltyPerDay: 5 })).message).to.contain('latePenaltyPerDay');
  });

  it('applies the engine validation (sort keys, policies, unique names) with code INVALID_RULE_SET', () => {
    const e = errorOf(JSON.stringify({ ...valid, rules: [{ ...valid.rules[1], sort: ['cheapest'] }] }));
    expect(e.code).to.equal('INVALID_RULE_SET');
    expect(e.message).to.contain('sort keys must be among');
    expect(errorOf(JSON.stringify({ ...valid, rules: [valid.rules[1], valid.rules[1]] })).message).to.contain('unique');
    expect(errorOf(JSON.stringify({ ...valid, rules: [] })).message).to.contain('at least one rule');
    expect(errorOf(JSON.stringify({ ...valid, rules: [{ ...valid.rules[1], splitPolicy: 'sometimes' }] })).message).to.contain('unknown split policy');
  });
});
