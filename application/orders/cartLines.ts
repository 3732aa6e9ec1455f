import type { Sku } from '../../domain/catalog/index.js';
import type { FulfilmentNode } from '../../domain/network/index.js';
import { ValidationError } from '../../domain/shared/errors.js';
import type { MoneyJson } from '../../domain/shared/money.js';
import { findNode, findSku } from '../inventory/references.js';
import type { OrderDeps } from './orderRuntime.js';

/** `node`: ship this line from that node only (a marketplace seller's own stock); default any node. */
export type CartLineInput = Readonly<{ sku: string; quantity: number; node?: string }>;

/** A cart line with what the catalog says about it: price in the order currency, tax class, weight. */
export type CatalogLine = Readonly<{
  /** Index of the request line (`lines[index]`). */
  index: number;
  sku: string;
  quantity: number;
  unitPrice: MoneyJson;
  taxClass: string;
  weightGrams: number;
}>;

/**
 * Resolves every cart line against the catalog (the SKU aggregates, through the command handler's
 * cache): unknown or discontinued SKUs and missing prices are 422s naming the line's field. All
 * problems are reported at once so a client fixes its cart in one round trip.
 */
export const resolveCatalogLines = async (deps: OrderDeps, lines: readonly CartLineInput[], currency: string): Promise<CatalogLine[]> => {
  const skus = new Map<string, Sku | undefined>();
  for (const sku of new Set(lines.map((l) => l.sku))) skus.set(sku, await findSku(deps, sku));
  const problems: { field: string; sku: string; reason: string }[] = [];
  const resolved: CatalogLine[] = [];
  lines.forEach((line, index) => {
    const field = `lines[${index}].sku`;
    const sku = skus.get(line.sku);
    if (!sku) return problems.push({ field, sku: line.sku, reason: 'is not in the catalog' });
    if (sku.status !== 'active') return problems.push({ field, sku: line.sku, reason: `is ${sku.status}` });
    const price = sku.prices.find((p) => p.currency === currency);
    if (!price) return problems.push({ field, sku: line.sku, reason: `has no price in ${currency}` });
    resolved.push({ index, sku: line.sku, quantity: line.quantity, unitPrice: price, taxClass: sku.taxClass, weightGrams: sku.weightGrams });
    return undefined;
  });
  if (problems.length > 0) {
    const code = problems.every((p) => p.reason === 'is not in the catalog') ? 'UNKNOWN_SKU' : 'SKU_NOT_ORDERABLE';
    throw new ValidationError(code, problems.map((p) => `${p.field} ${p.sku} ${p.reason}`).join('; '), { errors: problems });
  }
  return resolved;
};

/** The store a pickup or ship-to-store order is collected at: registered, open and able to hand over. */
export const resolvePickupNode = async (deps: OrderDeps, nodeId: string, method: 'pickup' | 'ship_to_store'): Promise<FulfilmentNode> => {
  const node = await findNode(deps, nodeId);
  if (!node) throw new ValidationError('UNKNOWN_PICKUP_NODE', `pickupNode ${nodeId} is not a registered node`, { field: 'pickupNode', nodeId });
  const capability = method === 'pickup' ? 'pickup' : 'shipToStore';
  if (node.status !== 'open' || !node.capabilities.includes(capability)) {
    throw new ValidationError('PICKUP_NODE_INELIGIBLE', `pickupNode ${nodeId} does not offer ${method.replace(/_/g, '-')} (${node.status}, capabilities: ${node.capabilities.join(', ')})`, {
      field: 'pickupNode',
      nodeId,
    });
  }
  return node;
};
