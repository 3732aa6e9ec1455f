import { atsViewsProjection } from '../availability/atsViewsProjection.js';
import { skusProjection } from '../catalog/skusProjection.js';
import { nodesProjection } from '../network/nodesProjection.js';
import type { Projection } from '../runtime/projection.js';
import { availabilityProjection } from './availabilityProjection.js';
import { reservationsProjection } from './reservationsProjection.js';

/** The read models of the inventory feature (issue 3): network, catalog, views, availability, reservations. */
export const inventoryProjections = (): Projection[] => [
  nodesProjection(),
  skusProjection(),
  atsViewsProjection(),
  availabilityProjection(),
  reservationsProjection(),
];

/** The projections `oms verify inventory` rebuilds and compares: everything derived from inventory events. */
export const verifiedInventoryProjections = (): Projection[] => [availabilityProjection(), reservationsProjection()];
