import type { PaymentGateway } from '../processes/paymentGateway.js';
import type { OrderDeps } from '../orders/orderRuntime.js';
import type { TrackingTokens } from '../security/trackingTokens.js';
import type { AddressSealer } from '../privacy/addressPrivacy.js';

/**
 * What the returns use cases need: the order deps (command handler, event store, read store), the
 * payment gateway port (refunds, exchange credit and difference charges) and the tracking-token
 * issuer (exchange and replacement orders are placed through the normal checkout).
 */
export type ReturnDeps = OrderDeps & Readonly<{ gateway: PaymentGateway; trackingTokens: TrackingTokens; addressSealer: AddressSealer }>;
