import type { FulfilmentNode } from '../../domain/network/index.js';
import type { OrderPlaced } from '../../domain/order/index.js';
import { quotePromise, type AvailabilityIndex } from '../../domain/promise/index.js';
import { sourceOrder, type RuleSet, type SourcingDecision, type SourcingInput } from '../../domain/sourcing/index.js';
import { planFigures, summarizeSimulation, type OrderComparison, type SimulationSummary } from '../../domain/sourcing/simulationSummary.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { OrderSettings } from '../orders/orderSettings.js';
import { sourcingMethodOf } from '../orders/sourcingContext.js';
import { availabilityAsOfPlacement } from './simulationAvailability.js';
import type { HolderPairs } from './simulationHolders.js';
import { readPlacedOrders, type PlacedOrderRecord, type SimulationWindow } from './simulationHistory.js';

/**
 * `oms simulate`: replays the orders placed in a window through another rule set, against the
 * inventory and network as they were when each order was placed, and compares with what was
 * recorded at checkout. It only reads the event log (never appends, never touches read models).
 */
export type SimulationSettings = Pick<OrderSettings, 'rateCard' | 'handlingCost' | 'splitPenalty' | 'carrierServices' | 'transitModel' | 'promiseQuantile'>;

export type SimulationReport = Readonly<{
  window: Readonly<{ from: string | null; to: string | null }>;
  ruleSet: string;
  ordersInWindow: number;
  summary: SimulationSummary;
  /** Orders in the window not replayed, by reason. */
  skipped: Readonly<Record<string, number>>;
  assumptions: readonly string[];
  orders: readonly OrderComparison[];
}>;

export const SIMULATION_ASSUMPTIONS: readonly string[] = [
  'recorded = the last sourcing round stored on OrderPlaced (checkout.sourcing) and the promise recorded on the order',
  'availability = each inventory stream folded to just before OrderPlaced, with this order\'s own checkout reservations added back',
  'network = node streams folded to just before OrderPlaced; capacity left per node is not recorded, so every node has its dailyCapacity',
  'destination = the coordinates stored in the event (rounded to ~1 km when the address was sealed); lines without a recorded weight weigh 0 g',
  'cost model = the rate card, handling cost and split penalty of the current settings (not necessarily those of the day)',
  'candidate promise = the promise engine (static transit model of the settings, no learned model) quoted for the candidate\'s nodes only; delivery orders only',
  'on-time (candidate) = the recorded delivery instant against the candidate\'s promised day: it assumes the parcel would have arrived when the real one did',
];

type Dest = NonNullable<SourcingInput['destination']>;

const destinationOf = (placed: OrderPlaced['data']): Dest | undefined => {
  const d = placed.destination;
  if (!d || d.lat === undefined || d.lng === undefined) return undefined;
  return { lat: d.lat, lng: d.lng, country: d.country, ...(d.region ? { region: d.region } : {}), ...(d.postalCode ? { postalCode: d.postalCode } : {}) };
};

export const simulationInput = (o: PlacedOrderRecord, availability: AvailabilityIndex, ruleSet: RuleSet, settings: SimulationSettings): SourcingInput => {
  const method = sourcingMethodOf(o.placed.deliveryMethod);
  const destination = destinationOf(o.placed);
  return {
    orderId: o.orderId,
    lines: o.placed.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, weightGrams: l.weightGrams ?? 0 })),
    channel: o.placed.channel,
    deliveryMethod: method.deliveryMethod,
    service: method.service,
    ...(destination ? { destination } : {}),
    ...(o.placed.pickupNode ? { pickupNodeId: o.placed.pickupNode } : {}),
    nodes: o.nodes,
    availability,
    rateCard: settings.rateCard,
    handlingCost: settings.handlingCost,
    splitPenalty: settings.splitPenalty,
    ruleSet,
    excludedNodes: [],
    explain: 'summary',
  };
};

/** The delivery date the promise engine gives when only `chosen` may ship (null: not datable). */
export const promiseFor = (
  o: PlacedOrderRecord, nodes: readonly FulfilmentNode[], availability: AvailabilityIndex, chosen: readonly string[], settings: SimulationSettings,
): string | null => {
  const method = sourcingMethodOf(o.placed.deliveryMethod);
  const destination = destinationOf(o.placed);
  if (method.deliveryMethod !== 'delivery' || !destination || chosen.length === 0) return null;
  const quote = quotePromise({
    now: o.placed.placedAt,
    lines: o.placed.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    destination,
    channel: o.placed.channel,
    deliveryMethods: ['delivery'],
    nodes,
    availability,
    excludedNodeIds: nodes.map((n) => n.id).filter((id) => !chosen.includes(id)),
    carrierServices: settings.carrierServices,
    transitModel: settings.transitModel,
    options: { quantile: settings.promiseQuantile },
  });
  const option = quote.options.find((op) => op.method === 'delivery' && op.service === method.service);
  return option?.method === 'delivery' ? option.deliverBy : null;
};

const recordedDecision = (placed: OrderPlaced['data']): SourcingDecision | undefined => placed.checkout?.sourcing.at(-1)?.decision;

const recordedPromise = (placed: OrderPlaced['data']): string | null =>
  sourcingMethodOf(placed.deliveryMethod).deliveryMethod === 'delivery' && placed.promise?.latest ? placed.promise.latest.slice(0, 10) : null;

const toIso = (date: string | undefined) => (date ? `${date}T00:00:00.000Z` : undefined);

/** Replays the window's orders through `ruleSet`; `window` dates are YYYY-MM-DD (from inclusive, to exclusive). */
export const simulateSourcing = async (
  eventStore: EventStore,
  ruleSet: RuleSet,
  settings: SimulationSettings,
  window: Readonly<{ from?: string; to?: string }> = {},
  /** Which (node, SKU) streams exist (e.g. `readModelHolders`); without it every node × SKU is folded. */
  holdersOf?: (skus: readonly string[]) => Promise<HolderPairs>,
): Promise<SimulationReport> => {
  const w: SimulationWindow = { ...(window.from ? { from: toIso(window.from)! } : {}), ...(window.to ? { to: toIso(window.to)! } : {}) };
  const placed = await readPlacedOrders(eventStore, w);
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => void (skipped[reason] = (skipped[reason] ?? 0) + 1);
  const replayable = placed.filter((o) => {
    const reason = !recordedDecision(o.placed) ? 'noRecordedSourcing' : sourcingMethodOf(o.placed.deliveryMethod).deliveryMethod === 'delivery' && !destinationOf(o.placed) ? 'noCoordinates' : null;
    if (reason) skip(reason);
    return reason === null;
  });
  const holders = holdersOf ? await holdersOf([...new Set(replayable.flatMap((o) => o.placed.lines.map((l) => l.sku)))]) : undefined;
  const availability = await availabilityAsOfPlacement(eventStore, replayable, holders);
  const rows: OrderComparison[] = [];
  for (const o of replayable) {
    const avail = availability.get(o.stream)!;
    let candidate: SourcingDecision;
    try {
      candidate = sourceOrder(simulationInput(o, avail, ruleSet, settings));
    } catch {
      skip('candidateRejectedInput');
      continue;
    }
    const recorded = recordedDecision(o.placed)!;
    const chosen = [...new Set(candidate.assignments.map((a) => a.node))];
    rows.push({
      orderId: o.orderId,
      placedAt: o.placed.placedAt,
      recorded: planFigures(recorded, recordedPromise(o.placed)),
      candidate: planFigures(candidate, promiseFor(o, o.nodes, avail, chosen, settings)),
      ...(o.deliveredAt ? { deliveredAt: o.deliveredAt } : {}),
    });
  }
  return {
    window: { from: window.from ?? null, to: window.to ?? null },
    ruleSet: `${ruleSet.id}@${ruleSet.version}`,
    ordersInWindow: placed.length,
    summary: summarizeSimulation(rows),
    skipped,
    assumptions: SIMULATION_ASSUMPTIONS,
    orders: rows,
  };
};
