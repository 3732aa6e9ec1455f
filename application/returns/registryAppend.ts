import { NO_STREAM } from '../../infrastructure/eventstore/eventStore.js';
import { ConcurrencyError } from '../../infrastructure/eventstore/errors.js';
import type { OrderDeps } from '../orders/orderRuntime.js';
import { toEventsToAppend } from '../eventMetadata.js';
import type { OrderWithReturns } from './orderReturns.js';
import { orderReturnsDecider, orderReturnsStreamName, type RegistryCommand } from './orderReturnsRegistry.js';

/**
 * Appends to the order's returns stream expecting exactly the revision the caller's checks read
 * (no stream yet included, which `commands.handle` cannot pin). Returns false on a conflict: the
 * caller re-reads and re-checks. A command already applied decides nothing and counts as done.
 */
export const appendToRegistry = async (deps: OrderDeps, orderId: string, checked: OrderWithReturns, command: RegistryCommand): Promise<boolean> => {
  const events = orderReturnsDecider.decide(command, checked.registry);
  if (events.length === 0) return true;
  const stream = orderReturnsStreamName(orderId);
  try {
    await deps.eventStore.append(stream, toEventsToAppend(command, stream, events), { expectedRevision: checked.registryRevision ?? NO_STREAM });
    return true;
  } catch (error) {
    if (error instanceof ConcurrencyError) return false;
    throw error;
  }
};
