import type { PlacementDeps } from '../../application/orders/placeOrder.js';
import type { OmsContext } from './omsContext.js';

/**
 * What checkout and order changes need from a running OMS: the stores and commands, the tracking
 * tokens it issues, and the vault that seals delivery addresses. One place, so no caller (route,
 * importer, benchmark) can place an order without sealing its personal data.
 */
export const placementDepsOf = (oms: OmsContext): PlacementDeps => ({ ...oms, trackingTokens: oms.security.trackingTokens, addressSealer: oms.security.vault });
