import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { Document } from '../../infrastructure/readstore/readStore.js';

/**
 * Canonical digest of a read-model collection: SHA-256 over the RFC 8785 (JCS) canonical JSON of
 * its documents sorted by `_id` (code-point order, computed here so MongoDB and the embedded store
 * agree). Key order, whitespace and number formatting cannot change the digest; any difference
 * in any field of any document does. No field is excluded: projections must be pure functions of
 * the log, so a rebuild reproduces every field, timestamps included (they come from events).
 */
type Canonicalize = (input: unknown) => string | undefined;
// canonicalize is CommonJS with an ESM-style `export default` typing: under NodeNext the default
// import is the function at run time but typed as the module object, so take whichever it is.
const loaded = canonicalizeModule as unknown as Canonicalize | { default: Canonicalize };
const canonicalize: Canonicalize = typeof loaded === 'function' ? loaded : loaded.default;

export const compareIds = (a: string, b: string): number => {
  // Code-point order (not UTF-16 code units), the order canonical JSON itself uses for keys.
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
};

export type CollectionDigest = Readonly<{
  documents: number;
  sha256: string;
  /** SHA-256 of each document's canonical JSON, by _id: tells which documents differ. */
  perDocument: ReadonlyMap<string, string>;
}>;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const digestDocuments = (documents: readonly Document[]): CollectionDigest => {
  const sorted = [...documents].sort((a, b) => compareIds(a._id, b._id));
  const hash = createHash('sha256');
  const perDocument = new Map<string, string>();
  // Streaming the array's canonical text equals hashing canonicalize(sorted) in one piece.
  hash.update('[');
  sorted.forEach((doc, i) => {
    const text = canonicalize(doc) ?? 'null';
    if (i > 0) hash.update(',');
    hash.update(text);
    perDocument.set(doc._id, sha256(text));
  });
  hash.update(']');
  return { documents: sorted.length, sha256: hash.digest('hex'), perDocument };
};

/** Ids that differ between two digests: in one only, or with different content (sorted, bounded). */
export const differingIds = (live: CollectionDigest, rebuilt: CollectionDigest, max = 20): string[] => {
  const ids = new Set([...live.perDocument.keys(), ...rebuilt.perDocument.keys()]);
  return [...ids].filter((id) => live.perDocument.get(id) !== rebuilt.perDocument.get(id)).sort(compareIds).slice(0, max);
};
