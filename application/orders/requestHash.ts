import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';

type Canonicalize = (input: unknown) => string | undefined;
// CommonJS with an ESM-style default typing: under NodeNext take whichever shape arrives at run time.
const loaded = canonicalizeModule as unknown as Canonicalize | { default: Canonicalize };
const canonicalize: Canonicalize = typeof loaded === 'function' ? loaded : loaded.default;

/**
 * Fingerprint of an order request: SHA-256 of its RFC 8785 canonical JSON (key order and
 * whitespace never matter). Recorded on OrderPlaced, so a retry with the same Idempotency-Key is
 * recognised as the same request even when the API's idempotency records have expired.
 */
export const requestHash = (body: unknown): string =>
  `sha256:${createHash('sha256').update(canonicalize(JSON.parse(JSON.stringify(body ?? null))) ?? 'null').digest('hex')}`;
