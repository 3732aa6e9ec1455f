import type { Command } from '../shared/decider.js';
import type { ChannelProtection, DisplayThreshold, NodeSelector, SafetyStockPolicy, SupplyRules } from './events.js';

/**
 * Defaults when omitted: every node; on-hand only; node safety stock, no extra; no protection;
 * no threshold or cap; closed and blocked nodes excluded.
 */
export type DefineAtsViewData = Readonly<{
  name: string;
  description?: string;
  channels: readonly string[];
  nodes?: NodeSelector;
  supply?: Partial<SupplyRules>;
  safetyStock?: Partial<SafetyStockPolicy>;
  channelProtection?: readonly ChannelProtection[];
  threshold?: Partial<DisplayThreshold>;
  respectNodeStatus?: boolean;
  respectBlockedChannels?: boolean;
}>;

/** `supply`, `safetyStock` and `threshold` merge field by field; every other field replaces the current value. */
export type UpdateAtsViewData = Readonly<{
  name: string;
  changes: Readonly<Partial<Omit<DefineAtsViewData, 'name'>>>;
}>;

export type DefineAtsView = Command<'DefineAtsView', DefineAtsViewData>;
export type UpdateAtsView = Command<'UpdateAtsView', UpdateAtsViewData>;
export type AtsViewCommand = DefineAtsView | UpdateAtsView;
