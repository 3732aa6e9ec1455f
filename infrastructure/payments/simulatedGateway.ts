import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type {
  Authorization, AuthorizeRequest, InstrumentInfo, MoneyMovement, MoneyRequest, PaymentGateway,
} from '../../application/processes/paymentGateway.js';
import { PaymentGatewayError } from '../../application/processes/paymentGateway.js';
import type { MoneyJson } from '../../domain/shared/money.js';
import { memorySimulatorStore, type SimulatorStore } from './simulatorStore.js';

/**
 * An embedded payment service provider for tests and the demo. Outcomes are deterministic:
 *
 * | input                                   | authorize                | later `status`                      |
 * |-----------------------------------------|--------------------------|-------------------------------------|
 * | amount ending in `.13`                  | declined                 | declined                            |
 * | customer id starting with `decline-`    | declined                 | declined                            |
 * | customer id starting with `slow-decline-` | pending                | declined once `pendingMs` elapsed   |
 * | customer id starting with `slow-`       | pending                  | authorized once `pendingMs` elapsed |
 * | anything else                           | authorized               | authorized                          |
 *
 * A customer id ending in `-card-XX` pays with a card issued in country XX (fraud input).
 * Captures, voids and refunds are checked like a PSP would: capture ≤ authorized − captured −
 * voided, void ≤ the uncaptured rest, refund ≤ captured − refunded. Every call is idempotent by
 * its key: the same key returns the first result; the same key for another request is refused.
 * `failNext(n)` makes the next n calls fail with a retriable error (to exercise retries).
 */
export type SimulatedGatewayOptions = Readonly<{
  store?: SimulatorStore;
  clock?: () => Date;
  /** How long `slow-` authorizations stay pending (default 0: the first status query settles them). */
  pendingMs?: number;
}>;

export type SimulatedGateway = PaymentGateway & Readonly<{ failNext: (n: number) => void }>;

type AuthDoc = {
  _id: string;
  authorizationId: string;
  orderId: string;
  customerId: string;
  amount: MoneyJson;
  status: Authorization['status'];
  reason?: string;
  settlesAtMs: number;
  finalStatus: 'authorized' | 'declined';
  captured: string;
  voided: string;
  refunded: string;
};
type OpDoc = { _id: string; fingerprint: string; result: unknown };

const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 24);
const dec = (m: MoneyJson | string): Decimal => new Decimal(typeof m === 'string' ? m : m.amount);
const fixed = (d: Decimal, like: MoneyJson): string => d.toFixed(Math.max(0, (like.amount.split('.')[1] ?? '').length));

const authOutcome = (req: AuthorizeRequest): { initial: Authorization['status']; final: 'authorized' | 'declined'; reason?: string } => {
  if (req.amount.amount.endsWith('.13')) return { initial: 'declined', final: 'declined', reason: 'card declined (simulated: amount ends in .13)' };
  if (req.customerId.startsWith('decline-')) return { initial: 'declined', final: 'declined', reason: 'card declined (simulated: decline- customer)' };
  if (req.customerId.startsWith('slow-decline-')) return { initial: 'pending', final: 'declined', reason: 'card declined after review (simulated)' };
  if (req.customerId.startsWith('slow-')) return { initial: 'pending', final: 'authorized' };
  return { initial: 'authorized', final: 'authorized' };
};

export const createSimulatedGateway = (options: SimulatedGatewayOptions = {}): SimulatedGateway => {
  const store = options.store ?? memorySimulatorStore();
  const clock = options.clock ?? (() => new Date());
  const pendingMs = options.pendingMs ?? 0;
  let failures = 0;
  let lock: Promise<unknown> = Promise.resolve();

  /** One call at a time: the books are read-modify-write. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = lock.then(work, work);
    lock = run.catch(() => undefined);
    return run;
  };

  const maybeFail = () => {
    if (failures > 0) {
      failures -= 1;
      throw new PaymentGatewayError('GATEWAY_UNAVAILABLE', 'payment gateway unavailable (simulated)', true);
    }
  };

  /** Runs `work` once per idempotency key; a replay returns the stored result. */
  const once = async <T>(key: string, fingerprint: string, work: () => Promise<T>): Promise<T> => {
    const earlier = await store.get<OpDoc>(`op:${key}`);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        throw new PaymentGatewayError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${key} was used for another request`, false, { key });
      }
      return earlier.result as T;
    }
    const result = await work();
    await store.put({ _id: `op:${key}`, fingerprint, result } satisfies OpDoc);
    return result;
  };

  const loadAuth = async (authorizationId: string): Promise<AuthDoc> => {
    const doc = await store.get<AuthDoc>(`auth:${authorizationId}`);
    if (!doc) throw new PaymentGatewayError('UNKNOWN_AUTHORIZATION', `no authorization ${authorizationId}`, false, { authorizationId });
    if (doc.status === 'pending' && clock().getTime() >= doc.settlesAtMs) {
      const settled: AuthDoc = { ...doc, status: doc.finalStatus };
      await store.put(settled);
      return settled;
    }
    return doc;
  };

  const view = (doc: AuthDoc): Authorization => ({
    authorizationId: doc.authorizationId,
    status: doc.status,
    amount: doc.amount,
    method: 'card',
    ...(doc.status === 'declined' && doc.reason ? { reason: doc.reason } : {}),
  });

  const movement = (kind: 'capture' | 'void' | 'refund') => (req: MoneyRequest): Promise<MoneyMovement> =>
    serial(async () => {
      maybeFail();
      const fingerprint = `${kind}|${req.authorizationId}|${req.amount.amount}|${req.amount.currency}`;
      return once(req.idempotencyKey, fingerprint, async () => {
        const auth = await loadAuth(req.authorizationId);
        if (auth.status !== 'authorized') {
          throw new PaymentGatewayError('NOT_AUTHORIZED', `authorization ${auth.authorizationId} is ${auth.status}`, false, { authorizationId: auth.authorizationId });
        }
        if (req.amount.currency !== auth.amount.currency) throw new PaymentGatewayError('CURRENCY_MISMATCH', 'currency differs from the authorization', false);
        const amount = dec(req.amount);
        if (amount.isNegative() || amount.isZero()) throw new PaymentGatewayError('INVALID_AMOUNT', 'amount must be positive', false);
        const uncaptured = dec(auth.amount).minus(auth.captured).minus(auth.voided);
        const limit = kind === 'refund' ? dec(auth.captured).minus(auth.refunded) : uncaptured;
        if (amount.greaterThan(limit)) {
          throw new PaymentGatewayError('AMOUNT_EXCEEDS_LIMIT', `${kind} of ${req.amount.amount} exceeds the ${limit.toString()} available`, false, {
            authorizationId: auth.authorizationId, kind, requested: req.amount.amount, available: limit.toString(),
          });
        }
        const field = kind === 'capture' ? 'captured' : kind === 'void' ? 'voided' : 'refunded';
        await store.put({ ...auth, [field]: fixed(dec(auth[field]).plus(amount), auth.amount) });
        return { reference: `sim_${kind}_${hash(req.idempotencyKey)}`, authorizationId: auth.authorizationId, amount: req.amount };
      });
    });

  return {
    failNext: (n) => {
      failures = n;
    },
    describeInstrument: async ({ customerId }): Promise<InstrumentInfo> => {
      const country = /-card-([A-Z]{2})$/.exec(customerId)?.[1];
      return { method: 'card', ...(country ? { issuerCountry: country } : {}) };
    },
    authorize: (req) =>
      serial(async () => {
        maybeFail();
        const fingerprint = `authorize|${req.orderId}|${req.customerId}|${req.amount.amount}|${req.amount.currency}`;
        return once(req.idempotencyKey, fingerprint, async () => {
          const outcome = authOutcome(req);
          const authorizationId = `sim_auth_${hash(req.idempotencyKey)}`;
          const zero = fixed(new Decimal(0), req.amount);
          const doc: AuthDoc = {
            _id: `auth:${authorizationId}`,
            authorizationId,
            orderId: req.orderId,
            customerId: req.customerId,
            amount: req.amount,
            status: outcome.initial,
            ...(outcome.reason ? { reason: outcome.reason } : {}),
            settlesAtMs: clock().getTime() + pendingMs,
            finalStatus: outcome.final,
            captured: zero,
            voided: zero,
            refunded: zero,
          };
          await store.put(doc);
          return view(doc);
        });
      }),
    status: (authorizationId) =>
      serial(async () => {
        maybeFail();
        return view(await loadAuth(authorizationId));
      }),
    capture: movement('capture'),
    void: movement('void'),
    refund: movement('refund'),
  };
};

/** The simulator's books for one authorization (tests and the demo's payment view). */
export const simulatedTotals = async (store: SimulatorStore, authorizationId: string) => {
  const doc = await store.get<AuthDoc>(`auth:${authorizationId}`);
  return doc === undefined ? undefined : { authorized: doc.status === 'authorized' ? doc.amount.amount : '0', captured: doc.captured, voided: doc.voided, refunded: doc.refunded, status: doc.status };
};
