import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import { StreamNotFoundError } from '../../infrastructure/eventstore/errors.js';
import { returnPaymentsStreamName } from './returnPayments.js';

/**
 * True when the order is a linked exchange or replacement order that the returns feature pays with
 * exchange credit (an `ExchangeCreditPledged` recorded before the order was placed). The fulfilment
 * process then leaves the first authorization to the returns feature instead of charging a card.
 */
export const exchangeCreditPledged = async (eventStore: EventStore, orderId: string): Promise<boolean> => {
  try {
    for await (const event of eventStore.readStream(returnPaymentsStreamName(orderId))) {
      if (event.type === 'ExchangeCreditPledged') return true;
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return false;
    throw error;
  }
  return false;
};
