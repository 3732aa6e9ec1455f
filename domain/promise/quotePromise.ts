import { ValidationError } from '../shared/errors.js';
import { deliveryOptions } from './deliveryOptions.js';
import { pickupOptions, shipToStoreOptions } from './pickupOptions.js';
import type { ProcessingCache } from './processingCache.js';
import { buildQuoteContext } from './quoteContext.js';
import type { PromiseInput, PromiseOption, PromiseQuote, Unavailable } from './types.js';

/**
 * The order promise engine: for a cart, a destination (or pickup store), the network, its
 * availability and capacity, carrier services and a transit model, every way the order can
 * reach the customer and by when — each with the steps that led to the date.
 *
 * Pure and deterministic: `now` is an input, nothing reads a clock, and ties are broken by ids.
 */
export const quotePromise = (input: PromiseInput): PromiseQuote => {
  if (input.lines.length === 0) throw new ValidationError('EMPTY_CART', 'a promise needs at least one cart line');
  const ctx = buildQuoteContext(input);
  const cache: ProcessingCache = new Map();
  const options: PromiseOption[] = [];
  const unavailable: Unavailable[] = [];
  let evaluated = 0;
  const wants = new Set(input.deliveryMethods);
  if (wants.has('delivery')) {
    const r = deliveryOptions(ctx, cache);
    options.push(...r.options.sort((a, b) => (a.deliverBy < b.deliverBy ? -1 : a.deliverBy > b.deliverBy ? 1 : a.service < b.service ? -1 : 1)));
    unavailable.push(...r.unavailable);
    evaluated += r.evaluated;
  }
  if (wants.has('pickup')) {
    const r = pickupOptions(ctx, cache);
    options.push(...r.options);
    unavailable.push(...r.unavailable);
    evaluated += r.evaluated;
  }
  if (wants.has('shipToStore')) {
    const r = shipToStoreOptions(ctx, cache);
    options.push(...r.options);
    unavailable.push(...r.unavailable);
    evaluated += r.evaluated;
  }
  return { quotedAt: input.now, options, unavailable, candidatesEvaluated: evaluated };
};
