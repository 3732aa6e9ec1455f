import { DomainError } from '../../domain/shared/errors.js';
import { EventStoreError } from '../../infrastructure/eventstore/errors.js';
import { ReadStoreError } from '../../infrastructure/readstore/readStore.js';
import { PaymentGatewayError } from './paymentGateway.js';

/**
 * How the runtime treats a failure while handling an event:
 * - `transient`: the store or the gateway is unreachable, or a conflict outlived the command
 *   handler's own retries. Retried with backoff for as long as it takes (nothing after this event
 *   can be handled correctly meanwhile, and it heals by itself).
 * - `rejected`: a business rule refused a command (typed domain error) or the gateway refused the
 *   operation. Deterministic: retrying changes nothing, so the event is recorded as a poison event
 *   and the process moves on.
 * - `unexpected`: anything else (a bug, a malformed event). Retried a few times, then recorded.
 */
export type FailureKind = 'transient' | 'rejected' | 'unexpected';

export const classifyFailure = (error: unknown): FailureKind => {
  if (error instanceof StepFailures) return error.failures.some((f) => classifyFailure(f.error) === 'transient') ? 'transient' : 'rejected';
  if (error instanceof DomainError) return 'rejected';
  if (error instanceof EventStoreError || error instanceof ReadStoreError || error instanceof PaymentGatewayError) {
    return error.retriable ? 'transient' : 'rejected';
  }
  return 'unexpected';
};

export const errorCode = (error: unknown): string => {
  if (error instanceof StepFailures) return error.failures.map((f) => `${f.step}:${errorCode(f.error)}`).join(',');
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'UNKNOWN';
};

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Several independent steps of one reaction failed (e.g. the capture went through but a stock
 * consumption was refused). Steps run to the end so one refusal never blocks the others; the
 * failures are reported together.
 */
export class StepFailures extends Error {
  constructor(readonly failures: readonly Readonly<{ step: string; error: unknown }>[]) {
    super(failures.map((f) => `${f.step}: ${errorMessage(f.error)}`).join('; '));
    this.name = 'StepFailures';
  }
}

type Step = Readonly<{ step: string; run: () => Promise<unknown> }>;

const throwFailures = (failures: readonly { step: string; error: unknown }[]): void => {
  if (failures.length === 1) throw failures[0]!.error;
  if (failures.length > 1) throw new StepFailures(failures);
};

/** Runs every step; throws a StepFailures listing the ones that failed (transient ones first re-thrown as is). */
export const runSteps = async (steps: readonly Step[]): Promise<void> => {
  const failures: { step: string; error: unknown }[] = [];
  for (const s of steps) {
    try {
      await s.run();
    } catch (error) {
      failures.push({ step: s.step, error });
    }
  }
  throwFailures(failures);
};

/**
 * Like runSteps, for independent steps (commands on different streams, or serialised per stream
 * by the command handler): started together, so their appends share a group commit instead of
 * one commit each. Failures are reported in step order once every step has finished.
 */
export const runStepsConcurrently = async (steps: readonly Step[]): Promise<void> => {
  const settled = await Promise.allSettled(steps.map((s) => s.run()));
  throwFailures(settled.flatMap((r, i) => (r.status === 'rejected' ? [{ step: steps[i]!.step, error: r.reason as unknown }] : [])));
};
