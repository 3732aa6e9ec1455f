import { expect } from 'chai';
import type { Document, ReadCollection, ReadStore } from '../../../../infrastructure/readstore/readStore.js';

export type OpenReadStore = () => Promise<{ store: ReadStore; dispose(): Promise<void> }>;

/** Shared by every part of the contract: one store per suite, a fresh collection name per test. */
export type ContractContext = Readonly<{
  store(): ReadStore;
  /** A collection no other test uses. */
  fresh<T extends Document = Document>(prefix?: string): ReadCollection<T>;
  /** Opens a store of its own (for catalogue-wide assertions); disposed after the suite. */
  isolated(): Promise<ReadStore>;
}>;

export const expectRejection = async (promise: Promise<unknown>): Promise<Error & { code?: string; status?: number }> => {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    return error as Error & { code?: string; status?: number };
  }
  expect.fail('expected the operation to be rejected');
};

export const ids = (docs: readonly { _id: string }[]): string[] => docs.map((d) => d._id);
export const sortedIds = (docs: readonly { _id: string }[]): string[] => ids(docs).sort();
