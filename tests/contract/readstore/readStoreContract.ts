import type { Document, ReadStore } from '../../../infrastructure/readstore/readStore.js';
import { aggregateContract } from './contract/aggregateContract.js';
import type { ContractContext, OpenReadStore } from './contract/contractContext.js';
import { indexContract } from './contract/indexContract.js';
import { queryContract } from './contract/queryContract.js';
import { transactionContract } from './contract/transactionContract.js';
import { updateContract } from './contract/updateContract.js';
import { writeContract } from './contract/writeContract.js';

export type { OpenReadStore } from './contract/contractContext.js';

/**
 * The read-store contract: MongoDB semantics every adapter must show (filters, update operators,
 * upserts, transactions, unique indexes, aggregation). Run it against each adapter with a factory
 * that opens a store (a fresh, empty database each call).
 */
export const describeReadStoreContract = (name: string, open: OpenReadStore): void => {
  describe(`ReadStore contract: ${name}`, function () {
    let main: Awaited<ReturnType<OpenReadStore>> | undefined;
    const extra: Awaited<ReturnType<OpenReadStore>>[] = [];
    let counter = 0;

    const ctx: ContractContext = {
      store: (): ReadStore => {
        if (!main) throw new Error('the contract store is not open yet');
        return main.store;
      },
      fresh: <T extends Document = Document>(prefix = 'c') => ctx.store().collection<T>(`${prefix}_${++counter}`),
      isolated: async () => {
        const opened = await open();
        extra.push(opened);
        return opened.store;
      },
    };

    before(async () => {
      main = await open();
    });
    after(async () => {
      for (const opened of extra.splice(0)) await opened.dispose();
      await main?.dispose();
    });

    queryContract(ctx);
    writeContract(ctx);
    updateContract(ctx);
    transactionContract(ctx);
    indexContract(ctx);
    aggregateContract(ctx);
  });
};
