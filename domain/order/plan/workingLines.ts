import type { UnitMove } from '../events.js';
import type { Order, OrderLine } from '../state.js';
import type { LineStage } from '../status.js';
import { applyMoves, movesTo, takeUnits, takenQuantity, unitsIn } from '../units.js';
import type { StageRef } from '../events.js';

/**
 * A scratch copy of the order's lines that plans take units from, so that several requests in one
 * command (two allocations of the same line) see each other's effect.
 */
export type WorkingLines = {
  take: (lineId: string, stages: readonly LineStage[], quantity: number, to: (from: StageRef) => StageRef, node?: string) => number;
  available: (lineId: string, stages: readonly LineStage[], node?: string) => number;
  moves: UnitMove[];
  line: (lineId: string) => OrderLine;
};

export const workingLines = (order: Order): WorkingLines => {
  const lines = new Map(order.lines.map((l) => [l.lineId, l]));
  const moves: UnitMove[] = [];
  const line = (lineId: string): OrderLine => {
    const l = lines.get(lineId);
    if (l === undefined) throw new Error(`line ${lineId} not on order ${order.orderId}`);
    return l;
  };
  return {
    moves,
    line,
    available: (lineId, stages, node) => unitsIn(line(lineId), stages, node),
    take: (lineId, stages, quantity, to, node) => {
      const current = line(lineId);
      const taken = takeUnits(current, stages, quantity, node);
      const made = movesTo(lineId, taken, to);
      if (made.length > 0) {
        lines.set(lineId, { ...current, units: applyMoves(current.units, made) });
        moves.push(...made);
      }
      return takenQuantity(taken);
    },
  };
};
