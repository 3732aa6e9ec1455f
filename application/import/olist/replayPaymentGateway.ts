import { Decimal } from 'decimal.js';
import type { PaymentGateway } from '../../processes/paymentGateway.js';
import { PaymentGatewayError } from '../../processes/paymentGateway.js';
import type { MoneyJson } from '../../../domain/shared/money.js';

/**
 * The payment side of a replayed history: Olist approved these payments, so every authorization
 * succeeds (the embedded simulator would decline amounts ending in .13 — its test hook — and
 * turn recorded sales into declines). Captures, voids and refunds are still checked against what
 * was authorized, and every call is idempotent by key, like a PSP. In memory: an import is one run.
 */
type Auth = { amount: Decimal; captured: Decimal; voided: Decimal; refunded: Decimal; money: MoneyJson };

export const createReplayPaymentGateway = (method = 'olist-recorded'): PaymentGateway => {
  const auths = new Map<string, Auth>();
  const byKey = new Map<string, unknown>();
  let seq = 0;
  const once = <T>(key: string, work: () => T): T => {
    if (byKey.has(key)) return byKey.get(key) as T;
    const result = work();
    byKey.set(key, result);
    return result;
  };
  const auth = (id: string): Auth => {
    const a = auths.get(id);
    if (!a) throw new PaymentGatewayError('UNKNOWN_AUTHORIZATION', `no authorization ${id}`, false);
    return a;
  };
  const money = (d: Decimal, like: MoneyJson): MoneyJson => ({ amount: d.toFixed(Math.max(0, (like.amount.split('.')[1] ?? '').length)), currency: like.currency });
  return {
    describeInstrument: async () => ({ method, issuerCountry: 'BR' }),
    authorize: async (req) => once(`auth:${req.idempotencyKey}`, () => {
      const authorizationId = `replay-auth-${++seq}`;
      auths.set(authorizationId, { amount: new Decimal(req.amount.amount), captured: new Decimal(0), voided: new Decimal(0), refunded: new Decimal(0), money: req.amount });
      return { authorizationId, status: 'authorized' as const, amount: req.amount, method };
    }),
    status: async (authorizationId) => {
      const a = auth(authorizationId);
      return { authorizationId, status: 'authorized', amount: a.money, method };
    },
    capture: async (req) => once(`capture:${req.idempotencyKey}`, () => {
      const a = auth(req.authorizationId);
      const amount = new Decimal(req.amount.amount);
      if (amount.gt(a.amount.minus(a.captured).minus(a.voided))) throw new PaymentGatewayError('CAPTURE_EXCEEDS_AUTHORIZATION', 'capture beyond what is authorized', false);
      a.captured = a.captured.plus(amount);
      return { reference: `replay-capture-${++seq}`, authorizationId: req.authorizationId, amount: money(amount, req.amount) };
    }),
    void: async (req) => once(`void:${req.idempotencyKey}`, () => {
      const a = auth(req.authorizationId);
      const amount = Decimal.min(new Decimal(req.amount.amount), a.amount.minus(a.captured).minus(a.voided));
      a.voided = a.voided.plus(amount);
      return { reference: `replay-void-${++seq}`, authorizationId: req.authorizationId, amount: money(amount, req.amount) };
    }),
    refund: async (req) => once(`refund:${req.idempotencyKey}`, () => {
      const a = auth(req.authorizationId);
      const amount = new Decimal(req.amount.amount);
      if (amount.gt(a.captured.minus(a.refunded))) throw new PaymentGatewayError('REFUND_EXCEEDS_CAPTURE', 'refund beyond what was captured', false);
      a.refunded = a.refunded.plus(amount);
      return { reference: `replay-refund-${++seq}`, authorizationId: req.authorizationId, amount: money(amount, req.amount) };
    }),
  };
};
