import { ConflictError } from '../../shared/errors.js';
import { TRACKING_TOKEN_COMMAND_TYPES, type IssueTrackingToken, type OrderCommand, type RevokeTrackingToken } from '../commands.js';
import type { OrderEvent } from '../events.js';
import { allowed, refuse, type GuardResult } from '../plan/result.js';
import type { Order, TrackingTokenState } from '../state.js';
import { validateCommand } from '../validateCommand.js';
import { actorOf } from './common.js';

/**
 * The customer's tracking token is part of the order's record: which generation is current and
 * whether it was revoked. Generation 0 is the token issued at placement (its hash is on
 * OrderPlaced); every re-issue raises the generation, so the previous token is superseded. The
 * token itself never reaches the stream — only its hash, computed by the application.
 *
 * These commands are about access, not the lifecycle: accepted in every status (terminal ones
 * too — a leaked link of a delivered order still shows the address), the status never changes,
 * and they stay out of the transition table.
 */
export type TrackingTokenCommand = IssueTrackingToken | RevokeTrackingToken;

export const isTrackingTokenCommand = (c: OrderCommand): c is TrackingTokenCommand => (TRACKING_TOKEN_COMMAND_TYPES as readonly string[]).includes(c.type);

export const PLACEMENT_TOKEN: TrackingTokenState = { generation: 0, revoked: false };

/** The order's current token generation and whether it is revoked (orders without token events: generation 0, active). */
export const trackingTokenOf = (order: Order): TrackingTokenState => order.trackingToken ?? PLACEMENT_TOKEN;

/** A re-issue names the generation it mints: exactly one past the current one (else another re-issue won the race). */
export const nextTokenGeneration = (o: Order, c: IssueTrackingToken): GuardResult => {
  const current = trackingTokenOf(o).generation;
  return c.data.generation === current + 1
    ? allowed
    : refuse('TRACKING_TOKEN_GENERATION_CONFLICT', `the current tracking token is generation ${current}; a re-issue must mint generation ${current + 1}`, {
        current, requested: c.data.generation,
      });
};

/** Revoking twice would record nothing new: refused, so the caller learns the token was already dead. */
export const tokenNotRevoked = (o: Order): GuardResult => {
  const token = trackingTokenOf(o);
  return token.revoked
    ? refuse('TRACKING_TOKEN_ALREADY_REVOKED', `tracking token generation ${token.generation} is already revoked; issue a new one`, { generation: token.generation })
    : allowed;
};

const revoke = (c: RevokeTrackingToken, order: Order): OrderEvent[] => [
  {
    type: 'OrderTrackingTokenRevoked',
    data: { generation: trackingTokenOf(order).generation, tokenHash: order.trackingTokenHash, reason: c.data.reason, actor: actorOf(c.metadata), at: c.metadata.now },
  },
];

const issue = (c: IssueTrackingToken, order: Order): OrderEvent[] => {
  const previous = trackingTokenOf(order);
  return [
    {
      type: 'OrderTrackingTokenIssued',
      data: {
        generation: c.data.generation,
        tokenHash: c.data.tokenHash,
        supersedes: { generation: previous.generation, tokenHash: order.trackingTokenHash, revoked: previous.revoked },
        reason: c.data.reason,
        actor: actorOf(c.metadata),
        at: c.metadata.now,
      },
    },
  ];
};

/** command data (422) → rule (409 with its code, naming the status) → the one event. */
export const decideTrackingToken = (c: TrackingTokenCommand, order: Order): OrderEvent[] => {
  validateCommand(c, order);
  const verdict = c.type === 'IssueTrackingToken' ? nextTokenGeneration(order, c) : tokenNotRevoked(order);
  if (!verdict.ok) throw new ConflictError(verdict.code, verdict.message, { state: order.status, command: c.type, ...verdict.details });
  return c.type === 'IssueTrackingToken' ? issue(c, order) : revoke(c, order);
};
