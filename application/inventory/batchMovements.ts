import { inventoryDecider, inventoryStreamName, type InventoryCommand } from '../../domain/inventory/index.js';
import { DomainError, ValidationError } from '../../domain/shared/errors.js';
import { deriveCommandId } from '../eventIds.js';
import { forEachLimited } from './forEachLimited.js';
import { isStale } from './handleFresh.js';
import { handleInventory } from './inventoryWriter.js';
import { lineCommand, positionSummary, type LineKind, type LineKinds, type PositionSummary } from './inventoryLines.js';
import { findNode, findSku } from './references.js';
import { commandMetadata, outcomeOf, type CommandDeps, type Outcome, type RequestMeta } from './useCaseContext.js';

/** Lines per batch request: a full WMS snapshot of a large DC fits; anything bigger should be split. */
export const MAX_BATCH_LINES = 50_000;
const LISTED_ERRORS = 200;

export type LineError = Readonly<{ line: number; code: string; message: string; field?: string }>;
export type LineResult =
  // `position`: the global position up to which this line is written (a read-your-writes token; lines of one append share it).
  | (PositionSummary & Readonly<{ line: number; outcome: Outcome; position: string | null }>)
  | Readonly<{ line: number; node: string; sku: string; outcome: 'failed'; code: string; message: string }>;

export type BatchResult = Readonly<{
  lines: number;
  applied: number;
  unchanged: number;
  replayed: number;
  /** Lines refused at write time although the batch validated (a concurrent change got there first). */
  failed: number;
  results: readonly LineResult[];
}>;

/** Line i's command id: retrying a batch with the same Idempotency-Key replays it line by line. */
export const lineCommandId = (batchKey: string, index: number): string => deriveCommandId(batchKey, `line-${index}`);

const lineError = (line: number, error: DomainError): LineError => {
  const field = typeof error.details.field === 'string' ? error.details.field : undefined;
  return { line, code: error.code, message: error.message, ...(field === undefined ? {} : { field: `lines[${line}].${field}` }) };
};

/** Decides a stream's lines in order against its current state without writing anything; the refusals. */
const dryRun = async (deps: CommandDeps, stream: string, indices: readonly number[], command: (i: number) => InventoryCommand): Promise<LineError[]> => {
  const loaded = await deps.commands.load(inventoryDecider, stream);
  const refusals: LineError[] = [];
  let state = loaded.state;
  for (const i of indices) {
    const cmd = command(i);
    if (loaded.commandIds.has(cmd.metadata.commandId)) continue; // already applied by an earlier attempt
    try {
      state = inventoryDecider.decide(cmd, state).reduce(inventoryDecider.evolve, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusals.push(lineError(i, error));
    }
  }
  return refusals;
};

/** Line indices per inventory stream, in line order (lines of one position must apply in order). */
const groupByStream = (lines: readonly { node: string; sku: string }[]): Map<string, number[]> => {
  const groups = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const stream = inventoryStreamName(l.node, l.sku);
    const list = groups.get(stream);
    if (list) list.push(i);
    else groups.set(stream, [i]);
  });
  return groups;
};

/**
 * Validates the whole batch first — references exist, and a dry run of every line through the
 * inventory decider against the current state of its position (lines of one position in order)
 * accepts it. Any refused line rejects the batch (422 `BATCH_REJECTED` listing the lines) and
 * nothing is written. Then lines apply with bounded concurrency (one position at a time per
 * stream, `concurrency` positions at once), each as its own command with a derived id.
 */
export const applyBatch = async <K extends LineKind>(
  deps: CommandDeps,
  kind: K,
  lines: readonly LineKinds[K][],
  meta: RequestMeta,
  concurrency = 32,
): Promise<BatchResult> => {
  if (lines.length > MAX_BATCH_LINES) {
    throw new ValidationError('BATCH_TOO_LARGE', `a batch holds at most ${MAX_BATCH_LINES} lines`, { field: 'lines', lines: lines.length });
  }
  const errors: LineError[] = [];
  const nodes = new Map<string, boolean>();
  const skus = new Map<string, boolean>();
  for (const l of lines) {
    if (!nodes.has(l.node)) nodes.set(l.node, (await findNode(deps, l.node)) !== undefined);
    if (!skus.has(l.sku)) skus.set(l.sku, (await findSku(deps, l.sku)) !== undefined);
  }
  lines.forEach((l, i) => {
    if (!nodes.get(l.node)) errors.push({ line: i, code: 'NODE_NOT_FOUND', message: `node ${l.node} is not registered`, field: `lines[${i}].node` });
    if (!skus.get(l.sku)) errors.push({ line: i, code: 'SKU_NOT_FOUND', message: `sku ${l.sku} is not in the catalog`, field: `lines[${i}].sku` });
  });
  const groups = groupByStream(lines);
  const command = (i: number) => lineCommand(kind, lines[i]!, commandMetadata(meta, lineCommandId(meta.commandId, i)));
  for (const [stream, indices] of groups) {
    if (indices.some((i) => !nodes.get(lines[i]!.node) || !skus.get(lines[i]!.sku))) continue;
    let refusals = await dryRun(deps, stream, indices, command);
    // A refusal on a cached state counts only once the cache is known current (see handleFresh).
    if (refusals.length > 0 && (await isStale(deps, stream))) {
      deps.commands.cache.delete(stream);
      refusals = await dryRun(deps, stream, indices, command);
    }
    errors.push(...refusals);
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    const invalidLines = new Set(errors.map((e) => e.line)).size;
    throw new ValidationError('BATCH_REJECTED', `${invalidLines} of ${lines.length} lines are invalid; nothing was written`, {
      invalidLines, errors: errors.slice(0, LISTED_ERRORS), truncated: errors.length > LISTED_ERRORS,
    });
  }

  const results: LineResult[] = new Array(lines.length);
  await forEachLimited([...groups.entries()], concurrency, async ([stream, indices]) => {
    // Queued in line order on the stream's writer, which decides and appends them in groups.
    await Promise.all(indices.map(async (index) => {
      const { node, sku } = lines[index]!;
      try {
        const r = await handleInventory(deps, stream, command(index));
        const outcome = outcomeOf(r);
        results[index] = { line: index, ...positionSummary(node, sku, r.state), outcome, position: outcome === 'applied' ? r.position?.toString() ?? null : null };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results[index] = { line: index, node, sku, outcome: 'failed', code: error.code, message: error.message };
      }
    }));
  });
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  return { lines: lines.length, applied: count('applied'), unchanged: count('unchanged'), replayed: count('replayed'), failed: count('failed'), results };
};
