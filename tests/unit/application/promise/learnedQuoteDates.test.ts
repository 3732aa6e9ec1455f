import { expect } from 'chai';
import type { OrderRuntime } from '../../../../application/orders/orderRuntime.js';
import { defaultOrderSettings } from '../../../../application/orders/orderSettings.js';
import { quoteWith } from '../../../../application/orders/promiseQuote.js';
import type { LearnedDeliveryRequest } from '../../../../application/promise/learnedPromiser.js';
import type { FulfilmentNode } from '../../../../domain/network/index.js';
import { buildAvailabilityIndex } from '../../../../domain/promise/index.js';

const node: FulfilmentNode = {
  id: 'seller-1', type: 'dc', name: 'S1', status: 'open', blockedChannels: [], version: 1, capabilities: ['ship'], processingHours: 24, cutoffLocal: '14:00', dailyCapacity: 100,
  calendar: { workingDays: [1, 2, 3, 4, 5, 6], holidays: [] },
  location: { lat: -23.5, lng: -46.6, country: 'BR', region: 'SP', timezone: 'America/Sao_Paulo' },
};
const rows = [{ nodeId: 'seller-1', sku: 'MUG', available: 3, expected: [] }];
const ctx = { nodes: [node], rows, availability: buildAvailabilityIndex(rows) };
const req = { now: '2017-03-01T10:00:00.000Z', channel: 'marketplace', lines: [{ sku: 'MUG', quantity: 1 }], destination: { lat: -22.9, lng: -43.2, country: 'BR', region: 'RJ' }, methods: ['delivery' as const] };
const runtime = (learned?: (r: LearnedDeliveryRequest) => ReturnType<NonNullable<OrderRuntime['settings']['learnedPromise']>['quoteDelivery']>) =>
  ({ settings: { ...defaultOrderSettings(), ...(learned ? { learnedPromise: { quoteDelivery: learned } } : {}) } }) as unknown as OrderRuntime;

describe('checkout quotes with the learned promise when it is configured', () => {
  it('given the static model, then the engine date stands', () => {
    const option = quoteWith(runtime(), ctx, req).options[0]!;
    expect(option.method).to.equal('delivery');
    expect(option.method === 'delivery' && option.explanation.some((l) => l.startsWith('learned promise'))).to.equal(false);
  });

  it('given a learned quote, then the delivery date and confidence are the learner’s, for the nodes the engine chose', () => {
    const asked: LearnedDeliveryRequest[] = [];
    const learned = (r: LearnedDeliveryRequest) => (asked.push(r), r.service === 'standard' ? { deliverBy: '2017-03-09', shipBy: '2017-03-04T12:00:00.000Z', quantile: 0.93, handlingDays: 2, transitDays: 5, totalDays: 7.5 } : null);
    const option = quoteWith(runtime(learned), ctx, req).options.find((o) => o.method === 'delivery' && o.service === 'standard')!;
    // Each carrier service is learned (and asked) on its own.
    expect(asked).to.deep.include({ now: req.now, service: 'standard', destination: req.destination, nodeIds: ['seller-1'] });
    expect(asked.map((a) => a.service).sort()).to.deep.equal(['express', 'standard']);
    expect(option).to.include({ method: 'delivery', deliverBy: '2017-03-09', quantile: 0.93, confidence: 0.93 });
    // The hand-over the promise watches is the learner's too (later than the engine's processing time).
    expect(option).to.include({ shipBy: '2017-03-04T12:00:00.000Z' });
    expect(option.method === 'delivery' && option.explanation.at(-1)).to.match(/^learned promise: handling 2\.0 d \+ transit 5\.0 d at q=0\.930 → 2017-03-09 \(engine said 2017-03-0\d\)$/);
  });

  it('given a learner that knows too little (null), then the engine date stands and the explanation says why', () => {
    const standard = (q: ReturnType<typeof quoteWith>) => q.options.find((o) => o.method === 'delivery' && o.service === 'standard')!;
    const engine = standard(quoteWith(runtime(), ctx, req));
    const option = standard(quoteWith(runtime(() => null), ctx, req));
    expect(option.method === 'delivery' && engine.method === 'delivery' && option.deliverBy).to.equal(engine.method === 'delivery' && engine.deliverBy);
    expect(option.method === 'delivery' && option.explanation.at(-1)).to.equal('learned promise: not enough history yet, engine date kept');
  });

  it('given a learned hand-over earlier than the node calendar allows, then the engine ship-by stands', () => {
    const standard = (q: ReturnType<typeof quoteWith>) => q.options.find((o) => o.method === 'delivery' && o.service === 'standard')!;
    const engine = standard(quoteWith(runtime(), ctx, req));
    const early = () => ({ deliverBy: '2017-03-09', shipBy: '2017-03-01T10:30:00.000Z', quantile: 0.93, handlingDays: 0.02, transitDays: 5, totalDays: 6 });
    const option = standard(quoteWith(runtime(early), ctx, req));
    expect(engine.method === 'delivery' && Date.parse(engine.shipBy)).to.be.greaterThan(Date.parse('2017-03-01T10:30:00.000Z'));
    expect(option.method === 'delivery' && option.shipBy).to.equal(engine.method === 'delivery' && engine.shipBy);
  });
});
