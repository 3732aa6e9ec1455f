import { expect } from 'chai';
import { quotePromise } from '../../../../domain/promise/quotePromise.js';
import type { DeliveryOption, PromiseQuote } from '../../../../domain/promise/types.js';
import { LYON, PARIS, node, promiseInput, stock } from './promiseFixtures.js';

const delivery = (quote: PromiseQuote, service: string): DeliveryOption => {
  const o = quote.options.find((x): x is DeliveryOption => x.method === 'delivery' && x.service === service);
  if (!o) throw new Error(`no ${service} option in ${JSON.stringify(quote)}`);
  return o;
};

describe('quotePromise — delivery', () => {
  const dc = node('PAR-DC', { location: PARIS });

  it('given an order before the cut-off, when quoted, then it ships today and standard (2 days) / express (1 day) deliver from there', () => {
    const quote = quotePromise(promiseInput({ nodes: [dc], now: '2026-11-26T14:00:00+01:00' }));
    const standard = delivery(quote, 'standard');
    expect(standard.shipDate).to.equal('2026-11-26');
    expect(standard.shipBy).to.equal('2026-11-26T18:00:00+01:00');
    expect(standard.deliverBy).to.equal('2026-11-28');
    expect(standard.transitDays).to.equal(2);
    expect(standard.nodes).to.deep.equal([{ nodeId: 'PAR-DC', lines: [{ sku: 'SKU-1', quantity: 1 }] }]);
    const express = delivery(quote, 'express');
    expect(express.shipBy).to.equal('2026-11-26T17:00:00+01:00');
    expect(express.deliverBy).to.equal('2026-11-27');
    expect(express.confidence).to.equal(0.9);
  });

  it('given an order after the node-local cut-off, when quoted, then processing starts the next working day and the explanation says so', () => {
    const quote = quotePromise(promiseInput({ nodes: [dc], now: '2026-11-26T16:30:00+01:00' }));
    const standard = delivery(quote, 'standard');
    expect(standard.shipDate).to.equal('2026-11-27');
    // Fri ship → Sat, (Sun not a delivery day), Mon.
    expect(standard.deliverBy).to.equal('2026-11-30');
    expect(standard.explanation.join('\n')).to.contain('cut-off 16:00 Europe/Paris passed').and.contain('start 2026-11-27');
    expect(standard.explanation.join('\n')).to.contain('no delivery on Sun 2026-11-29');
    expect(delivery(quote, 'express').deliverBy).to.equal('2026-11-28');
  });

  it('given an order on Friday after the cut-off, when quoted, then the weekend is skipped', () => {
    const quote = quotePromise(promiseInput({ nodes: [dc], now: '2026-11-27T17:00:00+01:00' }));
    const standard = delivery(quote, 'standard');
    expect(standard.shipDate).to.equal('2026-11-30');
    expect(standard.deliverBy).to.equal('2026-12-02');
    expect(standard.explanation.join('\n')).to.contain('Sat 2026-11-28 is not a working day');
  });

  it('given a node holiday on the next working day, when quoted, then that day is skipped too', () => {
    const holidayDc = node('PAR-DC', { location: PARIS, calendar: { holidays: ['2026-11-30'] } });
    const quote = quotePromise(promiseInput({ nodes: [holidayDc], now: '2026-11-27T17:00:00+01:00' }));
    const standard = delivery(quote, 'standard');
    expect(standard.shipDate).to.equal('2026-12-01');
    expect(standard.deliverBy).to.equal('2026-12-03');
    expect(standard.explanation.join('\n')).to.contain('2026-11-30 is a holiday');
  });

  it('given a carrier non-delivery date, when counting transit, then it is not a transit day', () => {
    const standard = { id: 'standard', handoverLocal: '18:00', nonDeliveryDates: ['2026-11-27'] };
    const quote = quotePromise(promiseInput({ nodes: [dc], carrierServices: [standard] }));
    // Thu ship → (Fri holiday) Sat, (Sun) Mon.
    expect(delivery(quote, 'standard').deliverBy).to.equal('2026-11-30');
  });

  it('given a service that delivers on Sundays, when counting transit, then Sunday counts', () => {
    const sevenDay = { id: 'standard', handoverLocal: '18:00', deliveryDays: [1, 2, 3, 4, 5, 6, 7] };
    const quote = quotePromise(promiseInput({ nodes: [dc], now: '2026-11-27T10:00:00+01:00', carrierServices: [sevenDay] }));
    expect(delivery(quote, 'standard').deliverBy).to.equal('2026-11-29');
  });

  it('given processing that ends after the hand-over time, when quoted, then the parcel leaves on the next collection', () => {
    const slow = node('PAR-DC', { location: PARIS, processingHours: 5 });
    const quote = quotePromise(promiseInput({ nodes: [slow], now: '2026-11-26T13:00:00+01:00' }));
    // done 18:00: standard (18:00) still makes it, express (17:00) waits for Friday.
    expect(delivery(quote, 'standard').shipDate).to.equal('2026-11-26');
    expect(delivery(quote, 'express').shipDate).to.equal('2026-11-27');
  });

  describe('capacity', () => {
    const lyonDc = node('LYS-DC', { location: LYON });

    it('given the nearest node is fully booked today, when quoted, then it starts the next working day', () => {
      const quote = quotePromise(promiseInput({ nodes: [lyonDc], now: '2026-11-26T10:00:00+01:00', capacityUsed: { 'LYS-DC': { '2026-11-26': 100 } } }));
      const standard = delivery(quote, 'standard');
      expect(standard.shipDate).to.equal('2026-11-27');
      expect(standard.explanation.join('\n')).to.contain('capacity full on 2026-11-26 (100/100)');
    });

    it('given the nearest node is full, when another node can deliver as early, then the other node is chosen', () => {
      const nodes = [lyonDc, dc];
      const free = quotePromise(promiseInput({ nodes, now: '2026-11-26T10:00:00+01:00' }));
      expect(delivery(free, 'standard').nodes[0]!.nodeId).to.equal('LYS-DC');
      expect(delivery(free, 'standard').deliverBy).to.equal('2026-11-27');
      const full = quotePromise(
        promiseInput({ nodes, now: '2026-11-26T10:00:00+01:00', capacityUsed: { 'LYS-DC': { '2026-11-26': 100, '2026-11-27': 100 } } }),
      );
      expect(delivery(full, 'standard').nodes[0]!.nodeId).to.equal('PAR-DC');
      expect(delivery(full, 'standard').deliverBy).to.equal('2026-11-28');
    });
  });

  it('given stock only arriving with expected supply, when quoted, then it ships after the ETA plus receiving', () => {
    const quote = quotePromise(
      promiseInput({
        nodes: [dc],
        stockRows: [stock('PAR-DC', 'SKU-1', 0, [{ quantity: 5, eta: '2026-12-01T10:00:00+01:00' }])],
      }),
    );
    const standard = delivery(quote, 'standard');
    expect(standard.shipDate).to.equal('2026-12-01');
    expect(standard.deliverBy).to.equal('2026-12-03');
    expect(standard.explanation.join('\n')).to.contain('supply expected 2026-12-01T09:00:00.000Z + 2 h receiving');
  });

  it('given supply arriving after the cut-off, when quoted, then processing starts the working day after the ETA', () => {
    const quote = quotePromise(
      promiseInput({ nodes: [dc], stockRows: [stock('PAR-DC', 'SKU-1', 0, [{ quantity: 5, eta: '2026-12-01T15:00:00+01:00' }])] }),
    );
    expect(delivery(quote, 'standard').shipDate).to.equal('2026-12-02');
  });

  it('given two lines no single node holds, when quoted, then a split delivery lands on the later node date', () => {
    const lyonDc = node('LYS-DC', { location: LYON });
    const quote = quotePromise(
      promiseInput({
        nodes: [dc, lyonDc],
        lines: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2 }],
        stockRows: [stock('LYS-DC', 'A', 3), stock('PAR-DC', 'B', 3)],
      }),
    );
    const standard = delivery(quote, 'standard');
    expect(standard.split).to.equal(true);
    expect(standard.nodes.map((n) => n.nodeId).sort()).to.deep.equal(['LYS-DC', 'PAR-DC']);
    expect(standard.deliverBy).to.equal('2026-11-28');
  });

  it('given closed, blocked or non-shipping nodes only, when quoted, then delivery is unavailable for lack of an eligible stocked node', () => {
    const nodes = [
      node('CLOSED', { status: 'closed' }),
      node('BLOCKED', { blockedChannels: ['web'] }),
      node('NOSHIP', { capabilities: ['pickup'] }),
    ];
    const quote = quotePromise(promiseInput({ nodes }));
    expect(quote.options).to.have.length(0);
    expect(quote.unavailable.map((u) => u.reason)).to.deep.equal(['NO_STOCK', 'NO_STOCK']);
    expect(quotePromise(promiseInput({ nodes: [...nodes, dc] })).options).to.have.length(2);
  });

  it('given any option, then it carries a non-empty explanation and serialises to JSON unchanged', () => {
    const quote = quotePromise(promiseInput({ nodes: [dc] }));
    for (const o of quote.options) expect(o.explanation.length).to.be.greaterThan(2);
    expect(JSON.parse(JSON.stringify(quote))).to.deep.equal(quote);
  });

  it('given the same input twice, then the quote is identical (deterministic)', () => {
    const input = promiseInput({ nodes: [dc, node('LYS-DC', { location: LYON })] });
    expect(quotePromise(input)).to.deep.equal(quotePromise(input));
  });
});
