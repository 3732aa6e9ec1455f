import { fold, type Actor } from '../../domain/shared/decider.js';
import { ValidationError } from '../../domain/shared/errors.js';
import {
  orderDecider, orderStreamName, type Address, type Channel, type Order, type OrderEvent, type OrderPlaced, type OrderState, type PlaceOrder,
} from '../../domain/order/index.js';
import { pricingToJson, type DeliveryMethod } from '../../domain/pricing/index.js';
import type { Destination } from '../../domain/promise/index.js';
import { deriveCommandId } from '../eventIds.js';
import { resolveCatalogLines, resolvePickupNode, type CartLineInput } from './cartLines.js';
import { releaseHolds } from './checkoutHolds.js';
import { planCheckout, type PlannedPart } from './checkoutPlan.js';
import { currencyPricing, priceParts } from './checkoutPricing.js';
import { orderRuntime, type OrderDeps, type OrderRuntime } from './orderRuntime.js';
import { placedOrderView, type PlacedOrderView } from './placedOrderView.js';
import { chosenOption, orderPromiseOf, promiseForPlan, promiseMethodOf, quoteWith } from './promiseQuote.js';
import { loadSourcingContext } from './sourcingContext.js';
import { pinnedContext } from './pinnedContext.js';
import { activeRuleSets } from '../sourcing/ruleSetRegistry.js';
import { shadowPlacement, withLiveRuleSet } from '../sourcing/placementShadow.js';
import { trackingTokenHash, type TrackingTokens } from '../security/trackingTokens.js';
import { coarse, openAddress, sealAddress, type AddressSealer } from '../privacy/addressPrivacy.js';
import { requestHash } from './requestHash.js';

export type DestinationInput = Readonly<{
  lat: number;
  lng: number;
  country: string;
  region?: string;
  postalCode?: string;
  name?: string;
  line1?: string;
  line2?: string;
  city?: string;
}>;

export type PlaceOrderInput = Readonly<{
  channel: Channel;
  customerId: string;
  currency: string;
  deliveryMethod: DeliveryMethod;
  destination?: DestinationInput;
  pickupNode?: string;
  lines: readonly CartLineInput[];
  coupons?: readonly string[];
  locale?: string;
  /** Recorded on OrderPlaced as a baseline (imports: the marketplace's own estimate). */
  externalPromise?: Readonly<{ source: string; deliverBy: string }>;
}>;

export type PlaceOrderMeta = Readonly<{
  idempotencyKey: string;
  /** Whose key space the Idempotency-Key lives in (the caller's principal id): two callers' keys never collide. */
  keyScope: string;
  now: string;
  actor: Actor;
}>;

/** Checkout needs, besides the order deps, the installation's tracking-token issuer. */
/** `addressSealer` seals the personal part of the delivery address before OrderPlaced is written (application/privacy/addressPrivacy.ts). */
export type PlacementDeps = OrderDeps & Readonly<{ trackingTokens: TrackingTokens; addressSealer: AddressSealer }>;

/** `created` is false when the Idempotency-Key named an order that already exists (a retry). */
export type PlaceOrderResult = Readonly<{ created: boolean; order: PlacedOrderView; position?: bigint }>;

/** The order id an Idempotency-Key stands for (in its caller's key space): a retried checkout finds the order it created. */
export const orderIdFor = (keyScope: string, idempotencyKey: string): string => `ord-${deriveCommandId(`${keyScope}\n${idempotencyKey}`, 'order')}`;

const PICKUP_METHODS: readonly DeliveryMethod[] = ['pickup', 'ship_to_store'];

/** The point sourcing and the promise work from — and record in their explanations: rounded, never the customer's door. */
const geo = (d: DestinationInput): Destination => ({
  lat: coarse(d.lat),
  lng: coarse(d.lng),
  country: d.country,
  ...(d.region ? { region: d.region } : {}),
  ...(d.postalCode ? { postalCode: d.postalCode } : {}),
});

const address = (d: DestinationInput): Address => {
  const out: Record<string, unknown> = {};
  for (const k of ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'lat', 'lng'] as const) if (d[k] !== undefined) out[k] = d[k];
  return out as Address;
};

/** The placement as recorded: OrderPlaced and the status it left the order in. */
const recordedPlacement = async (rt: OrderRuntime, stream: string): Promise<{ placed: OrderPlaced['data']; status: Order['status'] }> => {
  const events: OrderEvent[] = [];
  for await (const e of rt.eventStore.readStream(stream, { maxCount: 2 })) events.push({ type: e.type, data: e.data } as unknown as OrderEvent);
  const placed = events[0] as OrderPlaced;
  const commandEvents = events.filter((e) => e.type === 'OrderPlaced' || e.type === 'OrderStatusChanged');
  const state = fold(orderDecider, commandEvents) as Order;
  return { placed: placed.data, status: state.status };
};

const replay = async (rt: OrderRuntime, tokens: TrackingTokens, sealer: AddressSealer, stream: string, hash: string): Promise<PlaceOrderResult> => {
  const { placed, status } = await recordedPlacement(rt, stream);
  if (placed.checkout?.requestHash !== hash) {
    throw new ValidationError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used for a different order request; use a new key for a new order');
  }
  const view = { ...placed, ...(placed.destination ? { destination: await openAddress(sealer, placed.destination) } : {}) };
  return { created: false, order: placedOrderView(view, status, await tokens.issue(placed.orderId)) };
};

/**
 * Order capture (`POST /orders`). Validates against the catalog and the network, quotes the
 * promise, sources and reserves (see `planCheckout`), prices the lines as sourced, then appends
 * OrderPlaced to a new stream. A 201 therefore means the stock is held; the process manager
 * confirms the holds after payment and fraud checks, and the reaper frees them if it never does.
 *
 * Idempotent: the order id derives from the Idempotency-Key, so a retry finds the order and gets
 * the same body; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED. Every refusal
 * before the holds writes nothing; any failure after them releases them (`compensation`).
 */
export const placeOrder = async (deps: PlacementDeps, input: PlaceOrderInput, meta: PlaceOrderMeta): Promise<PlaceOrderResult> => {
  const rt = orderRuntime(deps);
  const orderId = orderIdFor(meta.keyScope, meta.idempotencyKey);
  const idempotencyKey = `${meta.keyScope}\n${meta.idempotencyKey}`;
  const stream = orderStreamName(orderId);
  const hash = requestHash(input);
  const current = await rt.commands.load<OrderState, OrderEvent>(orderDecider, stream);
  if (current.state.status !== 'none') return replay(rt, deps.trackingTokens, deps.addressSealer, stream, hash);

  currencyPricing(rt.settings, input.currency);
  const isPickup = PICKUP_METHODS.includes(input.deliveryMethod);
  if (isPickup && !input.pickupNode) throw new ValidationError('PICKUP_NODE_REQUIRED', `pickupNode is required for ${input.deliveryMethod}`, { field: 'pickupNode' });
  if (!isPickup && !input.destination) throw new ValidationError('DESTINATION_REQUIRED', `destination is required for ${input.deliveryMethod} delivery`, { field: 'destination' });
  const pickup = isPickup ? await resolvePickupNode(deps, input.pickupNode!, input.deliveryMethod as 'pickup' | 'ship_to_store') : undefined;
  const lines = await resolveCatalogLines(deps, input.lines, input.currency);
  const ctx = pinnedContext(await loadSourcingContext(rt, lines.map((l) => l.sku)), input.lines);
  const destination = input.destination ? geo(input.destination) : undefined;
  const pickupNode = pickup?.id;
  const quoteRequest = {
    now: meta.now,
    channel: input.channel,
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    ...(destination ? { destination } : {}),
    ...(pickupNode ? { pickupNode } : {}),
    methods: [promiseMethodOf(input.deliveryMethod).method],
  };
  const quoted = chosenOption(quoteWith(rt, ctx, quoteRequest), input.deliveryMethod, pickupNode);
  const nodeCountry = new Map(ctx.nodes.map((n) => [n.id, n.location.country]));
  const taxDestination = pickup
    ? { country: pickup.location.country, ...(pickup.location.region ? { region: pickup.location.region } : {}) }
    : { country: destination!.country, ...(destination!.region ? { region: destination!.region } : {}) };
  // Priced once before the holds (so a pricing error writes nothing) and reused when no race moved a unit.
  let priced: { key: string; result: ReturnType<typeof priceParts> } | undefined;
  const partsKey = (parts: readonly PlannedPart[]) => parts.map((p) => `${p.lineId}:${p.node ?? ''}:${p.quantity}`).sort().join('|');
  const price = (parts: readonly PlannedPart[]) => {
    const key = partsKey(parts);
    if (priced?.key === key) return priced.result;
    priced = { key, result: pricePlain(parts) };
    return priced.result;
  };
  const pricePlain = (parts: readonly PlannedPart[]) =>
    priceParts(rt.settings, {
      currency: input.currency,
      method: input.deliveryMethod,
      taxDestination,
      coupons: input.coupons ?? [],
      now: meta.now,
      lines,
      parts,
      originOf: (node) => (node === undefined ? undefined : nodeCountry.get(node)),
    });
  const holdMeta = { orderId, now: meta.now, actor: meta.actor };
  // The promoted rule set (if any) sources; a shadow candidate decides beside it after the append.
  const ruleSets = await activeRuleSets(rt, rt.settings.ruleSet);
  const plan = await planCheckout(
    withLiveRuleSet(rt, ruleSets.live),
    ctx,
    {
      orderId,
      idempotencyKey,
      channel: input.channel,
      method: input.deliveryMethod,
      ...(destination ? { destination } : {}),
      ...(pickupNode ? { pickupNode } : {}),
      lines,
      allowBackorder: rt.settings.backorderChannels.includes(input.channel),
      now: meta.now,
      actor: meta.actor,
      expiresAt: new Date(Date.parse(meta.now) + rt.settings.holdTtlSeconds * 1000).toISOString(),
    },
    (parts) => void price(parts),
  );
  try {
    const byIndex = new Map(lines.map((l) => [l.index, l]));
    const chosenNodes = [...new Set(plan.parts.flatMap((p) => (p.node ? [p.node] : [])))];
    const option = promiseForPlan(rt, ctx, quoteRequest, quoted, chosenNodes, input.deliveryMethod);
    const promise = orderPromiseOf(option, deriveCommandId(idempotencyKey, 'promise'));
    const token = await deps.trackingTokens.issue(orderId);
    // Personal data never enters the event log in clear: sealed with the customer's key first.
    const sealedDestination = input.destination && !isPickup ? await sealAddress(deps.addressSealer, input.customerId, address(input.destination)) : undefined;
    const command: PlaceOrder = {
      type: 'PlaceOrder',
      data: {
        orderId,
        channel: input.channel,
        customerId: input.customerId,
        currency: input.currency,
        deliveryMethod: input.deliveryMethod,
        ...(sealedDestination ? { destination: sealedDestination } : {}),
        ...(pickupNode ? { pickupNode } : {}),
        lines: plan.parts.map((p) => {
          const line = byIndex.get(p.index)!;
          return {
            lineId: p.lineId,
            sku: p.sku,
            quantity: p.quantity,
            unitPrice: line.unitPrice,
            taxClass: line.taxClass,
            weightGrams: line.weightGrams,
            ...(p.node ? { node: p.node } : {}),
            ...(p.reservationId ? { reservationId: p.reservationId } : {}),
          };
        }),
        pricing: pricingToJson(price(plan.parts)),
        ...(promise ? { promise } : {}),
        trackingTokenHash: trackingTokenHash(token),
        reservationIds: plan.holds.map((h) => h.reservationId),
        locale: input.locale ?? 'en',
        checkout: { requestHash: hash, sourcing: plan.rounds, ...(option ? { quote: option } : {}), ...(input.externalPromise ? { externalPromise: input.externalPromise } : {}) },
      },
      metadata: { now: meta.now, commandId: deriveCommandId(idempotencyKey, 'place'), actor: meta.actor, correlationId: orderId },
    };
    const result = await rt.commands.handle(orderDecider, stream, command);
    if (result.replayed) {
      // A concurrent duplicate of this request placed the order first: give back any hold it did not use.
      const kept = new Set((result.state as Order).reservationIds);
      await releaseHolds(rt, plan.holds.filter((h) => !kept.has(h.reservationId)), holdMeta);
      return replay(rt, deps.trackingTokens, deps.addressSealer, stream, hash);
    }
    const placed = result.newEvents[0] as OrderPlaced;
    shadowPlacement(withLiveRuleSet(rt, ruleSets.live), ctx, {
      orderId, channel: input.channel, method: input.deliveryMethod, lines, now: meta.now,
      ...(destination ? { destination } : {}), ...(pickupNode ? { pickupNode } : {}),
    }, plan.rounds[0]?.decision, ruleSets.candidate);
    const view = { ...placed.data, ...(placed.data.destination ? { destination: address(input.destination!) } : {}) };
    return { created: true, order: placedOrderView(view, (result.state as Order).status, token), ...(result.position ? { position: result.position } : {}) };
  } catch (error) {
    await releaseHolds(rt, plan.holds, holdMeta);
    throw error;
  }
};
