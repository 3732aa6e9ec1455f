import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { errorCode, errorMessage, type FailureKind } from './processErrors.js';

/**
 * Poison events: events a process could not handle, recorded (not dropped) so an operator sees
 * them and can replay them once the cause is fixed. One document per (processor, event).
 */
export const PROCESS_FAILURES = 'process_failures';

export type ProcessFailureDocument = {
  _id: string;
  processor: string;
  eventId: string;
  eventType: string;
  streamName: string;
  revision: string;
  position: string;
  kind: FailureKind;
  code: string;
  message: string;
  attempts: number;
  status: 'failed' | 'resolved';
  firstFailedAt: string;
  lastFailedAt: string;
  resolvedAt?: string;
};

export const failureId = (processor: string, eventId: string): string => `${processor}:${eventId}`;

export const recordFailure = async (
  store: ReadStore, processor: string, event: RecordedEvent, kind: FailureKind, error: unknown, attempts: number, now: string,
): Promise<void> => {
  await store.collection<ProcessFailureDocument>(PROCESS_FAILURES).updateOne(
    { _id: failureId(processor, event.id) },
    {
      $set: { kind, code: errorCode(error), message: errorMessage(error).slice(0, 2000), status: 'failed', lastFailedAt: now },
      $inc: { attempts },
      $setOnInsert: {
        processor, eventId: event.id, eventType: event.type, streamName: event.streamName,
        revision: event.revision.toString(), position: event.position.toString(), firstFailedAt: now,
      },
    },
    { upsert: true },
  );
};

export const markResolved = async (store: ReadStore, id: string, now: string): Promise<void> => {
  await store.collection<ProcessFailureDocument>(PROCESS_FAILURES).updateOne({ _id: id }, { $set: { status: 'resolved', resolvedAt: now } });
};

/** Open failures in log order (positions are decimal strings: compared as bigints, not text). */
export const openFailures = async (store: ReadStore, processor?: string): Promise<ProcessFailureDocument[]> => {
  const docs = await store.collection<ProcessFailureDocument>(PROCESS_FAILURES).find({ status: 'failed', ...(processor ? { processor } : {}) });
  return docs.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : BigInt(a.position) > BigInt(b.position) ? 1 : 0));
};
