import type { Actor, CommandMetadata } from '../../domain/shared/decider.js';
import { deriveCommandId } from '../eventIds.js';

/**
 * Who sends a returns command, when, and under which Idempotency-Key (scoped to the caller, as
 * for orders). Code callers (an importer) pass any stable key per source record: every id the
 * use case derives (return id, refund id, event ids) follows from it, so a re-run writes nothing twice.
 */
export type ReturnCommandMeta = Readonly<{ idempotencyKey: string; keyScope: string; now: string; actor: Actor; reason?: string }>;

export const scopedKey = (meta: ReturnCommandMeta): string => `${meta.keyScope}\n${meta.idempotencyKey}`;

export const commandIdOf = (meta: ReturnCommandMeta, purpose: string): string => deriveCommandId(scopedKey(meta), purpose);

export const metadataOf = (meta: ReturnCommandMeta, purpose: string, correlationId: string): CommandMetadata => ({
  now: meta.now,
  commandId: commandIdOf(meta, purpose),
  actor: meta.actor,
  correlationId,
  ...(meta.reason ? { reason: meta.reason } : {}),
});

/** The return id an Idempotency-Key stands for: a retried request finds the return it created. */
export const returnIdFor = (meta: ReturnCommandMeta, prefix = 'ret'): string => `${prefix}-${commandIdOf(meta, 'return-id')}`;
