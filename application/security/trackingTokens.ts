import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Customer access: an order's tracking token, `trk_<base64url(orderId)>_<mac>` with
 * mac = HMAC-SHA256(installation secret, orderId). Verifying needs no lookup, so a token works the
 * moment the order is accepted, on every instance. The secret lives in the key store
 * (`tracking-token` secret); rotating it invalidates every token issued so far.
 *
 * Orders keep `trackingTokenHash` (`trackingTokenHash(token)`) so support can tell which token a
 * customer holds without storing the token itself.
 */

export const TRACKING_SECRET_NAME = 'tracking-token';
const TOKEN_SHAPE = /^trk_([A-Za-z0-9_-]{1,200})_([A-Za-z0-9_-]{43})$/;
const ORDER_ID = /^[A-Za-z0-9._:@~-]{1,128}$/;

export type TrackingTokens = Readonly<{
  issue: (orderId: string) => Promise<string>;
  /** The order a token grants access to, or undefined when the token is not genuine. */
  verify: (token: string) => Promise<string | undefined>;
}>;

export const isTrackingTokenShaped = (value: string): boolean => value.startsWith('trk_');

export const trackingTokenHash = (token: string): string => `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`;

const mac = (secret: Buffer, orderId: string): Buffer => createHmac('sha256', secret).update(`oms-tracking:v1:${orderId}`, 'utf8').digest();

export function createTrackingTokens(secret: () => Promise<Buffer>): TrackingTokens {
  return {
    issue: async (orderId) => {
      if (!ORDER_ID.test(orderId)) throw new Error(`cannot issue a tracking token for order id "${orderId}"`);
      return `trk_${Buffer.from(orderId, 'utf8').toString('base64url')}_${mac(await secret(), orderId).toString('base64url')}`;
    },
    verify: async (token) => {
      const m = TOKEN_SHAPE.exec(token);
      if (!m) return undefined;
      const orderId = Buffer.from(m[1]!, 'base64url').toString('utf8');
      if (!ORDER_ID.test(orderId)) return undefined;
      const given = Buffer.from(m[2]!, 'base64url');
      const expected = mac(await secret(), orderId);
      return given.length === expected.length && timingSafeEqual(given, expected) ? orderId : undefined;
    },
  };
}
