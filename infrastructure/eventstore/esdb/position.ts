import type { GlobalPosition, StreamRevision } from '../eventStore.js';

/**
 * EventStoreDB `$all` positions are pairs `{ commit, prepare }` of 64-bit log positions, ordered
 * lexicographically (commit first, then prepare). The port wants ONE ordered bigint, so we pack
 * the pair as `(commit << 64n) | prepare`:
 *
 * - the order of encoded values is exactly the server's (commit, prepare) order, so "strictly
 *   after" stays exact even where several records share a commit position (legacy explicit
 *   transactions) or where the server hands out checkpoints like `(nextRecord, 0)` that sit
 *   between two events;
 * - decoding is lossless, so a stored checkpoint resumes at the very position the server gave.
 *
 * Events appended over gRPC have commit == prepare (the server reads them back as
 * `TFPos(LogPosition, LogPosition)`), so a typical position is `p * 2^64 + p`. START (0n) decodes
 * to (0, 0), which precedes every record. Positions are not gap-free.
 */
export type EsdbPosition = Readonly<{ commit: bigint; prepare: bigint }>;

const U64 = (1n << 64n) - 1n;

export function encodePosition(position: EsdbPosition): GlobalPosition {
  const commit = assertBigint(position.commit, 'commit position');
  const prepare = assertBigint(position.prepare, 'prepare position');
  if (commit < 0n || commit > U64 || prepare < 0n || prepare > U64) {
    throw new RangeError(`EventStoreDB position out of range: ${commit}/${prepare}`);
  }
  return (commit << 64n) | prepare;
}

export function decodePosition(position: GlobalPosition): EsdbPosition {
  if (position < 0n || position >> 128n !== 0n) throw new RangeError(`not an EventStoreDB position: ${position}`);
  return { commit: position >> 64n, prepare: position & U64 };
}

/**
 * Guard at the client boundary: a client version once returned `number` where its types promised
 * `bigint` (kurrent-io/KurrentDB-Client-NodeJS#423, #513); a silent number would lose precision
 * past 2^53 and break `===` against bigints. Fail loudly instead.
 */
export function assertBigint(value: unknown, what: string): bigint {
  if (typeof value !== 'bigint') {
    throw new TypeError(`EventStoreDB client returned ${typeof value} for ${what}, expected bigint`);
  }
  return value;
}

export const assertRevision = (value: unknown): StreamRevision => assertBigint(value, 'stream revision');
