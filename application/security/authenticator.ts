import type { Actor } from '../../domain/shared/decider.js';
import { hashApiKey, sameHash, type ApiKeyRepository, type EnvApiKey } from './apiKeys.js';
import type { Principal } from './principal.js';
import { isPrincipalRole, type PrincipalRole } from './roles.js';
import { isTrackingTokenShaped, type TrackingTokens } from './trackingTokens.js';

/**
 * Turns a presented credential into a principal. Three kinds of bearer credential:
 * `trk_…` tracking tokens (role `customer`, scoped to one order), `oms_…` stored API keys and the
 * deployment's OMS_API_KEYS. Anything else, a revoked key or a forged token is `invalid` (401):
 * the caller is never told which of these it was.
 *
 * A tracking token that does not open its order (forged, unknown, revoked, superseded) is
 * `unverifiedToken`: no principal. The edge answers it like `invalid` on every route that needs
 * a credential (401 INVALID_CREDENTIALS) but like an anonymous caller on the public order routes,
 * which then give the same 404 as for a missing order — so a customer's link never tells whether
 * the order exists or whether the token once worked.
 */

export type Credentials = Readonly<{
  /** From `Authorization: Bearer …`, `X-API-Key` or `X-Tracking-Token`. */
  secret?: string;
  /** Tests only: the identity `X-Actor` claims when the test default role is active. */
  testActor?: Actor;
}>;

export type Authentication =
  | Readonly<{ kind: 'anonymous' }>
  | Readonly<{ kind: 'invalid' }>
  | Readonly<{ kind: 'unverifiedToken' }>
  | Readonly<{ kind: 'authenticated'; principal: Principal }>;

export type Authenticator = (credentials: Credentials) => Promise<Authentication>;

export type AuthenticatorDeps = Readonly<{
  apiKeys: ApiKeyRepository;
  envKeys: readonly EnvApiKey[];
  trackingTokens: TrackingTokens;
  /** Tests only (NODE_ENV=test, enforced by the config): callers without credentials act as this role. */
  testDefaultRole?: string;
}>;

const INVALID: Authentication = { kind: 'invalid' };
const ANONYMOUS: Authentication = { kind: 'anonymous' };
const UNVERIFIED_TOKEN: Authentication = { kind: 'unverifiedToken' };

const authenticated = (principal: Principal): Authentication => ({ kind: 'authenticated', principal });

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  let testRole: PrincipalRole | undefined;
  if (deps.testDefaultRole !== undefined) {
    if (!isPrincipalRole(deps.testDefaultRole)) throw new Error(`OMS_AUTH_TEST_DEFAULT_ROLE must be a caller role, got "${deps.testDefaultRole}"`);
    testRole = deps.testDefaultRole;
  }

  const fromEnv = (secret: string): Authentication | undefined => {
    const hash = hashApiKey(secret);
    // Compare against every env key (constant time each) so timing does not reveal which matched.
    let match: EnvApiKey | undefined;
    for (const k of deps.envKeys) if (sameHash(k.hash, hash)) match = k;
    if (!match) return undefined;
    return authenticated({
      actor: { kind: match.role, id: match.id },
      role: match.role,
      scopes: match.role === 'store' ? { nodes: match.nodes } : {},
      principalId: match.id,
      via: 'env-key',
    });
  };

  return async (credentials) => {
    const secret = credentials.secret;
    if (secret === undefined) {
      if (testRole === undefined) return ANONYMOUS;
      const actor = credentials.testActor ?? { kind: testRole, id: 'test-default' };
      return authenticated({ actor, role: testRole, scopes: {}, principalId: `test:${actor.kind}:${actor.id}`, via: 'test-default' });
    }
    if (secret.length === 0 || secret.length > 512) return INVALID;
    if (isTrackingTokenShaped(secret)) {
      const orderId = await deps.trackingTokens.verify(secret);
      if (orderId === undefined) return UNVERIFIED_TOKEN;
      const id = `order:${orderId}`;
      return authenticated({ actor: { kind: 'customer', id }, role: 'customer', scopes: { orders: [orderId] }, principalId: id, via: 'tracking-token' });
    }
    const env = fromEnv(secret);
    if (env) return env;
    const doc = await deps.apiKeys.verify(secret);
    if (!doc) return INVALID;
    return authenticated({
      actor: { kind: doc.role, id: `key:${doc._id}` },
      role: doc.role,
      scopes: doc.role === 'store' ? { nodes: doc.nodes } : {},
      principalId: `key:${doc._id}`,
      via: 'api-key',
      keyId: doc._id,
    });
  };
}
