import type { StreamMetadata as EsdbStreamMetadata } from '@eventstore/db-client';
import { InvalidAppendError } from '../errors.js';
import type { JsonValue, StreamMetadata } from '../eventStore.js';

/**
 * Port metadata ↔ EventStoreDB stream metadata (`$$<stream>`, `$metadata` events). The client
 * maps `maxAge`/`maxCount`/`truncateBefore`/`cacheControl`/`acl` to `$maxAge`/... and passes every
 * other key through at the top level, which is where EventStoreDB keeps custom metadata.
 */
const RESERVED = new Set(['maxAge', 'maxCount', 'truncateBefore', 'cacheControl', 'acl']);

/**
 * Soft delete writes `$tb = Int64.MaxValue`; JSON.parse turns it into 2^63. Anything past 2^53
 * is not a revision the port could have set, so it is treated as that "deleted" marker.
 */
const DELETED_MARKER = 2 ** 53;

export function toEsdbMetadata(metadata: StreamMetadata): EsdbStreamMetadata {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata.custom ?? {})) {
    if (RESERVED.has(key) || key.startsWith('$')) {
      throw new InvalidAppendError(`custom stream metadata key ${key} is reserved by EventStoreDB`);
    }
    out[key] = value;
  }
  if (metadata.maxAge !== undefined) out.maxAge = metadata.maxAge;
  if (metadata.maxCount !== undefined) out.maxCount = metadata.maxCount;
  if (metadata.truncateBefore !== undefined) {
    if (metadata.truncateBefore < 0n || metadata.truncateBefore > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new InvalidAppendError(`truncateBefore ${metadata.truncateBefore} is out of range`);
    }
    // The client validates with Number.isInteger, which rejects bigint.
    out.truncateBefore = Number(metadata.truncateBefore);
  }
  return out as EsdbStreamMetadata;
}

export function fromEsdbMetadata(metadata: EsdbStreamMetadata): StreamMetadata {
  const custom: Record<string, JsonValue> = {};
  let result: { -readonly [K in keyof StreamMetadata]: StreamMetadata[K] } = {};
  for (const [key, value] of Object.entries(metadata as Record<string, unknown>)) {
    if (key === 'maxAge' && typeof value === 'number') result.maxAge = value;
    else if (key === 'maxCount' && typeof value === 'number') result.maxCount = value;
    else if (key === 'truncateBefore' && typeof value === 'number') {
      if (value < DELETED_MARKER) result.truncateBefore = BigInt(Math.trunc(value));
    } else if (!RESERVED.has(key) && !key.startsWith('$')) custom[key] = value as JsonValue;
  }
  if (Object.keys(custom).length > 0) result = { ...result, custom };
  return result;
}
