import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { TrackingTokenStatus } from './trackingTokenStatus.js';

/**
 * Customer access: an order's tracking token. Two shapes, both valid:
 *
 * - generation 0, issued at placement: `trk_<base64url(orderId)>_<mac>`,
 *   mac = HMAC-SHA256(secret, `oms-tracking:v1:<orderId>`) (the original format: links already
 *   sent keep working);
 * - generation n ≥ 1, re-issued by staff: `trk_<base64url(orderId)>.<n>_<mac>`,
 *   mac = HMAC-SHA256(secret, `oms-tracking:v2:<orderId>:<n>`) ('.' is not base64url: unambiguous).
 *
 * A token opens its order only while it is the order's current generation and not revoked
 * (`OrderTrackingTokenIssued` / `OrderTrackingTokenRevoked` on the order stream, read through
 * `TrackingTokenStatus`, cached briefly). The secret lives in the key store (`tracking-token`
 * secret); rotating it still invalidates every token at once.
 *
 * Orders keep `trackingTokenHash` (`trackingTokenHash(token)`) of the current token so support
 * can tell which token a customer holds without storing the token itself.
 */

export const TRACKING_SECRET_NAME = 'tracking-token';
const V1_SHAPE = /^trk_([A-Za-z0-9_-]{1,200})_([A-Za-z0-9_-]{43})$/;
const V2_SHAPE = /^trk_([A-Za-z0-9_-]{1,200})\.([1-9][0-9]{0,8})_([A-Za-z0-9_-]{43})$/;
const ORDER_ID = /^[A-Za-z0-9._:@~-]{1,128}$/;

export type TrackingTokens = Readonly<{
  /** The token of `generation` (default 0, the placement token) — deterministic, so it can be shown again on a replay. */
  issue: (orderId: string, generation?: number) => Promise<string>;
  /** The order a token opens, or undefined when it is not genuine, superseded or revoked. */
  verify: (token: string) => Promise<string | undefined>;
  /** After this instance revoked or re-issued an order's token: stop trusting the cached generation. */
  forget: (orderId: string) => void;
}>;

export const isTrackingTokenShaped = (value: string): boolean => value.startsWith('trk_');

export const trackingTokenHash = (token: string): string => `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;

const mac = (secret: Buffer, orderId: string, generation: number): Buffer =>
  createHmac('sha256', secret).update(generation === 0 ? `oms-tracking:v1:${orderId}` : `oms-tracking:v2:${orderId}:${generation}`, 'utf8').digest();

type Parsed = Readonly<{ orderId: string; generation: number; mac: Buffer }>;

const parse = (token: string): Parsed | undefined => {
  const v2 = V2_SHAPE.exec(token);
  const v1 = v2 ? null : V1_SHAPE.exec(token);
  const m = v2 ?? v1;
  if (!m) return undefined;
  const orderId = Buffer.from(m[1]!, 'base64url').toString('utf8');
  if (!ORDER_ID.test(orderId)) return undefined;
  return v2 ? { orderId, generation: Number(v2[2]), mac: Buffer.from(v2[3]!, 'base64url') } : { orderId, generation: 0, mac: Buffer.from(v1![2]!, 'base64url') };
};

export function createTrackingTokens(secret: () => Promise<Buffer>, status: TrackingTokenStatus): TrackingTokens {
  return {
    issue: async (orderId, generation = 0) => {
      if (!ORDER_ID.test(orderId)) throw new Error(`cannot issue a tracking token for order id "${orderId}"`);
      if (!Number.isSafeInteger(generation) || generation < 0 || generation > 999_999_999) throw new Error(`invalid tracking token generation ${generation}`);
      const id = Buffer.from(orderId, 'utf8').toString('base64url');
      return `trk_${id}${generation === 0 ? '' : `.${generation}`}_${mac(await secret(), orderId, generation).toString('base64url')}`;
    },
    verify: async (token) => {
      const parsed = parse(token);
      if (!parsed) return undefined;
      const expected = mac(await secret(), parsed.orderId, parsed.generation);
      const genuine = parsed.mac.length === expected.length && timingSafeEqual(parsed.mac, expected);
      // The order's token state is read whether or not the mac holds, so a forged token costs what
      // a revoked one does: the answer time does not tell "never genuine" from "no longer valid".
      const current = await status.current(parsed.orderId);
      return genuine && current.generation === parsed.generation && !current.revoked ? parsed.orderId : undefined;
    },
    forget: (orderId) => status.forget(orderId),
  };
}
