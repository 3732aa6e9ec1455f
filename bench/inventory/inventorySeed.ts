import { putAtsView } from '../../application/availability/putAtsView.js';
import { putSku } from '../../application/catalog/putSku.js';
import { DEMO_NODES, DEMO_VIEWS } from '../../application/demo/demoData.js';
import { applyBatch } from '../../application/inventory/batchMovements.js';
import { forEachLimited } from '../../application/inventory/forEachLimited.js';
import type { CommandDeps } from '../../application/inventory/useCaseContext.js';
import { registerNode } from '../../application/network/nodeUseCases.js';
import type { OmsContext } from '../../api/bootstrap/omsContext.js';

export const benchSku = (i: number) => `SKU-${String(i).padStart(5, '0')}`;
export const DCS = ['dc-lyon', 'dc-dortmund'];

/**
 * The benchmark world: the demo network (6 nodes, two views) and `skus` SKUs, each stocked with
 * `unitsPerDc` at both DCs and a few units at two stores — through the ordinary use cases.
 */
export const seedInventoryNetwork = async (deps: CommandDeps, skus: number, unitsPerDc = 1_000_000): Promise<string[]> => {
  const now = new Date().toISOString();
  const meta = (id: string) => ({ now, commandId: `bench-seed-${id}`, actor: { kind: 'operator' as const, id: 'bench' } });
  for (const node of DEMO_NODES) await registerNode(deps, node, meta(`node-${node.id}`));
  for (const [name, view] of Object.entries(DEMO_VIEWS)) await putAtsView(deps, name, view, meta(`view-${name}`));
  const ids = Array.from({ length: skus }, (_, i) => benchSku(i));
  await forEachLimited(ids, 64, (sku) => putSku(deps, sku, { name: sku, prices: { EUR: '19.90', GBP: '17.50' }, weightGrams: 300, taxClass: 'standard' }, meta(`sku-${sku}`)).then(() => undefined));
  const lines = ids.flatMap((sku, i) => [
    ...DCS.map((node) => ({ node, sku, quantity: unitsPerDc, reference: 'BENCH' })),
    { node: i % 2 ? 'store-paris-rivoli' : 'store-london-oxford', sku, quantity: 5 + (i % 7), reference: 'BENCH' },
  ]);
  for (let from = 0; from < lines.length; from += 20_000) await applyBatch(deps, 'receipt', lines.slice(from, from + 20_000), meta(`stock-${from}`));
  return ids;
};

/** Waits until every running projection has applied the last event its filter selects. */
export const settleProjections = async (oms: OmsContext, timeoutMs = 120_000): Promise<void> => {
  for (const status of oms.projections.statuses()) {
    const runner = oms.projections.runner(status.processor.replace(/_v\d+$/, ''));
    if (!runner) continue;
    for await (const last of oms.eventStore.readAll({ direction: 'backwards', maxCount: 1, filter: runner.projection.filter })) {
      await runner.waitFor(last.position, timeoutMs);
    }
  }
};
