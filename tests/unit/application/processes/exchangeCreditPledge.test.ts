import { expect } from 'chai';
import { openSqliteEventStore } from '../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import type { EventStore } from '../../../../infrastructure/eventstore/eventStore.js';
import { authorizeBalance } from '../../../../application/processes/paymentSteps.js';
import type { FulfilmentContext } from '../../../../application/processes/fulfilmentContext.js';
import { returnPaymentsStreamName } from '../../../../application/returns/returnPayments.js';
import type { Order } from '../../../../domain/order/index.js';
import { placeOrder, run } from '../../domain/order/support/fixtures.js';

/**
 * Given a linked exchange order whose exchange credit was pledged before it was placed, when the
 * fulfilment process handles OrderPlaced before the credit authorization is recorded, then it does
 * not charge the customer: the returns feature authorizes the credit.
 */
describe('application/processes — orders paid by exchange credit', () => {
  let store: EventStore;
  const authorized: string[] = [];
  const ctxOf = (eventStore: EventStore): FulfilmentContext =>
    ({
      eventStore,
      gateway: {
        authorize: async (req: { orderId: string }) => {
          authorized.push(req.orderId);
          throw new Error('stop after the gateway call');
        },
      },
    }) as unknown as FulfilmentContext;
  const trigger = { id: '6f1c2f4e-1b1e-4c44-9a55-0d1f5f2a7c01' } as Parameters<typeof authorizeBalance>[1];

  beforeEach(() => {
    store = openSqliteEventStore({ path: ':memory:' });
    authorized.length = 0;
  });
  afterEach(() => store.close());

  it('leaves the first authorization of a pledged order to the returns feature', async () => {
    const order = run([placeOrder({ orderId: 'ord-linked' })]).state as Order;
    await store.append(returnPaymentsStreamName('ord-linked'), [
      { id: '5b0d7c55-9f7a-4b8e-8a51-2f7e1c9d3a10', type: 'ExchangeCreditPledged', data: { orderId: 'ord-linked', returnId: 'ret-1', operationKey: 'k' } },
    ], { expectedRevision: 'no_stream' });
    await authorizeBalance(ctxOf(store), trigger, order);
    expect(authorized).to.deep.equal([]);
  });

  it('authorizes an ordinary order at the gateway', async () => {
    const order = run([placeOrder({ orderId: 'ord-plain' })]).state as Order;
    let error: unknown;
    await authorizeBalance(ctxOf(store), trigger, order).catch((e: unknown) => (error = e));
    expect(authorized).to.deep.equal(['ord-plain']);
    expect(String(error)).to.contain('stop after the gateway call');
  });
});
