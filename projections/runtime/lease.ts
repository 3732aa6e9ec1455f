import type { ReadStore } from '../../infrastructure/readstore/readStore.js';

/**
 * A time-bound lease in the read store: when several OMS instances share one EventStoreDB and
 * one MongoDB, each projection and process manager runs in exactly one of them. The holder
 * renews the lease well before it expires; if the holder dies, another instance takes it over
 * once it has expired. Checkpoint fencing (see checkpoints.ts) stops a paused former holder
 * from writing after it lost the lease.
 */
export const LEASES = 'leases';

export type LeaseDocument = { _id: string; owner: string; expiresAt: number; acquiredAt: number };

export type Lease = Readonly<{
  name: string;
  /** Starts trying to hold the lease; calls onAcquired / onLost as ownership changes. */
  start: () => void;
  /** Stops renewing and releases the lease if held. */
  stop: () => Promise<void>;
  isHeld: () => boolean;
}>;

export type LeaseOptions = Readonly<{
  owner: string;
  ttlMs?: number;
  clock?: () => number;
  onAcquired: () => Promise<void> | void;
  onLost: () => Promise<void> | void;
}>;

/** One attempt to take or renew the lease; true when this owner holds it afterwards. */
export const tryAcquire = async (store: ReadStore, name: string, owner: string, now: number, ttlMs: number): Promise<boolean> => {
  const leases = store.collection<LeaseDocument>(LEASES);
  const taken = await leases.updateOne(
    { _id: name, $or: [{ owner }, { expiresAt: { $lt: now } }] },
    { $set: { owner, expiresAt: now + ttlMs }, $setOnInsert: { acquiredAt: now } },
  );
  if (taken.matchedCount === 1) return true;
  try {
    await leases.insertOne({ _id: name, owner, expiresAt: now + ttlMs, acquiredAt: now });
    return true;
  } catch {
    return false; // someone else holds it (duplicate _id)
  }
};

export const createLease = (store: ReadStore, name: string, options: LeaseOptions): Lease => {
  const ttlMs = options.ttlMs ?? 10_000;
  const clock = options.clock ?? Date.now;
  let held = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let transition: Promise<void> = Promise.resolve();

  const tick = async () => {
    if (stopped) return;
    let holds = false;
    try {
      holds = await tryAcquire(store, name, options.owner, clock(), ttlMs);
    } catch {
      holds = false; // the store is unreachable: we cannot prove we hold it, so we don't
    }
    if (stopped) return;
    if (holds && !held) {
      held = true;
      transition = transition.then(() => options.onAcquired());
    } else if (!holds && held) {
      held = false;
      transition = transition.then(() => options.onLost());
    }
    await transition.catch(() => undefined);
    if (!stopped) timer = setTimeout(() => void tick(), Math.max(50, Math.floor(ttlMs / 3)));
  };

  return {
    name,
    isHeld: () => held,
    start: () => {
      if (!stopped) return;
      stopped = false;
      void tick();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await transition.catch(() => undefined);
      if (held) {
        held = false;
        await options.onLost();
        await store
          .collection<LeaseDocument>(LEASES)
          .deleteOne({ _id: name, owner: options.owner })
          .catch(() => undefined);
      }
    },
  };
};
