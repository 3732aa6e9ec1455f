import type { Projection } from '../runtime/projection.js';
import { orderDetailsProjection } from './orderDetailsProjection.js';
import { orderSourcingProjection } from './orderSourcingProjection.js';
import { ordersProjection } from './ordersProjection.js';

/** The read models of the order feature (issue 4): list summaries, full details, sourcing explanations. */
export const orderProjections = (): Projection[] => [ordersProjection(), orderDetailsProjection(), orderSourcingProjection()];
