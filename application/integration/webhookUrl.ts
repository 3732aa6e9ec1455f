import { BadRequestError, ValidationError } from '../../domain/shared/errors.js';

/**
 * Which webhook destinations are accepted: absolute http(s) URLs without credentials or
 * fragments, at most 2,048 characters.
 *
 * SECURITY SEAM (SSRF): destinations are not yet screened for private, loopback or link-local
 * addresses (the local test receivers listen on 127.0.0.1). Destination screening — resolving the
 * host and refusing internal ranges, re-checked at delivery time against DNS rebinding — belongs
 * in `assertDeliverable`, which runs both when a subscription is created and before every
 * delivery. Redirects are never followed (a 3xx is a failed delivery), so a receiver cannot
 * bounce a delivery elsewhere.
 */
export const MAX_URL_LENGTH = 2048;

export const parseWebhookUrl = (text: string): URL => {
  const bad = (detail: string) => new ValidationError('INVALID_WEBHOOK_URL', `url ${detail}`, { field: 'url' });
  if (text.length > MAX_URL_LENGTH) throw bad(`must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadRequestError('INVALID_WEBHOOK_URL', 'url must be an absolute http(s) URL', { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('must use http or https');
  if (url.username !== '' || url.password !== '') throw bad('must not carry credentials (user:password@); authenticate the payload with the signing secret instead');
  if (url.hash !== '') throw bad('must not have a fragment');
  if (url.hostname === '') throw bad('must name a host');
  return url;
};

/** The one place destination policy is enforced (creation and every delivery). See the SSRF note above. */
export const assertDeliverable = (text: string): URL => parseWebhookUrl(text);
