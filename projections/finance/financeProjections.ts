import type { Projection } from '../runtime/projection.js';
import { financeProjection } from './financeProjection.js';
import { settlementsProjection } from './settlementsProjection.js';

/** The read models of the finance feature (issue 6): per-order ledger and balances, daily settlement. */
export const financeProjections = (): Projection[] => [financeProjection(), settlementsProjection()];
