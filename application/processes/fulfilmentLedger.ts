import type { Decider, DomainEvent } from '../../domain/shared/decider.js';
import type { PaymentFact } from '../../domain/finance/paymentFacts.js';
import { streamId } from '../../domain/network/identifier.js';
import { add, fromJson, toJson, type MoneyJson } from '../../domain/shared/money.js';
import type { Command } from '../../domain/shared/decider.js';

/**
 * The order fulfilment process's own stream, `process-orderFulfilment-<orderId>`: what the
 * process decided or did outside the order aggregate — the fraud verdict (recorded once, so a
 * re-processed OrderPlaced never re-screens with newer data) and every money movement it made at
 * the payment gateway, in the finance ledger's PaymentFact shape (`domain/finance/paymentFacts.ts`)
 * so the finance projection can map them as they are. Each movement carries the idempotency
 * key it was made with; the same key is recorded once.
 */
export const FULFILMENT_PROCESS = 'orderFulfilment';
export const fulfilmentStreamName = (orderId: string): string => `process-${FULFILMENT_PROCESS}-${streamId(orderId)}`;

export type Screening = Readonly<{ decision: 'hold' | 'pass'; score: number; reasons: readonly string[]; ruleSetId: string; ruleSetVersion: number; at: string }>;
export type PaymentKind = 'PaymentAuthorized' | 'PaymentCaptured' | 'PaymentVoided' | 'PaymentRefunded';
export type GatewayFact = PaymentFact & Readonly<{ operationKey: string; reference: string }>;

export type LedgerEvent = DomainEvent<'FulfilmentFraudScreened', Screening & { orderId: string }> | DomainEvent<PaymentKind, GatewayFact>;

export type LedgerCommand =
  | Command<'RecordScreening', Screening & { orderId: string }>
  | Command<'RecordGatewayFact', Readonly<{ kind: PaymentKind; fact: GatewayFact }>>;

export type TenderBook = Readonly<{ authorized: MoneyJson; captured: MoneyJson; voided: MoneyJson; refunded: MoneyJson }>;

export type LedgerState = Readonly<{
  screening: Screening | undefined;
  operations: ReadonlySet<string>;
  tenders: Readonly<Record<string, TenderBook>>;
}>;

const FIELD: Record<PaymentKind, keyof TenderBook> = {
  PaymentAuthorized: 'authorized',
  PaymentCaptured: 'captured',
  PaymentVoided: 'voided',
  PaymentRefunded: 'refunded',
};

const book = (state: LedgerState, fact: GatewayFact): TenderBook => {
  const z = toJson(fromJson({ amount: '0', currency: fact.amount.currency }));
  return state.tenders[fact.tenderId] ?? { authorized: z, captured: z, voided: z, refunded: z };
};

export const fulfilmentLedgerDecider: Decider<LedgerState, LedgerCommand, LedgerEvent> = {
  initialState: () => ({ screening: undefined, operations: new Set(), tenders: {} }),
  decide: (command, state) => {
    if (command.type === 'RecordScreening') return state.screening ? [] : [{ type: 'FulfilmentFraudScreened', data: command.data }];
    if (state.operations.has(command.data.fact.operationKey)) return [];
    return [{ type: command.data.kind, data: command.data.fact }];
  },
  evolve: (state, event) => {
    if (event.type === 'FulfilmentFraudScreened') {
      const { orderId: _orderId, ...screening } = event.data;
      return { ...state, screening };
    }
    const fact = event.data;
    const b = book(state, fact);
    const field = FIELD[event.type];
    return {
      ...state,
      operations: new Set([...state.operations, fact.operationKey]),
      tenders: { ...state.tenders, [fact.tenderId]: { ...b, [field]: toJson(add(fromJson(b[field]), fromJson(fact.amount))) } },
    };
  },
};
