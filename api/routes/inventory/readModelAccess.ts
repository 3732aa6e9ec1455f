import type { RequestMeta } from '../../../application/inventory/useCaseContext.js';
import type { Document, ReadCollection } from '../../../infrastructure/readstore/readStore.js';
import { readCheckpoint } from '../../../projections/runtime/checkpoints.js';
import { physicalName, type Projection } from '../../../projections/runtime/projection.js';
import { activeVersion } from '../../../projections/runtime/projectionRegistry.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import type { RouteContext } from '../../http/route.js';

/** Command metadata from the request edge: its clock reading, its Idempotency-Key, its actor. */
export const requestMeta = (ctx: RouteContext<object, object, object>): RequestMeta => ({
  now: ctx.now,
  commandId: ctx.idempotencyKey ?? ctx.requestId,
  actor: ctx.actor,
  correlationId: ctx.requestId,
});

const versions = new WeakMap<object, Map<string, { version: number; at: number }>>();

/**
 * A logical collection of a projection at its active version (blue/green aware), cached for a
 * second per store like `createReadModels` does; falls back to the version in code.
 */
export const projectionCollection = async <D extends Document>(oms: OmsContext, projection: Pick<Projection, 'name' | 'version'>, logical: string): Promise<ReadCollection<D>> => {
  let cache = versions.get(oms.readStore);
  if (!cache) versions.set(oms.readStore, (cache = new Map()));
  const hit = cache.get(projection.name);
  const now = Date.now();
  let version = hit && now - hit.at < 1000 ? hit.version : undefined;
  if (version === undefined) {
    version = (await activeVersion(oms.readStore, projection.name)) ?? projection.version;
    cache.set(projection.name, { version, at: now });
  }
  return oms.readStore.collection<D>(physicalName(logical, version));
};

/**
 * Read-your-writes on request: waits (bounded) until the projection has applied `position`. Uses
 * the local runner when this instance runs the projection, else polls its checkpoint.
 */
export const waitForProjection = async (oms: OmsContext, projection: Pick<Projection, 'name' | 'version'>, position: string | undefined, timeoutMs = 2000) => {
  if (position === undefined) return;
  const target = BigInt(position);
  const runner = oms.projections.runner(projection.name);
  if (runner) return runner.waitFor(target, timeoutMs).catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const at = await readCheckpoint(oms.readStore, physicalName(projection.name, projection.version));
    if (at !== undefined && at >= target) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
