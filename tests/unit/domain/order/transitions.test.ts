import { expect } from 'chai';
import { ConflictError, NotFoundError } from '../../../../domain/shared/errors.js';
import {
  findTransition, ORDER_COMMAND_TYPES, ORDER_STATUSES, orderDecider, TRANSITIONS, type OrderStatus, type OrderStatusChanged,
} from '../../../../domain/order/index.js';
import { expectJsonSafe } from '../support/givenWhenThen.js';
import { blindCommand } from './support/commandFactory.js';
import { explore, type Reached, type Step } from './support/explore.js';
import { checkInvariants } from './support/invariants.js';

describe('order transition table', () => {
  let reached: Reached[] = [];
  let steps: Step[] = [];

  before(function () {
    this.timeout(60_000);
    ({ reached, steps } = explore(7, 1));
  });

  it('is a table of (from, command, to) rows: one row per pair, known statuses and commands only', () => {
    const keys = TRANSITIONS.map((t) => `${t.from}|${t.on}`);
    expect(new Set(keys).size).to.equal(keys.length);
    for (const t of TRANSITIONS) {
      expect([...ORDER_STATUSES, 'none']).to.include(t.from);
      expect(ORDER_COMMAND_TYPES).to.include(t.on);
      expect(t.to.length).to.be.greaterThan(0);
      for (const to of t.to) expect(ORDER_STATUSES).to.include(to);
    }
    expect(TRANSITIONS.filter((t) => t.from === 'none').map((t) => t.on)).to.deep.equal(['PlaceOrder']);
    expect(TRANSITIONS.filter((t) => t.from === 'completed' || t.from === 'cancelled')).to.deep.equal([]);
  });

  it('reaches every status from placement', () => {
    expect([...new Set(reached.map((r) => r.state.status))].sort()).to.deep.equal([...ORDER_STATUSES].sort());
  });

  it('allows every row at least once, landing in one of its listed targets and recording the transition', () => {
    const byRow = new Map<string, Step>();
    for (const s of steps) {
      const key = `${s.from.state.status}|${s.command.type}`;
      const row = findTransition(s.from.state.status, s.command.type)!;
      expect(row.to, key).to.include(s.after.status);
      const change = s.events.filter((e): e is OrderStatusChanged => e.type === 'OrderStatusChanged');
      if (s.after.status === s.from.state.status) expect(change, key).to.deep.equal([]);
      else expect(change.map((e) => e.data), key).to.deep.equal([{ from: s.from.state.status, to: s.after.status, on: s.command.type, at: s.command.metadata.now }]);
      if (!byRow.has(key)) byRow.set(key, s);
    }
    const missing = TRANSITIONS.filter((t) => t.from !== 'none' && !byRow.has(`${t.from}|${t.on}`)).map((t) => `${t.from} --${t.on}-->`);
    expect(missing, 'rows never exercised').to.deep.equal([]);
    expect(byRow.size).to.equal(TRANSITIONS.length - 1);
  });

  it('refuses every (status, command) pair missing from the table with ILLEGAL_TRANSITION naming the state', () => {
    let refused = 0;
    for (const status of ORDER_STATUSES) {
      const sample = reached.find((r) => r.state.status === status)!;
      for (const type of ORDER_COMMAND_TYPES) {
        if (findTransition(status, type) !== undefined) continue;
        let error: unknown;
        try {
          orderDecider.decide(blindCommand(type), sample.state);
        } catch (e) {
          error = e;
        }
        expect(error, `${status} × ${type}`).to.be.instanceOf(ConflictError);
        const c = error as ConflictError;
        expect(c.code).to.equal('ILLEGAL_TRANSITION');
        expect(c.status).to.equal(409);
        expect(c.details).to.deep.equal({ state: status, command: type });
        expect(c.message).to.contain(status).and.to.contain(type);
        refused += 1;
      }
    }
    const allowedFromStatuses = TRANSITIONS.filter((t) => t.from !== 'none').length;
    expect(refused).to.equal(ORDER_STATUSES.length * ORDER_COMMAND_TYPES.length - allowedFromStatuses);
  });

  it('answers ORDER_NOT_FOUND to any command but PlaceOrder before the order exists', () => {
    for (const type of ORDER_COMMAND_TYPES.filter((t) => t !== 'PlaceOrder')) {
      expect(() => orderDecider.decide(blindCommand(type), orderDecider.initialState()), type).to.throw(NotFoundError).with.property('code', 'ORDER_NOT_FOUND');
    }
  });

  it('keeps every explored order consistent: money, quantities, status, replay, JSON events', function () {
    this.timeout(60_000);
    const terminal = new Set<OrderStatus>();
    for (const r of reached) {
      checkInvariants(r.state, r.history);
      expectJsonSafe(r.history);
      expect(r.state.history.map((h) => h.to).at(-1)).to.equal(r.state.status);
      if (r.state.status === 'completed' || r.state.status === 'cancelled') terminal.add(r.state.status);
    }
    expect([...terminal].sort()).to.deep.equal(['cancelled', 'completed']);
  });
});
