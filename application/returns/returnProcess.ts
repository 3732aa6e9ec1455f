import type { ReturnEvent } from '../../domain/return/events.js';
import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import type { ProcessDefinition } from '../processes/processRunner.js';
import type { ReturnDeps } from './returnDeps.js';
import { reactToReturnEvent } from './returnReactions.js';

export const RETURNS_PROCESS = 'returns';

/**
 * The returns process manager: return received → restock at the receiving node → refund on
 * receipt; refund issued → paid back at the gateway; approved (refund on request, claims) → refund.
 * The use cases run the same reactions inline; this is what finishes them after a crash or a
 * gateway outage. Business time is the event's `now`, so a replay decides the same events.
 */
export const returnsProcess = (deps: ReturnDeps, clock: () => Date): ProcessDefinition => ({
  name: RETURNS_PROCESS,
  filter: { streamPrefixes: ['return-'], eventTypes: ['ReturnReceived', 'RefundIssued', 'ReturnApproved'] },
  handle: async (recorded: RecordedEvent) => {
    const now = typeof recorded.metadata.now === 'string' ? recorded.metadata.now : clock().toISOString();
    await reactToReturnEvent(deps, recorded.id, { type: recorded.type, data: recorded.data } as ReturnEvent, now);
  },
});
