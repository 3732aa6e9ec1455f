import type { MoneyJson } from '../../domain/shared/money.js';

/**
 * The payment service provider port. Every call that moves money carries an idempotency key the
 * caller derives from the event that triggered it, so a re-processed event never charges twice:
 * the same key returns the first call's result. Adapters: `infrastructure/payments/` (the
 * embedded simulator is the default; a real PSP adapter implements the same port).
 */
export type AuthorizationStatus = 'authorized' | 'pending' | 'declined';

export type AuthorizeRequest = Readonly<{
  idempotencyKey: string;
  orderId: string;
  customerId: string;
  amount: MoneyJson;
}>;

export type Authorization = Readonly<{
  /** The PSP's reference; the order records it as the tender id. */
  authorizationId: string;
  status: AuthorizationStatus;
  amount: MoneyJson;
  method: string;
  reason?: string;
}>;

export type MoneyRequest = Readonly<{ idempotencyKey: string; authorizationId: string; amount: MoneyJson }>;

export type MoneyMovement = Readonly<{
  /** The PSP's reference of this capture, void or refund. */
  reference: string;
  authorizationId: string;
  amount: MoneyJson;
}>;

/** What the PSP knows about the payer's instrument before charging (fraud screening input). */
export type InstrumentInfo = Readonly<{ method: string; issuerCountry?: string }>;

export type PaymentGateway = Readonly<{
  describeInstrument: (request: Readonly<{ orderId: string; customerId: string }>) => Promise<InstrumentInfo>;
  authorize: (request: AuthorizeRequest) => Promise<Authorization>;
  /** The current state of an authorization (a pending one may have settled since). */
  status: (authorizationId: string) => Promise<Authorization>;
  /** Partial captures allowed (one per shipment), up to what is authorized and not voided. */
  capture: (request: MoneyRequest) => Promise<MoneyMovement>;
  /** Releases (part of) an uncaptured authorization. */
  void: (request: MoneyRequest) => Promise<MoneyMovement>;
  /** Returns (part of) captured money. */
  refund: (request: MoneyRequest) => Promise<MoneyMovement>;
}>;

/**
 * A refusal or failure reported by the gateway. `retriable` failures (timeouts, 5xx) are retried
 * by the process runtime with backoff; others (amount beyond what is authorized, unknown
 * authorization, key reused for another request) are business errors the operator must look at.
 */
export class PaymentGatewayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retriable: boolean,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
