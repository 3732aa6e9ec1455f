/**
 * Fraud rules are data: a versioned rule set the operator can change without code. Each rule that
 * fires adds its score and a reason; an order whose total score reaches `holdThreshold` is held for
 * manual review. The version is stamped on every screening so a decision can be explained later.
 */
export type OrderValueRule = Readonly<{
  kind: 'orderValueAbove';
  name: string;
  /** Per currency: orders whose total is strictly above this amount (decimal string) fire. */
  thresholds: Readonly<Record<string, string>>;
  score: number;
}>;

export type VelocityRule = Readonly<{
  kind: 'velocity';
  name: string;
  /** Fires when the customer placed more than `maxOrders` orders (this one included) within `windowHours`. */
  maxOrders: number;
  windowHours: number;
  score: number;
}>;

export type CountryMismatchRule = Readonly<{
  kind: 'countryMismatch';
  name: string;
  /** Billing (card issuing) country differs from the shipping destination's country. */
  score: number;
}>;

export type HighRiskDestinationRule = Readonly<{
  kind: 'highRiskDestination';
  name: string;
  /** ISO 3166-1 alpha-2 codes. */
  countries: readonly string[];
  score: number;
}>;

export type FraudRule = OrderValueRule | VelocityRule | CountryMismatchRule | HighRiskDestinationRule;

export type FraudRuleSet = Readonly<{
  id: string;
  version: number;
  /** Total score at or above which the order is held for review. */
  holdThreshold: number;
  rules: readonly FraudRule[];
}>;

/** A conservative default: any single strong signal holds the order, weak ones need company. */
export const DEFAULT_FRAUD_RULES: FraudRuleSet = {
  id: 'default',
  version: 1,
  holdThreshold: 50,
  rules: [
    { kind: 'orderValueAbove', name: 'high-value', thresholds: { EUR: '2000.00', USD: '2200.00', GBP: '1800.00' }, score: 50 },
    { kind: 'velocity', name: 'velocity-24h', maxOrders: 5, windowHours: 24, score: 50 },
    { kind: 'countryMismatch', name: 'billing-shipping-mismatch', score: 30 },
    { kind: 'highRiskDestination', name: 'high-risk-destination', countries: ['KP', 'IR', 'SY'], score: 50 },
  ],
};
