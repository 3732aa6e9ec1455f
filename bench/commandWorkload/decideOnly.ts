import { inventoryDecider, type InventoryState } from '../../domain/inventory/index.js';
import { orderDecider } from '../../domain/order/index.js';
import type { Workload } from './workloadCommands.js';

/**
 * CPU per command of the deciders alone (decide + evolve, states in a Map, no handler, no store):
 * the work both systems share. It bounds any ratio between them: a handler and store costing
 * nothing would still pay this, so ratio ≤ (peer's CPU per command) / (this).
 */
export const decideOnlyCpuMicros = (workload: Workload): number => {
  const states = new Map<string, InventoryState>();
  const apply = (stream: string, command: Parameters<typeof inventoryDecider.decide>[0]) => {
    const state = states.get(stream) ?? inventoryDecider.initialState();
    states.set(stream, inventoryDecider.decide(command, state).reduce(inventoryDecider.evolve, state));
  };
  for (const { stream, command } of workload.stock) apply(stream, command);
  let commands = 0;
  const start = process.cpuUsage();
  for (const order of workload.orders) {
    for (const { stream, command } of order.reservations) {
      apply(stream, command);
      commands++;
    }
    if (order.placement) {
      const initial = orderDecider.initialState();
      orderDecider.decide(order.placement.command, initial).reduce(orderDecider.evolve, initial);
      commands++;
    }
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / commands;
};
