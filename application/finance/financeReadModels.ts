import type { ReadCollection, ReadStore } from '../../infrastructure/readstore/readStore.js';
import { financeProjection, type FinanceDocument } from '../../projections/finance/financeProjection.js';
import { settlementsProjection, type SettlementDayDocument } from '../../projections/finance/settlementsProjection.js';
import { physicalName } from '../../projections/runtime/projection.js';
import { activeVersion } from '../../projections/runtime/projectionRegistry.js';

const FINANCE = financeProjection();
const SETTLEMENTS = settlementsProjection();

/** The serving version of a projection's collection (blue/green aware). */
const collectionOf = async <D extends { _id: string }>(store: ReadStore, p: Readonly<{ name: string; version: number }>): Promise<ReadCollection<D>> =>
  store.collection<D>(physicalName(p.name, (await activeVersion(store, p.name)) ?? p.version));

export const financeCollection = (store: ReadStore) => collectionOf<FinanceDocument>(store, FINANCE);
export const settlementsCollection = (store: ReadStore) => collectionOf<SettlementDayDocument>(store, SETTLEMENTS);
