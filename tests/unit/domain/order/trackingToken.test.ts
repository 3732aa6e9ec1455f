import { expect } from 'chai';
import { NotFoundError, ValidationError } from '../../../../domain/shared/errors.js';
import { orderDecider, trackingTokenOf, type IssueTrackingToken, type RevokeTrackingToken } from '../../../../domain/order/index.js';
import { specFor } from '../support/givenWhenThen.js';
import { AGENT, asOrder, command, later, run } from './support/fixtures.js';
import { historyOf, PLACE, steps } from './support/scenarios.js';

const given = specFor(orderDecider);
const HASH_1 = `sha256:${'1'.repeat(64)}`;
const HASH_2 = `sha256:${'2'.repeat(64)}`;
const PLACED_HASH = PLACE.data.trackingTokenHash;
const AT = later(1);

const revoke = (reason = 'link forwarded to a stranger') => command<RevokeTrackingToken>('RevokeTrackingToken', { reason }, AT);
const reissue = (generation: number, tokenHash = HASH_1, reason = 'customer asked for a new link') =>
  command<IssueTrackingToken>('IssueTrackingToken', { generation, tokenHash, reason }, AT);

describe('order decider: tracking token revocation and re-issue', () => {
  it('revokes the placement token (generation 0), recording its hash, actor and reason', () => {
    given(historyOf(steps.placed())).when(revoke()).then([
      { type: 'OrderTrackingTokenRevoked', data: { generation: 0, tokenHash: PLACED_HASH, reason: 'link forwarded to a stranger', actor: AGENT, at: AT } },
    ]);
  });

  it('re-issues generation 1: the new hash becomes current and the placement token is superseded', () => {
    const spec = given(historyOf(steps.placed())).when(reissue(1));
    spec.then([
      {
        type: 'OrderTrackingTokenIssued',
        data: {
          generation: 1, tokenHash: HASH_1, supersedes: { generation: 0, tokenHash: PLACED_HASH, revoked: false },
          reason: 'customer asked for a new link', actor: AGENT, at: AT,
        },
      },
    ]);
    const after = asOrder(spec.state());
    expect(after.trackingTokenHash).to.equal(HASH_1);
    expect(trackingTokenOf(after)).to.deep.equal({ generation: 1, revoked: false });
  });

  it('refuses to revoke twice (TRACKING_TOKEN_ALREADY_REVOKED, 409) and accepts a re-issue after a revoke', () => {
    const revoked = historyOf([...steps.placed(), revoke()]);
    const error = given(revoked).when(revoke('again')).thenFails('TRACKING_TOKEN_ALREADY_REVOKED');
    expect(error.status).to.equal(409);
    expect(error.details).to.deep.include({ generation: 0, command: 'RevokeTrackingToken', state: 'placed' });
    const spec = given(revoked).when(reissue(1));
    expect(spec.events()[0]!.data).to.deep.include({ generation: 1, supersedes: { generation: 0, tokenHash: PLACED_HASH, revoked: true } });
    expect(trackingTokenOf(asOrder(spec.state()))).to.deep.equal({ generation: 1, revoked: false });
  });

  it('revokes the re-issued generation, not the placement one', () => {
    given(historyOf([...steps.placed(), reissue(1), reissue(2, HASH_2)])).when(revoke()).then([
      { type: 'OrderTrackingTokenRevoked', data: { generation: 2, tokenHash: HASH_2, reason: 'link forwarded to a stranger', actor: AGENT, at: AT } },
    ]);
  });

  it('refuses a re-issue that does not mint exactly the next generation (a concurrent re-issue won)', () => {
    given(historyOf(steps.placed())).when(reissue(2)).thenFails('TRACKING_TOKEN_GENERATION_CONFLICT');
    given(historyOf([...steps.placed(), reissue(1)])).when(reissue(1, HASH_2)).thenFails('TRACKING_TOKEN_GENERATION_CONFLICT');
  });

  it('validates the command data (422): a hash, a positive generation, a reason', () => {
    const placed = historyOf(steps.placed());
    given(placed).when(reissue(1, 'trk_the-token-itself')).thenFails('INVALID_COMMAND', ValidationError);
    given(placed).when(reissue(0)).thenFails('INVALID_COMMAND', ValidationError);
    given(placed).when(revoke('')).thenFails('INVALID_COMMAND', ValidationError);
  });

  it('is refused on a missing order (ORDER_NOT_FOUND, 404)', () => {
    given([]).when(revoke()).thenFails('ORDER_NOT_FOUND', NotFoundError);
    given([]).when(reissue(1)).thenFails('ORDER_NOT_FOUND', NotFoundError);
  });

  it('works in every status, terminal ones too, and never changes the status', () => {
    const delivered = run([...steps.delivered(), command('Complete', {}, later(70))]);
    expect(asOrder(delivered.state).status).to.equal('completed');
    const events = given(delivered.events).when(revoke()).events();
    expect(events.map((e) => e.type)).to.deep.equal(['OrderTrackingTokenRevoked']);
    const cancelled = historyOf([...steps.paid(), command('CancelOrder', { reason: 'x' })]);
    expect(given(cancelled).when(reissue(1)).events().map((e) => e.type)).to.deep.equal(['OrderTrackingTokenIssued']);
  });

  it('needs an actor: staff say who revoked', () => {
    const anonymous = command<RevokeTrackingToken>('RevokeTrackingToken', { reason: 'x' }, AT, { actor: undefined });
    given(historyOf(steps.placed())).when(anonymous).thenFails('ACTOR_REQUIRED');
  });
});
