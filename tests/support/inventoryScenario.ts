import type { Express } from 'express';
import request from 'supertest';
import type { OmsContext } from '../../api/bootstrap/omsContext.js';
import type { Projection } from '../../projections/runtime/projection.js';
import { inventoryProjections } from '../../projections/inventory/inventoryProjections.js';

/**
 * Helpers for inventory API and end-to-end tests: a small network through the real API, and a
 * wait for the inventory projections to apply everything written so far.
 */
let keySeq = 0;
export const key = (label = 'k') => `${label}-${process.pid}-${++keySeq}`;

export const NODE = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  type: 'dc',
  name: `Node ${id}`,
  location: { lat: 48.85, lng: 2.35, country: 'FR', region: 'Île-de-France', postalCode: '75001', timezone: 'Europe/Paris' },
  capabilities: ['ship', 'pickup'],
  processingHours: 4,
  cutoffLocal: '16:00',
  dailyCapacity: 1000,
  ...overrides,
});

export const SKU = (name = 'Test item') => ({ name, prices: { EUR: '19.99', GBP: '17.50' }, weightGrams: 250, taxClass: 'standard' });

/** Registers nodes, SKUs and an `online` view (every node, on-hand only) through the API. */
export const setupNetwork = async (app: Express, nodes: readonly string[], skus: readonly string[]) => {
  for (const id of nodes) await request(app).post('/network/nodes').send(NODE(id)).expect(201);
  for (const sku of skus) await request(app).put(`/catalog/skus/${sku}`).send(SKU(sku)).expect(201);
  await request(app).put('/availability-views/online').send({ channels: ['web'] }).expect(201);
};

export const receive = (app: Express, node: string, sku: string, quantity: number) =>
  request(app).post('/inventory/receipts').set('Idempotency-Key', key('rcv')).send({ node, sku, quantity, reference: 'GRN-1' }).expect(201);

/**
 * Waits until every inventory projection has applied the last event it cares about. (A
 * projection whose filter excludes the log's last events never reaches the head itself.)
 */
export const settle = async (oms: OmsContext, projections: readonly Projection[] = inventoryProjections(), timeoutMs = 10_000) => {
  for (const projection of projections) {
    let last: bigint | undefined;
    for await (const e of oms.eventStore.readAll({ direction: 'backwards', filter: projection.filter, maxCount: 1 })) last = e.position;
    const runner = oms.projections.runner(projection.name);
    if (last !== undefined && runner) await runner.waitFor(last, timeoutMs);
  }
};

export const head = (oms: OmsContext) => oms.eventStore.headPosition();
