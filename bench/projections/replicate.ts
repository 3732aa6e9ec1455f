import { NO_STREAM, type EventStore, type EventToAppend, type JsonValue, type RecordedEvent, type StreamRevision } from '../../infrastructure/eventstore/eventStore.js';

/**
 * Grows a log recorded through the real command path into a large one: copy k of the template is
 * the same traffic with every identifier made unique to the copy (order ids, reservation ids,
 * event and command ids, payment references), appended in the template's order. Shared streams
 * (inventory positions, catalog) keep their names, so copies pile up on the same positions as real
 * orders would. Generating 1,000,000 events through checkout would take hours on this machine.
 */

const UUID_HEAD = /[0-9a-f]{8}(?=-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g;
const GATEWAY_REF = /(sim_[a-z]+_)([0-9a-f]{8})(?=[0-9a-f]{16})/g;

const xorHex8 = (hex: string, copy: number): string => ((Number.parseInt(hex, 16) ^ copy) >>> 0).toString(16).padStart(8, '0');

/**
 * Rewrites the identifiers in `text` for copy `copy`: the first 8 hex digits of every UUID and of
 * every simulated-gateway reference are XORed with the copy number. A bijection per copy, so
 * references between events stay consistent (the same id maps to the same new id everywhere), and
 * copy 0 is the template itself.
 */
export const rewriteIds = (text: string, copy: number): string => {
  if (!Number.isInteger(copy) || copy < 0 || copy > 0xffff_ffff) throw new RangeError(`copy must be a 32-bit unsigned integer, got ${copy}`);
  if (copy === 0) return text;
  return text.replace(UUID_HEAD, (hex) => xorHex8(hex, copy)).replace(GATEWAY_REF, (_m, prefix: string, hex: string) => prefix + xorHex8(hex, copy));
};

/** One append: consecutive template events of the same stream go together (fewer commits, same order). */
export type AppendGroup = Readonly<{ streamName: string; events: EventToAppend[] }>;

const BENCH_SKU = /SKU-(\d{5})\b/g;

/**
 * Moves bench SKUs (`SKU-00042`, see bench/inventory/inventorySeed.ts) by `copy` places among
 * `skus`, so copies of a few template orders spread over the whole catalogue's inventory streams
 * instead of queueing on the template's handful.
 */
export const shiftSkus = (text: string, copy: number, skus: number): string =>
  text.replace(BENCH_SKU, (_m, n: string) => `SKU-${String((Number(n) + copy) % skus).padStart(5, '0')}`);

/** Copy `copy` of the template; with `skus`, its SKUs are shifted too (`shiftSkus`). */
export const copyOf = (template: readonly RecordedEvent[], copy: number, skus?: number): AppendGroup[] => {
  const rewrite = (text: string) => (skus ? shiftSkus(rewriteIds(text, copy), copy, skus) : rewriteIds(text, copy));
  const groups: { streamName: string; events: EventToAppend[] }[] = [];
  for (const e of template) {
    const streamName = rewrite(e.streamName);
    const event: EventToAppend = {
      id: rewriteIds(e.id, copy),
      type: e.type,
      data: JSON.parse(rewrite(JSON.stringify(e.data))) as JsonValue,
      metadata: JSON.parse(rewrite(JSON.stringify(e.metadata))) as Record<string, JsonValue>,
    };
    const last = groups[groups.length - 1];
    if (last && last.streamName === streamName) last.events.push(event);
    else groups.push({ streamName, events: [event] });
  }
  return groups;
};

/**
 * Appends copies with exact expected revisions. Appends to one stream are chained (a shared
 * inventory stream gets one copy's events at a time); a copy's groups go in template order, so
 * causality inside an order (holds before OrderPlaced, payment before release) is kept.
 */
export const createReplicator = (eventStore: EventStore) => {
  const streams = new Map<string, { revision: StreamRevision | undefined; known: boolean; tail: Promise<unknown> }>();

  const appendGroup = (group: AppendGroup): Promise<bigint> => {
    let s = streams.get(group.streamName);
    if (!s) {
      s = { revision: undefined, known: false, tail: Promise.resolve() };
      streams.set(group.streamName, s);
    }
    const state = s;
    const done = state.tail.then(async () => {
      if (!state.known) {
        state.revision = await eventStore.streamRevision(group.streamName);
        state.known = true;
      }
      const result = await eventStore.append(group.streamName, group.events, { expectedRevision: state.revision ?? NO_STREAM });
      state.revision = result.nextExpectedRevision;
      return result.position;
    });
    state.tail = done.catch(() => {
      state.known = false; // re-read the revision after a failure
    });
    return done;
  };

  return {
    /** Appends one copy; resolves with the position of its last event. */
    appendCopy: async (groups: readonly AppendGroup[]): Promise<bigint> => {
      let position = 0n;
      for (const g of groups) position = await appendGroup(g);
      return position;
    },
  };
};

const PLACEMENT_TYPES = new Set(['StockReserved', 'OrderPlaced']);

/**
 * The checkout part of each template order, in log order: its holds (StockReserved), OrderPlaced
 * and the status change PlaceOrder recorded — what one `POST /orders` appends.
 */
export const placementsOf = (template: readonly RecordedEvent[]): RecordedEvent[][] => {
  const byOrder = new Map<string, RecordedEvent[]>();
  for (const e of template) {
    const orderId = e.metadata.correlationId;
    if (typeof orderId !== 'string' || !orderId.startsWith('ord-')) continue;
    const placing = PLACEMENT_TYPES.has(e.type) || (e.type === 'OrderStatusChanged' && (e.data as { on?: unknown } | null)?.on === 'PlaceOrder');
    if (!placing) continue;
    const list = byOrder.get(orderId);
    if (list) list.push(e);
    else byOrder.set(orderId, [e]);
  }
  return [...byOrder.values()].filter((events) => events.some((e) => e.type === 'OrderPlaced'));
};
