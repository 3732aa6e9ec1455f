import { inventoryProjections } from '../../projections/inventory/inventoryProjections.js';
import { orderProjections } from '../../projections/orders/orderProjections.js';
import type { Projection } from '../../projections/runtime/projection.js';
import { financeProjections } from '../../projections/finance/financeProjections.js';
import { trackingProjection } from '../../projections/tracking/trackingProjection.js';
import { kpiProjection } from '../../projections/kpis/kpiProjection.js';

/** Every projection the OMS runs. Feature modules add theirs here. */
export const allProjections: readonly Projection[] = [
  ...inventoryProjections(),
  ...orderProjections(),
  ...financeProjections(),
  trackingProjection(),
  kpiProjection(),
];
