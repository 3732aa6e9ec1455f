import { expect } from 'chai';
import { createCommandHandler, type CommandHandler } from '../../../../application/commandHandler.js';
import { createReservationReaper, type DueReservation } from '../../../../application/inventory/reservationReaper.js';
import { inventoryDecider, inventoryStreamName, type InventoryCommand } from '../../../../domain/inventory/index.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';

const T0 = Date.parse('2025-05-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const key = { nodeId: 'dc-1', sku: 'S-1' };
const stream = inventoryStreamName('dc-1', 'S-1');

describe('application/inventory/reservationReaper', () => {
  let events: SqliteEventStore;
  let commands: CommandHandler;
  beforeEach(() => {
    events = openSqliteEventStore({ path: ':memory:' });
    commands = createCommandHandler({ eventStore: events });
  });
  afterEach(async () => events.close());

  const send = (type: InventoryCommand['type'], data: object, now: number, commandId: string) =>
    commands.handle(inventoryDecider, stream, { type, data: { ...key, ...data }, metadata: { now: iso(now), commandId } } as InventoryCommand);
  const reaperAt = (now: number, due: DueReservation[]) =>
    createReservationReaper({ commands, eventStore: events, clock: () => new Date(now), intervalMs: 60_000, findExpired: async () => due });

  it('releases what expired, replays (writes nothing) when a lagging read model lists it again, and never leaves a hold behind', async () => {
    await send('ReceiveStock', { quantity: 10, reference: 'g' }, T0, 'c-receive');
    await send('ReserveStock', { reservationId: 'r1', orderId: 'o1', lineId: 'l', quantity: 3, expiresAt: iso(T0 + 60_000) }, T0, 'c-r1');
    const due = [{ ...key, expiresAtMs: T0 + 60_000 }];

    const first = await reaperAt(T0 + 61_000, due).runOnce();
    expect(first).to.deep.equal({ positions: 1, reservationsReleased: 1, unitsReleased: 3 });
    const again = await reaperAt(T0 + 62_000, due).runOnce();
    expect(again.reservationsReleased).to.equal(0);

    // A hold with the same expiry instant, made after the first expiry command ran (its id is
    // already used): the replayed command must not leave it held.
    await send('ReserveStock', { reservationId: 'r2', orderId: 'o2', lineId: 'l', quantity: 5, expiresAt: iso(T0 + 60_000) }, T0 + 30_000, 'c-r2');
    const late = await reaperAt(T0 + 63_000, due).runOnce();
    expect(late).to.include({ reservationsReleased: 1, unitsReleased: 5 });
    const state = (await commands.load(inventoryDecider, stream)).state;
    expect(state.reserved).to.equal(0);
    expect(state.counters.expiredTotal).to.equal(8);
  });

  it('leaves holds that have not expired, and confirmed ones, alone', async () => {
    await send('ReceiveStock', { quantity: 10, reference: 'g' }, T0, 'c-receive');
    await send('ReserveStock', { reservationId: 'r1', orderId: 'o1', lineId: 'l', quantity: 2, expiresAt: iso(T0 + 60_000) }, T0, 'c-r1');
    await send('ReserveStock', { reservationId: 'r2', orderId: 'o2', lineId: 'l', quantity: 2, expiresAt: iso(T0 + 60_000) }, T0, 'c-r2');
    await send('ConfirmReservation', { reservationId: 'r2' }, T0 + 1_000, 'c-confirm');
    // The read model is wrong (lists r1 as due too early): the position's own state decides.
    const early = await reaperAt(T0 + 30_000, [{ ...key, expiresAtMs: T0 + 60_000 }]).runOnce();
    expect(early.reservationsReleased).to.equal(0);
    const due = await reaperAt(T0 + 61_000, [{ ...key, expiresAtMs: T0 + 60_000 }]).runOnce();
    expect(due).to.include({ reservationsReleased: 1, unitsReleased: 2 });
    expect((await commands.load(inventoryDecider, stream)).state.reserved).to.equal(2);
  });
});
