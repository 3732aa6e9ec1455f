import { DomainError } from '../../domain/shared/errors.js';
import { shadowCompare, sourceOrder, type RuleSet, type ShadowDiff, type SourcingDecision, type SourcingInput } from '../../domain/sourcing/index.js';
import { summarizeShadow, type ShadowSummary } from '../../domain/sourcing/ruleSets/index.js';
import type { Document, ReadStore } from '../../infrastructure/readstore/readStore.js';

/**
 * Shadow sourcing: after a placement, the candidate rule set decides the same order on the very
 * input the live decision saw (network, availability snapshot, cost model) and the difference is
 * written to `sourcing_shadow`. It runs on a later turn of the event loop, after the response,
 * so placement latency does not change; it is pure (no reservations) and never touches the order.
 *
 * Why not a projection over OrderPlaced: the event records the decisions, not the availability
 * snapshot they were taken on, so a projection could only re-source against today's stock and
 * would compare two different questions. The price of doing it in-process is durability: a crash
 * between the response and the comparison loses that order's comparison (evidence, not state).
 */
export const SHADOW_COLLECTION = 'sourcing_shadow';
/** Comparisons waiting at once beyond which new ones are dropped (counted): shadow work must never pile up under load. */
export const MAX_PENDING_SHADOWS = 1_000;

export type ShadowDocument = Document & Readonly<{
  orderId: string;
  at: string;
  live: string;
  candidate: string;
  diff?: ShadowDiff;
  promisedLeadDays?: Readonly<{ live: number | null; candidate: number | null }>;
  /** The candidate could not decide this order (its error code): counted, never hidden. */
  error?: string;
}>;

/** `input` is built only when the job runs (it costs an availability index), off the request's path. */
export type ShadowJob = Readonly<{
  input: () => SourcingInput;
  live: SourcingDecision;
  candidate: RuleSet;
  at: string;
  /** Promised lead (days) if the order shipped from these nodes; null when none can be promised. */
  leadDays?: (nodes: readonly string[]) => number | null;
}>;

type Tracker = { pending: Set<Promise<void>>; dropped: number };
const trackers = new WeakMap<ReadStore, Tracker>();
const trackerOf = (store: ReadStore): Tracker => {
  let t = trackers.get(store);
  if (!t) trackers.set(store, (t = { pending: new Set(), dropped: 0 }));
  return t;
};

export const ruleSetRef = (r: Pick<RuleSet, 'id' | 'version'>): string => `${r.id}@${r.version}`;

/** The comparison document of one job (pure apart from the candidate's own errors, which are recorded). */
export const compareJob = (job: ShadowJob): ShadowDocument => {
  const base = { _id: `${job.live.orderId ?? ''}|${ruleSetRef(job.candidate)}`, orderId: job.live.orderId ?? '', at: job.at, live: `${job.live.ruleSetId}@${job.live.ruleSetVersion}`, candidate: ruleSetRef(job.candidate) };
  try {
    const decision = sourceOrder({ ...job.input(), ruleSet: job.candidate });
    const diff = shadowCompare(job.live, decision);
    const lead = job.leadDays;
    return { ...base, diff, ...(lead ? { promisedLeadDays: { live: lead(diff.nodes.live), candidate: lead(diff.nodes.candidate) } } : {}) };
  } catch (error) {
    if (error instanceof DomainError) return { ...base, error: error.code };
    throw error;
  }
};

/** Queues the comparison; returns at once. `onError` hears of store failures (the order is unaffected). */
export const scheduleShadow = (readStore: ReadStore, job: ShadowJob, onError: (error: unknown) => void = () => {}): void => {
  const tracker = trackerOf(readStore);
  if (tracker.pending.size >= MAX_PENDING_SHADOWS) {
    tracker.dropped += 1;
    return;
  }
  const run: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(async () => {
      const doc = compareJob(job);
      await readStore.collection<ShadowDocument>(SHADOW_COLLECTION).replaceOne({ _id: doc._id }, doc, { upsert: true });
    })
    .catch(onError)
    .finally(() => tracker.pending.delete(run));
  tracker.pending.add(run);
};

/** Waits for the comparisons queued so far (reads after a placement see its comparison; tests; shutdown). */
export const shadowSettled = async (readStore: ReadStore): Promise<void> => {
  const tracker = trackerOf(readStore);
  while (tracker.pending.size > 0) await Promise.all([...tracker.pending]);
};

export type ShadowReport = ShadowSummary & Readonly<{ candidateErrors: number; dropped: number }>;

/** The summary of every comparison recorded for `candidate` (a `ruleSetRef`). */
export const shadowReport = async (readStore: ReadStore, candidate: string | null, maxSamples = 10): Promise<ShadowReport> => {
  await shadowSettled(readStore);
  const docs = candidate === null ? [] : await readStore.collection<ShadowDocument>(SHADOW_COLLECTION).find({ candidate });
  const records = docs.flatMap((d) => (d.diff ? [{ orderId: d.orderId, at: d.at, diff: d.diff, ...(d.promisedLeadDays ? { promisedLeadDays: d.promisedLeadDays } : {}) }] : []));
  return { ...summarizeShadow(candidate, records, maxSamples), candidateErrors: docs.filter((d) => d.error !== undefined).length, dropped: trackerOf(readStore).dropped };
};
