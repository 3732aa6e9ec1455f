/**
 * Personal data as the domain sees it: an opaque blob sealed per customer outside the domain
 * (application/privacy/piiVault.ts, AES-256-GCM with the customer's own key). Events carry it
 * instead of clear names and street addresses, so forgetting a customer (destroying the key)
 * erases them everywhere while the events stay replayable. The domain never opens it.
 */
export type SealedPersonalData = Readonly<{ v: 1; alg: string; keyId: string; iv: string; ciphertext: string; tag: string }>;
