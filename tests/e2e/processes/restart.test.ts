import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { openOms, type Oms } from '../../../api/bootstrap/openOms.js';
import { createOmsApp } from '../../../api/server.js';
import { loadAggregate } from '../../../application/commandHandler.js';
import { inventoryDecider, inventoryStreamName } from '../../../domain/inventory/index.js';
import { isPlaced, orderDecider, orderStreamName, type Order } from '../../../domain/order/index.js';
import { loadConfig } from '../../../infrastructure/config/config.js';
import { TEST_ENV } from '../../support/testOms.js';

/**
 * Restart safety with the real OMS on one data directory: work the processes missed while they
 * were down is caught up from their checkpoint, and a deadline that passed while the OMS was
 * stopped fires after the restart (timers are documents, not setTimeouts).
 */
describe('e2e/processes — restarts', function () {
  this.timeout(20_000);
  let dir: string;
  let oms: Oms | undefined;
  const open = async (processes: boolean) => {
    const config = loadConfig({ OMS_DATA_DIR: dir, OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'test', ...TEST_ENV, OMS_SQLITE_SYNCHRONOUS: 'NORMAL' });
    oms = await openOms(config, { logger: pino({ level: 'silent' }), processes: { disabled: !processes, timerPollMs: 20 } });
    return { oms, http: request(createOmsApp(oms)) };
  };
  const order = async (orderId: string): Promise<Order> => {
    const { state } = await loadAggregate(oms!.eventStore, orderDecider, orderStreamName(orderId));
    if (!isPlaced(state)) throw new Error('no order');
    return state;
  };
  const until = async (what: string, condition: () => Promise<boolean>) => {
    const deadline = Date.now() + 5_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'oms-restart-'));
  });
  afterEach(async () => {
    await oms?.close();
    oms = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up after downtime and fires a deadline that passed while the OMS was stopped', async () => {
    let { http } = await open(false);
    await http.post('/network/nodes').send({ id: 'store-paris', type: 'store', name: 'Paris', location: { lat: 48.86, lng: 2.34, country: 'FR', timezone: 'Europe/Paris' }, capabilities: ['pickup'], processingHours: 2, cutoffLocal: '17:00', dailyCapacity: 100 }).expect(201);
    await http.put('/catalog/skus/MUG').send({ name: 'Mug', prices: { EUR: '12.50' }, weightGrams: 400, taxClass: 'standard' });
    await http.post('/inventory/receipts').send({ node: 'store-paris', sku: 'MUG', quantity: 4, reference: 'r-1' });
    const placed = await http.post('/orders').set('Idempotency-Key', 'restart-1').send({ channel: 'web', customerId: 'c-9', currency: 'EUR', deliveryMethod: 'pickup', pickupNode: 'store-paris', lines: [{ sku: 'MUG', quantity: 2 }] });
    expect(placed.status, JSON.stringify(placed.body)).to.equal(201);
    const orderId = placed.body.orderId as string;
    expect((await order(orderId)).status).to.equal('placed');
    await oms!.close();

    // Processes come back: the order placed while they were down is authorized and released.
    ({ http } = await open(true));
    await oms!.processes!.waitUntilIdle();
    expect((await order(orderId)).status).to.equal('released');
    const ready = await http.post(`/orders/${orderId}/ready-for-pickup`).set('Idempotency-Key', 'ready-1').send({ node: 'store-paris', deadline: new Date(Date.now() + 500).toISOString() });
    expect(ready.status, JSON.stringify(ready.body)).to.equal(200);
    await oms!.processes!.waitUntilIdle();
    await oms!.close();
    await new Promise((r) => setTimeout(r, 700)); // the deadline passes while nothing runs

    await open(true);
    await until('the pickup deadline to fire after the restart', async () => (await order(orderId)).status === 'cancelled');
    await oms!.processes!.waitUntilIdle();
    const stock = (await loadAggregate(oms!.eventStore, inventoryDecider, inventoryStreamName('store-paris', 'MUG'))).state;
    expect({ onHand: stock.onHand, reserved: stock.reserved }).to.deep.equal({ onHand: 4, reserved: 0 });
  });
});
