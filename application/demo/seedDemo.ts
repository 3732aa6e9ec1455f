import type { Actor } from '../../domain/shared/decider.js';
import { putAtsView } from '../availability/putAtsView.js';
import { putSku } from '../catalog/putSku.js';
import { deriveCommandId } from '../eventIds.js';
import { applyMovement } from '../inventory/stockMovements.js';
import type { CommandDeps, RequestMeta } from '../inventory/useCaseContext.js';
import { registerNode } from '../network/nodeUseCases.js';
import { DEMO_NODES, DEMO_SKUS, DEMO_STOCK, DEMO_SUPPLY, DEMO_VIEWS } from './demoData.js';

export const DEMO_ACTOR: Actor = { kind: 'system', id: 'demo-seed' };
const SEED_KEY = 'demo-seed-v1';

export type SeedResult = Readonly<{ seeded: boolean; commands: number; reason: string }>;

/**
 * Whether to seed: on an empty log, or to finish a seed that a crash interrupted (the log then
 * starts with the seed's own events). Any other history means a real deployment: never touch it.
 */
const shouldSeed = async (deps: CommandDeps): Promise<boolean> => {
  for await (const first of deps.eventStore.readAll({ maxCount: 1 })) {
    const actor = first.metadata.actor as { id?: unknown } | null | undefined;
    return actor?.id === DEMO_ACTOR.id;
  }
  return true;
};

/**
 * Seeds the demo network, catalogue, ATS views and stock through the ordinary use cases (the same
 * validation and events as the API). Every command id is fixed, so running it again — after a
 * crash half-way, or on every start — writes each fact at most once.
 */
export const seedDemo = async (deps: CommandDeps, now: string): Promise<SeedResult> => {
  if (!(await shouldSeed(deps))) return { seeded: false, commands: 0, reason: 'the event log already holds other data' };
  let commands = 0;
  const meta = (purpose: string): RequestMeta => {
    commands += 1;
    return { now, commandId: deriveCommandId(SEED_KEY, purpose), actor: DEMO_ACTOR };
  };
  for (const node of DEMO_NODES) await registerNode(deps, node, meta(`node/${node.id}`));
  for (const [sku, input] of Object.entries(DEMO_SKUS)) await putSku(deps, sku, input, meta(`sku/${sku}`));
  for (const [name, input] of Object.entries(DEMO_VIEWS)) await putAtsView(deps, name, input, meta(`view/${name}`));
  for (const [node, sku, quantity] of DEMO_STOCK) {
    await applyMovement(deps, 'receipt', { node, sku, quantity, reference: 'DEMO-OPENING-STOCK' }, meta(`stock/${node}/${sku}`));
  }
  const nowMs = Date.parse(now);
  for (const [node, sku, supplyId, kind, quantity, days] of DEMO_SUPPLY) {
    const eta = new Date(nowMs + days * 86_400_000).toISOString();
    await applyMovement(deps, 'supply', { node, sku, supplyId, kind, quantity, eta, reference: supplyId }, meta(`supply/${supplyId}`));
  }
  return { seeded: true, commands, reason: 'demo network seeded' };
};
