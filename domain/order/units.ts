import type { StageRef, UnitMove } from './events.js';
import type { OrderLine, UnitBucket } from './state.js';
import { LINE_STAGES, type LineStage } from './status.js';

/** Helpers over a line's unit buckets: the partition of its ordered quantity over stages (and nodes). */

const stageIndex = (s: LineStage): number => LINE_STAGES.indexOf(s);

/** Canonical form: one bucket per stage × node, no empty buckets, stable order (so replays compare equal). */
export const normaliseUnits = (units: readonly UnitBucket[]): UnitBucket[] => {
  const merged = new Map<string, UnitBucket>();
  for (const u of units) {
    const key = `${u.stage}|${u.node ?? ''}`;
    const prev = merged.get(key);
    merged.set(key, { ...u, quantity: (prev?.quantity ?? 0) + u.quantity });
  }
  return [...merged.values()]
    .filter((u) => u.quantity !== 0)
    .sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage) || (a.node ?? '').localeCompare(b.node ?? ''))
    .map((u) => (u.node === undefined ? { stage: u.stage, quantity: u.quantity } : { stage: u.stage, node: u.node, quantity: u.quantity }));
};

export const unitsIn = (line: OrderLine, stages: LineStage | readonly LineStage[], node?: string): number => {
  const set: readonly LineStage[] = typeof stages === 'string' ? [stages] : stages;
  return line.units.filter((u) => set.includes(u.stage) && (node === undefined || u.node === node)).reduce((n, u) => n + u.quantity, 0);
};

export const activeQuantity = (line: OrderLine): number => line.quantity - unitsIn(line, 'cancelled');

/** Applies moves to buckets; a move taking more than a bucket holds is a bug in the caller, not a business refusal. */
export const applyMoves = (units: readonly UnitBucket[], moves: readonly UnitMove[]): UnitBucket[] => {
  let next = [...units];
  for (const m of moves) {
    const available = next.filter((u) => u.stage === m.from.stage && u.node === m.from.node).reduce((n, u) => n + u.quantity, 0);
    if (m.quantity <= 0 || available < m.quantity) {
      throw new Error(`invalid unit move for line ${m.lineId}: ${m.quantity} from ${m.from.stage}@${m.from.node ?? '-'} (holds ${available})`);
    }
    next = normaliseUnits([...next, { ...ref(m.from), quantity: -m.quantity }, { ...ref(m.to), quantity: m.quantity }]);
  }
  return next;
};

const ref = (r: StageRef): StageRef => (r.node === undefined ? { stage: r.stage } : { stage: r.stage, node: r.node });

/**
 * Takes up to `quantity` units from the given stages, in the order the stages are listed (and only
 * at `node` when given). Returns the buckets taken from; the caller decides where they go.
 */
export const takeUnits = (
  line: OrderLine,
  stages: readonly LineStage[],
  quantity: number,
  node?: string,
): { from: StageRef; quantity: number }[] => {
  const taken: { from: StageRef; quantity: number }[] = [];
  let left = quantity;
  for (const stage of stages) {
    for (const u of line.units) {
      if (left === 0) return taken;
      if (u.stage !== stage || (node !== undefined && u.node !== node)) continue;
      const q = Math.min(left, u.quantity);
      taken.push({ from: ref(u), quantity: q });
      left -= q;
    }
  }
  return taken;
};

export const movesTo = (lineId: string, taken: readonly { from: StageRef; quantity: number }[], to: (from: StageRef) => StageRef): UnitMove[] =>
  taken.map((t) => ({ lineId, quantity: t.quantity, from: t.from, to: to(t.from) }));

export const takenQuantity = (taken: readonly { quantity: number }[]): number => taken.reduce((n, t) => n + t.quantity, 0);

/** A line's sub-status: the least advanced stage any of its active units is in. */
export const lineStatus = (line: OrderLine): LineStage => {
  const active = line.units.filter((u) => u.stage !== 'cancelled');
  if (active.length === 0) return 'cancelled';
  return active.reduce((min, u) => (stageIndex(u.stage) < stageIndex(min) ? u.stage : min), active[0]!.stage);
};

export type LineQuantities = Readonly<{
  ordered: number;
  cancelled: number;
  active: number;
  open: number;
  needsResourcing: number;
  backordered: number;
  preordered: number;
  /** Units assigned to a node (allocated or any later node stage). */
  allocated: number;
  allocatedByNode: Readonly<Record<string, number>>;
  released: number;
  shipped: number;
  delivered: number;
  readyForPickup: number;
  pickedUp: number;
  returned: number;
}>;

const AT_NODE: readonly LineStage[] = ['allocated', 'released', 'picked', 'packed', 'shipped', 'ready_for_pickup', 'delivered', 'picked_up'];

/** The per-line quantity view: ordered, cancelled, allocated per node, shipped, delivered, picked up, returned. */
export const lineQuantities = (line: OrderLine): LineQuantities => {
  const allocatedByNode: Record<string, number> = {};
  for (const u of line.units) {
    if (u.node !== undefined && AT_NODE.includes(u.stage)) allocatedByNode[u.node] = (allocatedByNode[u.node] ?? 0) + u.quantity;
  }
  return {
    ordered: line.quantity,
    cancelled: unitsIn(line, 'cancelled'),
    active: activeQuantity(line),
    open: unitsIn(line, 'open'),
    needsResourcing: unitsIn(line, 'needs_resourcing'),
    backordered: unitsIn(line, 'backordered'),
    preordered: unitsIn(line, 'preordered'),
    allocated: unitsIn(line, AT_NODE),
    allocatedByNode,
    released: unitsIn(line, AT_NODE.slice(1)),
    shipped: unitsIn(line, ['shipped', 'delivered']),
    delivered: unitsIn(line, 'delivered'),
    readyForPickup: unitsIn(line, 'ready_for_pickup'),
    pickedUp: unitsIn(line, 'picked_up'),
    returned: line.returned,
  };
};
