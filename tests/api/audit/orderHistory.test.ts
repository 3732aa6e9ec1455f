import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, csvCell, historyToCsv, historyToJson } from '../../../application/audit/exportHistory.js';
import { fullOrderHistory, orderHistory } from '../../../application/audit/orderHistory.js';
import { streamHistory } from '../../../application/audit/streamHistory.js';
import { inventoryStreamName } from '../../../domain/inventory/index.js';
import { T0 } from '../../unit/domain/order/support/fixtures.js';
import { AUDITOR, inventoryCommand, openAuditEnv, record, standardTimeline, type AuditEnv } from './support/timeline.js';

describe('audit: history of a stream and its export', () => {
  let env: AuditEnv;
  const orderId = 'ord-hist-1';

  before(async () => {
    env = openAuditEnv();
    await record(env, orderId, standardTimeline(orderId));
  });
  after(() => env.close());

  it('lists every event oldest first with time, actor, command, causation and reason', async () => {
    const page = await orderHistory(env, orderId);
    expect(page.stream).to.equal(`order-${orderId}`);
    expect(page.next).to.equal(null);
    expect(page.events.map((e) => e.type)).to.deep.equal([
      'OrderPlaced', 'OrderStatusChanged', 'OrderPaymentAuthorized', 'OrderStatusChanged', 'OrderSourcingRecorded', 'OrderStatusChanged',
      'OrderLinesReleased', 'OrderStatusChanged', 'OrderReleaseAccepted', 'OrderShipmentShipped', 'OrderStatusChanged',
    ]);
    expect(page.events.map((e) => e.revision)).to.deep.equal(page.events.map((_, i) => String(i)));
    const positions = page.events.map((e) => BigInt(e.position));
    expect(positions).to.deep.equal([...positions].sort((a, b) => (a < b ? -1 : 1)));
    const [placed, statusChanged] = page.events;
    expect(placed).to.include({ at: T0, commandType: 'PlaceOrder', correlationId: 'corr-1', schemaVersion: 1 });
    expect(placed!.actor).to.deep.equal(AUDITOR);
    expect(placed!.causationId).to.equal(placed!.commandId);
    expect(statusChanged!.commandId).to.equal(placed!.commandId); // one command, two events
    expect(Date.parse(placed!.recordedAt)).to.be.a('number').and.not.NaN;
    expect((placed!.data as { orderId: string }).orderId).to.equal(orderId);
    const accepted = page.events.find((e) => e.type === 'OrderReleaseAccepted')!;
    expect(accepted).to.include({ reason: 'warehouse confirmed', commandType: 'NodeAccepted' });
    expect(page.events.filter((e) => e.type !== 'OrderReleaseAccepted').every((e) => e.reason === null)).to.equal(true);
  });

  it('pages by revision: `next` is the first revision of the following page', async () => {
    const first = await orderHistory(env, orderId, { limit: 4 });
    expect(first.events.map((e) => e.revision)).to.deep.equal(['0', '1', '2', '3']);
    expect(first.next).to.equal('4');
    const second = await orderHistory(env, orderId, { from: 4n, limit: 4 });
    expect(second.events.map((e) => e.revision)).to.deep.equal(['4', '5', '6', '7']);
    const last = await orderHistory(env, orderId, { from: 8n, limit: 4 });
    expect(last.events.map((e) => e.revision)).to.deep.equal(['8', '9', '10']);
    expect(last.next).to.equal(null);
    const exact = await orderHistory(env, orderId, { from: 8n, limit: 3 });
    expect(exact.next).to.equal(null);
  });

  it('works for any stream (inventory here) and says when a stream does not exist', async () => {
    await inventoryCommand(env, 'dc-paris', 'SKU-X', { type: 'ReceiveStock', data: { nodeId: 'dc-paris', sku: 'SKU-X', quantity: 4, reference: 'PO-9' } }, T0);
    const page = await streamHistory(env.eventStore, inventoryStreamName('dc-paris', 'SKU-X'));
    expect(page!.events.map((e) => [e.type, e.commandType])).to.deep.equal([['StockReceived', 'ReceiveStock']]);
    expect(await streamHistory(env.eventStore, 'inventory-nowhere~none')).to.equal(undefined);
    await orderHistory(env, 'ord-missing').then(
      () => expect.fail('expected ORDER_NOT_FOUND'),
      (error: { code?: string; status?: number }) => expect(error).to.include({ code: 'ORDER_NOT_FOUND', status: 404 }),
    );
  });

  it('exports CSV that parses back to the same facts (RFC 4180), with formula cells neutralised', async () => {
    const entries = await fullOrderHistory(env, orderId);
    const csv = historyToCsv(entries);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).to.deep.equal([...CSV_COLUMNS]);
    expect(rows).to.have.length(entries.length);
    rows.forEach((row, i) => {
      const e = entries[i]!;
      expect(row).to.include({ position: e.position, revision: e.revision, type: e.type, at: e.at, actorKind: 'agent', actorId: 'agent-7', commandId: e.commandId });
      expect(JSON.parse(row.data!)).to.deep.equal(e.data);
    });
    expect(csvCell('=HYPERLINK("x")')).to.equal(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5')).to.equal("'-5");
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('line\nbreak')).to.equal('"line\nbreak"');
    expect(csvCell(null)).to.equal('');
  });

  it('exports JSON deterministically', async () => {
    const entries = await fullOrderHistory(env, orderId);
    const a = historyToJson({ orderId }, entries);
    const b = historyToJson({ orderId }, await fullOrderHistory(env, orderId));
    expect(a).to.equal(b);
    const parsed = JSON.parse(a) as { orderId: string; events: unknown[] };
    expect(parsed.orderId).to.equal(orderId);
    expect(parsed.events).to.deep.equal(JSON.parse(JSON.stringify(entries)));
  });
});
