import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: `X-OMS-Signature: sha256=<hex HMAC-SHA256 of the raw request body>` with the
 * subscription's secret. Receivers recompute it over the bytes they received (before parsing) and
 * compare in constant time; `verifyWebhookSignature` is the reference implementation.
 */
export const SIGNATURE_HEADER = 'x-oms-signature';

export const signWebhookBody = (secret: string, body: string | Buffer): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export const verifyWebhookSignature = (secret: string, body: string | Buffer, header: string | undefined): boolean => {
  if (header === undefined) return false;
  const expected = Buffer.from(signWebhookBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

/** A fresh secret when the subscriber gives none: 32 random bytes, hex. */
export const generateWebhookSecret = (): string => `whsec_${randomBytes(32).toString('hex')}`;
