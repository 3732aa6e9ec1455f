import type { EventStore, GlobalPosition } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore, ReadStoreTransaction } from '../../infrastructure/readstore/readStore.js';
import { readCheckpoint } from '../../projections/runtime/checkpoints.js';
import { projectionCollections, type Projection } from '../../projections/runtime/projection.js';
import { createProjectionRunner, processorId } from '../../projections/runtime/projectionRunner.js';
import { boundedEventStore } from './boundedEventStore.js';
import { differingIds, digestDocuments, type CollectionDigest } from './canonicalDigest.js';

/**
 * `oms verify replay`: proves every read model is exactly a function of the event log. Each
 * projection is rebuilt from an empty store with the real projection runner, up to the very
 * position the live projection's checkpoint records (so a live projection that is ahead or
 * behind the log's head cannot raise a false alarm), and each collection's canonical SHA-256
 * digest is compared with the live one. The live documents and checkpoints are read in one
 * read-store transaction, so they belong together even while the live projections keep running.
 */
export type ReplayRow = Readonly<{
  projection: string;
  processor: string;
  collection: string;
  /** The live checkpoint the rebuild stopped at (null: the live projection has never run). */
  position: string | null;
  live: Readonly<{ documents: number; sha256: string }>;
  rebuilt: Readonly<{ documents: number; sha256: string }>;
  match: boolean;
  /** Some of the documents that differ (empty when the digests match). */
  differingIds: readonly string[];
}>;

export type ReplayReport = Readonly<{ ok: boolean; differences: number; rows: readonly ReplayRow[]; durationMs: number }>;

export type VerifyReplayOptions = Readonly<{
  /** Longest a single projection's rebuild may take (default 1 h). */
  timeoutMs?: number;
  batchSize?: number;
  onProgress?: (projection: string, phase: 'rebuilding' | 'done') => void;
}>;

type LiveSnapshot = { projection: Projection; checkpoint: GlobalPosition | undefined; digests: Map<string, CollectionDigest> };

const snapshotLive = (live: ReadStore, projections: readonly Projection[]): Promise<LiveSnapshot[]> =>
  live.withTransaction(async (tx: ReadStoreTransaction) => {
    const out: LiveSnapshot[] = [];
    for (const projection of projections) {
      const digests = new Map<string, CollectionDigest>();
      for (const name of projectionCollections(projection)) digests.set(name, digestDocuments(await tx.collection(name).find({})));
      out.push({ projection, checkpoint: await readCheckpoint(tx, processorId(projection)), digests });
    }
    return out;
  });

/** Runs the projection's real runner over the log up to `until` into `scratch`. */
export const rebuildUpTo = async (
  eventStore: EventStore,
  scratch: ReadStore,
  projection: Projection,
  until: GlobalPosition,
  options: VerifyReplayOptions = {},
): Promise<void> => {
  let reject: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, r) => (reject = r));
  failed.catch(() => undefined); // a late error after the race is settled must not go unhandled
  const runner = createProjectionRunner(boundedEventStore(eventStore, until), scratch, projection, {
    batchSize: options.batchSize ?? 1000,
    // A scratch rebuild has nothing to wait for: any error is the answer.
    onError: (_processor, error) => reject(error),
  });
  await runner.start();
  try {
    await Promise.race([runner.waitFor(until, options.timeoutMs ?? 3_600_000), failed]);
  } finally {
    await runner.stop();
  }
};

export const verifyReplay = async (
  eventStore: EventStore,
  live: ReadStore,
  scratch: ReadStore,
  projections: readonly Projection[],
  options: VerifyReplayOptions = {},
): Promise<ReplayReport> => {
  const started = Date.now();
  const snapshot = await snapshotLive(live, projections);
  const rows: ReplayRow[] = [];
  for (const { projection, checkpoint, digests } of snapshot) {
    options.onProgress?.(projection.name, 'rebuilding');
    if (checkpoint !== undefined) await rebuildUpTo(eventStore, scratch, projection, checkpoint, options);
    for (const [collection, liveDigest] of digests) {
      const rebuilt = digestDocuments(await scratch.collection(collection).find({}));
      const match = rebuilt.sha256 === liveDigest.sha256;
      rows.push({
        projection: projection.name,
        processor: processorId(projection),
        collection,
        position: checkpoint?.toString() ?? null,
        live: { documents: liveDigest.documents, sha256: liveDigest.sha256 },
        rebuilt: { documents: rebuilt.documents, sha256: rebuilt.sha256 },
        match,
        differingIds: match ? [] : differingIds(liveDigest, rebuilt),
      });
    }
    options.onProgress?.(projection.name, 'done');
  }
  const differences = rows.filter((r) => !r.match).length;
  return { ok: differences === 0, differences, rows, durationMs: Date.now() - started };
};

/** The report as a table for the terminal. */
export const formatReplayReport = (report: ReplayReport): string => {
  const header = `${'collection'.padEnd(34)} ${'checkpoint'.padStart(10)} ${'live'.padStart(8)} ${'rebuilt'.padStart(8)}  ${'live sha256'.padEnd(16)} ${'rebuilt sha256'.padEnd(16)} result`;
  const lines = report.rows.map((r) =>
    `${r.collection.padEnd(34)} ${(r.position ?? 'never').padStart(10)} ${String(r.live.documents).padStart(8)} ${String(r.rebuilt.documents).padStart(8)}  ` +
    `${r.live.sha256.slice(0, 16)} ${r.rebuilt.sha256.slice(0, 16)} ${r.match ? 'OK' : `DIFFERENT (${r.differingIds.join(', ')})`}`);
  const verdict = report.ok
    ? `verify replay: OK — ${report.rows.length} collection(s) identical to a rebuild from the log (${report.durationMs} ms)`
    : `verify replay: FAILED — ${report.differences} of ${report.rows.length} collection(s) differ from a rebuild from the log`;
  return [header, ...lines, verdict].join('\n');
};
