import type { ReturnPolicy } from '../../domain/return/policy.js';
import type { RoutingCosts } from '../../domain/return/routeReturn.js';
import type { CommandHandler } from '../commandHandler.js';

/**
 * Per-OMS configuration of the returns feature: the policy in force (data, versioned), the
 * category of each SKU (the catalog has no category; policies key windows and fees by it) and the
 * routing economics. Keyed by the command handler like the order runtime, so the API, the CLI
 * and the returns process of one OMS share it.
 */
export type ReturnSettings = Readonly<{
  policy: ReturnPolicy;
  /** SKU → policy category; unknown SKUs fall in `defaultCategory`. */
  categories: Readonly<Record<string, string>>;
  defaultCategory: string;
  /** A node "needs" a returned SKU up to this many available units (return routing input). */
  routingTargetStock: number;
  routingCosts?: RoutingCosts;
}>;

export const DEFAULT_RETURN_POLICY: ReturnPolicy = {
  policyId: 'default',
  version: 1,
  window: { defaultDays: 30, startsAt: 'delivery', overrides: [] },
  nonReturnable: { categories: ['gift_cards'], skus: [] },
  conditionRules: [],
  restockingFees: [],
  shippingRefund: { onWholeOrder: true, onMerchantFault: true },
  refundTiming: { default: 'on_receipt' },
  tenderOrder: ['store_credit', 'exchange_credit', 'card', 'paypal', 'gift_card'],
};

export const defaultReturnSettings = (): ReturnSettings => ({
  policy: DEFAULT_RETURN_POLICY,
  categories: {},
  defaultCategory: 'general',
  routingTargetStock: 1,
});

const settingsByOms = new WeakMap<CommandHandler, ReturnSettings>();

export const returnSettings = (deps: Readonly<{ commands: CommandHandler }>): ReturnSettings =>
  settingsByOms.get(deps.commands) ?? defaultReturnSettings();

/** Replaces the returns configuration of an OMS (start-up configuration, tests). */
export const configureReturns = (deps: Readonly<{ commands: CommandHandler }>, settings: Partial<ReturnSettings>): ReturnSettings => {
  const next = { ...defaultReturnSettings(), ...settings };
  settingsByOms.set(deps.commands, next);
  return next;
};

export const categoryOf = (settings: ReturnSettings, sku: string): string => settings.categories[sku] ?? settings.defaultCategory;
