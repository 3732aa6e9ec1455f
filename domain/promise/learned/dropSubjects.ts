import type { LearnedPromiseState, Subject } from './learnedPromiseState.js';
import { pmapGet, pmapUpdateMany } from './persistentMap.js';
import { emptyTable, tableDropMany, type TableContext } from './survivalTable.js';

/**
 * `drop` for many subjects at once — the same state as dropping them one by one in this order,
 * but each touched table, bucket and order list is copied once. Housekeeping can abandon
 * thousands of subjects in one day (and a quote's tick repeats it on a copy until a recorded
 * event moves the learner on), where one-by-one drops cost (subjects + tables) / 128 each.
 */
export const dropSubjects = (s: LearnedPromiseState, dropped: readonly (readonly [string, Subject])[]): LearnedPromiseState => {
  const drops = new Map<string, { ctx: TableContext; starts: number[] }>();
  const dropFrom = (ctx: TableContext, id: string, start: number): void => {
    const entry = drops.get(id);
    if (entry) entry.starts.push(start);
    else drops.set(id, { ctx, starts: [start] });
  };
  const byOrder = new Map<string, Set<string>>();
  for (const [key, subject] of dropped) {
    const stage = key.slice(0, 1);
    for (const k of new Set(subject.keys)) dropFrom(s.ctx, `${stage}|${k}`, subject.start);
    const root = subject.keys[subject.keys.length - 1];
    if (root !== undefined) dropFrom(s.trendCtx, `${stage.toUpperCase()}|${root}`, subject.start);
    const keys = byOrder.get(subject.orderId) ?? new Set<string>();
    byOrder.set(subject.orderId, keys.add(key));
  }
  const tables = pmapUpdateMany(s.tables, [...drops].map(([id, { ctx, starts }]) => [id, tableDropMany(ctx, pmapGet(s.tables, id) ?? emptyTable(ctx, s.now), starts)] as const));
  const subjects = pmapUpdateMany(s.subjects, dropped.map(([key]) => [key, undefined] as const));
  const orderSubjects = pmapUpdateMany(s.orderSubjects, [...byOrder].map(([orderId, keys]) => {
    const remaining = (pmapGet(s.orderSubjects, orderId) ?? []).filter((k) => !keys.has(k));
    return [orderId, remaining.length > 0 ? remaining : undefined] as const;
  }));
  return { ...s, tables, subjects, orderSubjects };
};
