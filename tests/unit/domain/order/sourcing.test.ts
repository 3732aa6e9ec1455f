import { expect } from 'chai';
import { lineQuantities, lineStatus, orderDecider, type OrderReleaseRejected } from '../../../../domain/order/index.js';
import { specFor } from '../support/givenWhenThen.js';
import { asOrder, command, later, run } from './support/fixtures.js';
import { historyOf, PLACE_PICKUP, steps } from './support/scenarios.js';

const given = specFor(orderDecider);
const source = (data: Parameters<typeof command>[1]) => command('RecordSourcing', data as never);
const release = (node: string, lines?: { lineId: string; quantity: number }[]) => command('ReleaseToNode', { node, ...(lines ? { lines } : {}) });
const reject = (node: string) => command('NodeRejected', { node, reason: 'damaged on shelf' });

describe('sourcing and node work', () => {
  it('splits a line across nodes and backorders what no node has; allocating the backorder later sources the order', () => {
    const split = source({ allocations: [{ lineId: 'L1', node: 'dc-paris', quantity: 1 }, { lineId: 'L1', node: 'dc-lyon', quantity: 1 }], backordered: [{ lineId: 'L2', quantity: 1 }] });
    const { state } = run([...steps.paid(), split]);
    const order = asOrder(state);
    expect(order.status).to.equal('backordered');
    expect(lineQuantities(order.lines[0]!).allocatedByNode).to.deep.equal({ 'dc-lyon': 1, 'dc-paris': 1 });
    expect(lineStatus(order.lines[1]!)).to.equal('backordered');
    const later_ = asOrder(run([source({ allocations: [{ lineId: 'L2', node: 'dc-lille', quantity: 1 }] })], state).state);
    expect(later_.status).to.equal('sourced');
  });

  it('marks preorders with their expected date', () => {
    const order = asOrder(run([...steps.paid(), source({ allocations: [{ lineId: 'L1', node: 'dc-paris', quantity: 2 }], preordered: [{ lineId: 'L2', quantity: 1, expectedAt: later(24 * 30) }] })]).state);
    expect(order.status).to.equal('preordered');
    expect(order.lines[1]!.preorderExpectedAt).to.equal(later(24 * 30));
  });

  it('refuses to source more than is open, and sources a pickup order only at its store', () => {
    given(historyOf(steps.paid())).when(source({ allocations: [{ lineId: 'L1', node: 'dc-paris', quantity: 3 }] })).thenFails('QUANTITY_NOT_AVAILABLE');
    given(historyOf(steps.sourced())).when(source({ allocations: [{ lineId: 'L1', node: 'dc-paris', quantity: 1 }] })).thenFails('QUANTITY_NOT_AVAILABLE');
    given(historyOf(steps.paid(PLACE_PICKUP))).when(source({ allocations: [{ lineId: 'L1', node: 'dc-paris', quantity: 2 }] })).thenFails('PICKUP_NODE_MISMATCH');
    given(historyOf(steps.placed())).when(source({ allocations: [{ lineId: 'L1', node: 'dc-paris', quantity: 2 }] })).thenFails('ILLEGAL_TRANSITION');
    given(historyOf(steps.paid())).when(source({ allocations: [{ lineId: 'L9', node: 'dc-paris', quantity: 1 }] })).thenFails('UNKNOWN_LINE');
  });

  it('releases per node, in full or in part, and refuses to release what is not allocated there', () => {
    const partial = asOrder(run([...steps.sourced(), release('dc-paris', [{ lineId: 'L1', quantity: 1 }])]).state);
    expect(partial.status).to.equal('released');
    expect(partial.lines.map(lineStatus)).to.deep.equal(['allocated', 'allocated']); // least advanced unit
    expect(lineQuantities(partial.lines[0]!).released).to.equal(1);
    given(historyOf(steps.sourced())).when(release('dc-lyon')).thenFails('NOTHING_TO_RELEASE');
  });

  it('a node rejection sends the units back to re-sourcing, frees its stock, and bars that node', () => {
    const history = historyOf(steps.released());
    const events = given(history).when(reject('dc-paris')).events();
    const rejected = events[0] as OrderReleaseRejected;
    expect(rejected.data.stockToRelease.map((s) => [s.lineId, s.node, s.stage, s.quantity])).to.deep.equal([
      ['L1', 'dc-paris', 'released', 2],
      ['L2', 'dc-paris', 'released', 1],
    ]);
    expect(events.at(-1)!.data).to.deep.include({ from: 'released', to: 'payment_authorized' });
    const after = [...history, ...events];
    given(after).when(command('Resourced', { allocations: [{ lineId: 'L1', node: 'dc-paris', quantity: 2 }] })).thenFails('NODE_ALREADY_REJECTED');
    const resourced = asOrder(given(after).when(command('Resourced', { allocations: [{ lineId: 'L1', node: 'dc-lyon', quantity: 2 }, { lineId: 'L2', node: 'dc-lille', quantity: 1 }] })).state());
    expect(resourced.status).to.equal('sourced');
    expect(resourced.lines[0]!.rejectedBy).to.deep.equal(['dc-paris']);
  });

  it('records a node acknowledgement once, and only from a node that was given work', () => {
    const history = historyOf([...steps.released(), command('NodeAccepted', { node: 'dc-paris' })]);
    given(history).when(command('NodeAccepted', { node: 'dc-paris' })).thenNothing();
    given(history).when(command('NodeAccepted', { node: 'dc-lyon' })).thenFails('NOTHING_RELEASED_TO_NODE');
  });

  it('walks a line through its sub-states: open → allocated → released → picked → packed → shipped → delivered', () => {
    const seen: string[] = [];
    let state = orderDecider.initialState();
    for (const c of [
      ...steps.sourced(),
      release('dc-paris'),
      command('RecordPicked', { node: 'dc-paris', lines: [{ lineId: 'L1', quantity: 2 }] }),
      command('RecordPacked', { node: 'dc-paris', lines: [{ lineId: 'L1', quantity: 2 }] }),
      command('RecordShipped', { shipmentId: 's1', node: 'dc-paris', lines: [{ lineId: 'L1', quantity: 2 }], carrier: 'dhl', trackingNumber: 'JD1', shippedAt: later(20) }),
      command('RecordDelivered', { shipmentId: 's1', deliveredAt: later(40) }),
    ]) {
      state = run([c], state).state;
      const s = lineStatus(asOrder(state).lines[0]!);
      if (seen.at(-1) !== s) seen.push(s);
    }
    expect(seen).to.deep.equal(['open', 'allocated', 'released', 'picked', 'packed', 'shipped', 'delivered']);
    expect(asOrder(state).status).to.equal('partially_delivered'); // L2 still released
  });

  it('refuses to pick what was not released there', () => {
    given(historyOf(steps.released())).when(command('RecordPicked', { node: 'dc-paris', lines: [{ lineId: 'L1', quantity: 3 }] })).thenFails('QUANTITY_NOT_AVAILABLE');
  });
});

