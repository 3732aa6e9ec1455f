import type { Decider } from '../shared/decider.js';
import { streamId } from '../network/identifier.js';
import type { ReturnCommand } from './commands.js';
import { decideReturn } from './decide.js';
import type { ReturnEvent } from './events.js';
import { evolveReturn } from './evolve.js';
import { initialReturnState, type ReturnState } from './state.js';

/** Stream `return-<returnId>`: one RMA — a return, an exchange or a claim — of one order. */
export const returnDecider: Decider<ReturnState, ReturnCommand, ReturnEvent> = {
  decide: decideReturn,
  evolve: evolveReturn,
  initialState: initialReturnState,
};

export const returnStreamName = (returnId: string): string => `return-${streamId(returnId)}`;

export * from './commands.js';
export * from './events.js';
export * from './policy.js';
export * from './routeReturn.js';
export * from './snapshot.js';
export * from './vocabulary.js';
export { allocateRefund, orderTenders, type RefundableTender } from './allocateRefund.js';
export { computeLineRefund, type RefundComputation } from './refundCalculation.js';
export { exchangeDifference, signedDifference, valueOf } from './exchangeDifference.js';
export { initialReturnState, countOf, fullyReceived, type ReturnState, type ReturnLineState, type TenderState } from './state.js';
export { decideReturn } from './decide.js';
export { evolveReturn } from './evolve.js';
