import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { openOms } from '../../../api/bootstrap/openOms.js';
import { allProjections } from '../../../api/bootstrap/projections.js';
import { allRoutes } from '../../../api/routes/allRoutes.js';
import { createOmsApp, serve } from '../../../api/server.js';
import { putSku } from '../../../application/catalog/putSku.js';
import { applyMovement } from '../../../application/inventory/stockMovements.js';
import { registerNode } from '../../../application/network/nodeUseCases.js';
import { loadConfig } from '../../../infrastructure/config/config.js';
import { NODES, SKUS, STOCK } from '../../api/orders/support/orderFixtures.js';
import { fixtureRoutes } from '../../api/security/support/fixtureRoutes.js';
import { counterProjection } from '../../support/counterProjection.js';

/**
 * A real OMS server process for the shutdown and kill tests: the embedded store under
 * OMS_DATA_DIR, every route plus the security fixtures, `serve()` with its SIGTERM handling.
 * With CHILD_SEED=orders it seeds the order fixtures' network, catalog and stock (idempotent
 * command ids, so a restarted child seeds nothing twice). Prints `{"port":…}` once listening.
 */
const config = loadConfig(process.env);
const oms = await openOms(config, { logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }), projections: [...allProjections, counterProjection()] });
if (process.env.CHILD_SEED === 'orders') {
  const deps = { commands: oms.commands, eventStore: oms.eventStore };
  const meta = (id: string) => ({ now: '2026-03-02T09:00:00.000Z', commandId: `seed-${id}`, actor: { kind: 'operator' as const, id: 'seed' } });
  for (const n of NODES) await registerNode(deps, n, meta(`node-${n.id}`));
  for (const [sku, input] of Object.entries(SKUS)) await putSku(deps, sku, input, meta(`sku-${sku}`));
  for (const [node, sku, quantity] of STOCK) await applyMovement(deps, 'receipt', { node, sku, quantity, reference: 'OPENING' }, meta(`stock-${node}-${sku}`));
}
const server = await serve(oms, createOmsApp(oms, [...allRoutes(oms), ...fixtureRoutes(oms)]));
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
// Registered after serve()'s own handler, so this line means the server has stopped accepting connections.
process.once('SIGTERM', () => process.stdout.write('{"signal":"SIGTERM"}\n'));
