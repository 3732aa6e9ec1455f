import type { Actor } from '../../domain/shared/decider.js';
import type { PrincipalRole } from './roles.js';

/** What a credential grants beyond its role: the nodes of a store key, the order of a tracking token. */
export type Scopes = Readonly<{ nodes?: readonly string[]; orders?: readonly string[] }>;

/** How the caller proved who it is. */
export type CredentialKind = 'api-key' | 'env-key' | 'tracking-token' | 'test-default';

/**
 * An authenticated caller. `actor` is what events and the access log record (`metadata.actor`);
 * `principalId` scopes idempotency keys and rate limits (one per key, token or test identity).
 */
export type Principal = Readonly<{
  actor: Actor;
  role: PrincipalRole;
  scopes: Scopes;
  principalId: string;
  via: CredentialKind;
  /** The API key id (`oms_<keyId>_…`), when the caller used a stored key. */
  keyId?: string;
}>;
