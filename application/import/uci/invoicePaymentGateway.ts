import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { Document, ReadCollection } from '../../../infrastructure/readstore/readStore.js';
import type { MoneyJson } from '../../../domain/shared/money.js';
import { PaymentGatewayError, type Authorization, type MoneyMovement, type MoneyRequest, type PaymentGateway } from '../../processes/paymentGateway.js';

/**
 * The payment side of an imported invoice. The UCI invoices were paid (a cancellation invoice
 * is how the retailer gave money back), so authorization always succeeds — unlike the demo
 * simulator, which declines amounts ending in `.13` and would cancel a historical sale. Captures,
 * voids and refunds are checked against the books like a PSP does (capture ≤ authorized −
 * captured − voided; refund ≤ captured − refunded) and every call is idempotent by its key.
 * The books live in a read-store collection so a resumed import finds its authorizations.
 */
type AuthDoc = Document & { authorizationId: string; amount: MoneyJson; captured: string; voided: string; refunded: string };
type OpDoc = Document & { fingerprint: string; result: unknown };

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);

export const createInvoicePaymentGateway = (books: ReadCollection): PaymentGateway => {
  let lock: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = lock.then(work, work);
    lock = run.catch(() => undefined);
    return run;
  };
  const once = async <T>(key: string, fingerprint: string, work: () => Promise<T>): Promise<T> => {
    const earlier = (await books.findOne({ _id: `op:${key}` })) as OpDoc | null;
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) throw new PaymentGatewayError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${key} was used for another request`, false, { key });
      return earlier.result as T;
    }
    const result = await work();
    await books.replaceOne({ _id: `op:${key}` }, { _id: `op:${key}`, fingerprint, result } satisfies OpDoc, { upsert: true });
    return result;
  };
  const movement = (kind: 'capture' | 'void' | 'refund') => (req: MoneyRequest): Promise<MoneyMovement> =>
    serial(() =>
      once(req.idempotencyKey, `${kind}|${req.authorizationId}|${req.amount.amount}|${req.amount.currency}`, async () => {
        const auth = (await books.findOne({ _id: `auth:${req.authorizationId}` })) as AuthDoc | null;
        if (!auth) throw new PaymentGatewayError('UNKNOWN_AUTHORIZATION', `no authorization ${req.authorizationId}`, false);
        const amount = new Decimal(req.amount.amount);
        const limit = kind === 'refund' ? new Decimal(auth.captured).minus(auth.refunded) : new Decimal(auth.amount.amount).minus(auth.captured).minus(auth.voided);
        if (amount.lte(0) || amount.gt(limit)) {
          throw new PaymentGatewayError('AMOUNT_EXCEEDS_LIMIT', `${kind} of ${req.amount.amount} exceeds the ${limit.toFixed(2)} available`, false, { kind });
        }
        const field = kind === 'capture' ? 'captured' : kind === 'void' ? 'voided' : 'refunded';
        await books.replaceOne({ _id: auth._id }, { ...auth, [field]: new Decimal(auth[field]).plus(amount).toFixed(2) }, { upsert: true });
        return { reference: `uci_${kind}_${hash(req.idempotencyKey)}`, authorizationId: auth.authorizationId, amount: req.amount };
      }),
    );
  const view = (doc: AuthDoc): Authorization => ({ authorizationId: doc.authorizationId, status: 'authorized', amount: doc.amount, method: 'card' });
  return {
    describeInstrument: async () => ({ method: 'card' }),
    authorize: (req) =>
      serial(() =>
        once(req.idempotencyKey, `authorize|${req.orderId}|${req.amount.amount}|${req.amount.currency}`, async () => {
          const authorizationId = `uci_auth_${hash(req.idempotencyKey)}`;
          const doc: AuthDoc = { _id: `auth:${authorizationId}`, authorizationId, amount: req.amount, captured: '0.00', voided: '0.00', refunded: '0.00' };
          await books.replaceOne({ _id: doc._id }, doc, { upsert: true });
          return view(doc);
        }),
      ),
    status: (authorizationId) =>
      serial(async () => {
        const doc = (await books.findOne({ _id: `auth:${authorizationId}` })) as AuthDoc | null;
        if (!doc) throw new PaymentGatewayError('UNKNOWN_AUTHORIZATION', `no authorization ${authorizationId}`, false);
        return view(doc);
      }),
    capture: movement('capture'),
    void: movement('void'),
    refund: movement('refund'),
  };
};
