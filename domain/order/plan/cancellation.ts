import type { LineQuantity } from '../commands.js';
import type { StockRelease, UnitMove } from '../events.js';
import type { Order, OrderLine } from '../state.js';
import type { LineStage } from '../status.js';
import { activeQuantity, unitsIn } from '../units.js';
import { planned, refuse, type Planned } from './result.js';
import { workingLines } from './workingLines.js';

/**
 * What may be cancelled: every unit not yet with a carrier or the customer, least advanced first
 * (so a cancellation frees checkout reservations and backorders before work already released to
 * a node). Shipped, delivered and picked-up units are never cancelled (that is a return).
 */
export const CANCELLABLE_STAGES: readonly LineStage[] = [
  'open', 'needs_resourcing', 'backordered', 'preordered', 'allocated', 'released', 'picked', 'packed', 'ready_for_pickup',
];

/** Stages in which stock is held somewhere and must be given back when the units are cancelled. */
const HOLDS_STOCK: readonly LineStage[] = ['open', 'allocated', 'released', 'picked', 'packed', 'ready_for_pickup'];

export const cancellableQuantity = (line: OrderLine): number => unitsIn(line, CANCELLABLE_STAGES);

export const stockReleases = (order: Order, moves: readonly UnitMove[]): StockRelease[] =>
  moves
    .filter((m) => HOLDS_STOCK.includes(m.from.stage))
    .flatMap((m): StockRelease[] => {
      const line = order.lines.find((l) => l.lineId === m.lineId)!;
      const node = m.from.node ?? (m.from.stage === 'open' ? line.proposedNode : undefined);
      if (m.from.stage === 'open' && node === undefined && line.reservationId === undefined) return [];
      return [{
        lineId: m.lineId,
        sku: line.sku,
        ...(node === undefined ? {} : { node }),
        ...(m.from.stage === 'open' && line.reservationId !== undefined ? { reservationId: line.reservationId } : {}),
        stage: m.from.stage,
        quantity: m.quantity,
      }];
    });

export type CancellationPlan = Readonly<{ moves: UnitMove[]; stockToRelease: StockRelease[] }>;

export const planCancellation = (order: Order, requests: readonly LineQuantity[]): Planned<CancellationPlan> => {
  const w = workingLines(order);
  for (const r of requests) {
    const line = w.line(r.lineId);
    const active = activeQuantity(line);
    if (r.quantity > active) {
      return refuse('QUANTITY_EXCEEDS_LINE', `line ${r.lineId} has ${active} active units, ${r.quantity} requested`, { lineId: r.lineId, requested: r.quantity, active });
    }
    const cancellable = cancellableQuantity(line);
    if (r.quantity > cancellable) {
      return refuse('CANNOT_CANCEL_SHIPPED_QUANTITY', `line ${r.lineId}: only ${cancellable} of ${active} units can still be cancelled; the rest has shipped`, {
        lineId: r.lineId,
        requested: r.quantity,
        cancellable,
      });
    }
    w.take(r.lineId, CANCELLABLE_STAGES, r.quantity, () => ({ stage: 'cancelled' }));
  }
  if (w.moves.length === 0) return refuse('NOTHING_TO_CANCEL', 'no units would be cancelled');
  return planned({ moves: w.moves, stockToRelease: stockReleases(order, w.moves) });
};

/** The whole order: only while nothing has left with a carrier or the customer. */
export const planOrderCancellation = (order: Order): Planned<CancellationPlan> => {
  const handedOver = order.lines.reduce((n, l) => n + unitsIn(l, ['shipped', 'delivered', 'picked_up']), 0);
  if (handedOver > 0) {
    return refuse('ORDER_PARTLY_FULFILLED', `${handedOver} units have shipped or been collected; cancel the remaining lines instead`, { handedOver });
  }
  return planCancellation(
    order,
    order.lines.map((l) => ({ lineId: l.lineId, quantity: activeQuantity(l) })).filter((r) => r.quantity > 0),
  );
};
