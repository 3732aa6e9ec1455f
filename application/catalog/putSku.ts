import { skuDecider, skuFromState, skuStreamName, type Sku, type SkuDimensions, type SkuStatus } from '../../domain/catalog/index.js';
import type { MoneyJson } from '../../domain/shared/money.js';
import { handleFresh } from '../inventory/handleFresh.js';
import { currentState } from '../inventory/references.js';
import { commandMetadata, outcomeOf, type CommandDeps, type Outcome, type RequestMeta } from '../inventory/useCaseContext.js';

/**
 * Dimensions recorded when a SKU is first defined without them (the public contract does not
 * require them): 1 × 1 × 1 mm reads as "not measured yet". Send `dimensions` to record real ones.
 */
export const UNMEASURED: SkuDimensions = { lengthMm: 1, widthMm: 1, heightMm: 1 };

export type PutSkuInput = Readonly<{
  name: string;
  /** Price per currency, as the API takes them: `{ "EUR": "19.99", "GBP": "17.50" }`. */
  prices: Readonly<Record<string, string>>;
  weightGrams: number;
  taxClass: string;
  dimensions?: SkuDimensions;
  status?: SkuStatus;
}>;

export type SkuResult = Readonly<{ sku: Sku; outcome: Outcome; created: boolean }>;

const priceList = (prices: PutSkuInput['prices']): MoneyJson[] =>
  Object.entries(prices).map(([currency, amount]) => ({ currency, amount }));

/**
 * PUT semantics: defines the SKU when it is new, otherwise replaces the fields sent (a field left
 * out keeps its value). Only what actually changed becomes an event; an identical PUT writes nothing.
 */
export const putSku = async (deps: CommandDeps, sku: string, input: PutSkuInput, meta: RequestMeta): Promise<SkuResult> => {
  const stream = skuStreamName(sku);
  const before = await currentState(deps, skuDecider, stream, (s) => s.definition !== null);
  const prices = priceList(input.prices);
  const result = before.definition === null
    ? await handleFresh(deps, skuDecider, stream, {
      type: 'DefineSku',
      data: {
        sku, name: input.name, prices, weightGrams: input.weightGrams, taxClass: input.taxClass,
        dimensions: input.dimensions ?? UNMEASURED, ...(input.status ? { status: input.status } : {}),
      },
      metadata: commandMetadata(meta),
    })
    : await handleFresh(deps, skuDecider, stream, {
      type: 'UpdateSku',
      data: {
        sku,
        changes: {
          name: input.name, prices, weightGrams: input.weightGrams, taxClass: input.taxClass,
          ...(input.dimensions ? { dimensions: input.dimensions } : {}), ...(input.status ? { status: input.status } : {}),
        },
      },
      metadata: commandMetadata(meta),
    });
  return { sku: skuFromState(result.state)!, outcome: outcomeOf(result), created: before.definition === null };
};
