import type { Actor, CommandMetadata } from '../../shared/decider.js';
import { ValidationError } from '../../shared/errors.js';

/** Post-purchase changes must say who made them; only automatic expiries fall back to the system actor. */
export const actorOf = (metadata: CommandMetadata, fallback?: Actor): Actor => {
  const actor = metadata.actor ?? fallback;
  if (actor === undefined) throw new ValidationError('ACTOR_REQUIRED', 'this change must carry metadata.actor', { field: 'metadata.actor' });
  return actor;
};

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'order-lifecycle' };
