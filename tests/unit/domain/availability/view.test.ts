import { expect } from 'chai';
import {
  atsViewDecider, atsViewStreamName, viewFromState,
  type AtsViewCommand, type AtsViewDefinition, type AtsViewEvent, type DefineAtsViewData,
} from '../../../../domain/availability/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../../domain/shared/errors.js';
import { commandOf, expectJsonSafe, specFor } from '../support/givenWhenThen.js';

const given = specFor(atsViewDecider);
const cmd = <T extends AtsViewCommand['type']>(type: T, data: Extract<AtsViewCommand, { type: T }>['data']) =>
  commandOf<Extract<AtsViewCommand, { type: T }>>(type, data);

const web: DefineAtsViewData = { name: 'web-fr', channels: ['web', 'app'], nodes: { countries: ['FR'] } };
const webDefinition: AtsViewDefinition = {
  name: 'web-fr',
  channels: ['app', 'web'],
  nodes: { countries: ['FR'] },
  supply: { onHand: true, inTransitWithinDays: null, onOrderWithinDays: null },
  safetyStock: { useNodeSafetyStock: true, extraPerNode: 0 },
  channelProtection: [],
  threshold: { minimum: 0, cap: null },
  respectNodeStatus: true,
  respectBlockedChannels: true,
};
const defined: AtsViewEvent = { type: 'AtsViewDefined', data: { name: 'web-fr', definition: webDefinition, version: 1 } };
const define = (changes: Record<string, unknown>) => cmd('DefineAtsView', { ...web, ...changes } as DefineAtsViewData);

describe('availability: DefineAtsView', () => {
  it('defines a view with defaults (on-hand only, node safety stock, closed/blocked nodes excluded) at version 1', () => {
    given([]).when(cmd('DefineAtsView', web)).then([defined]);
  });

  it('drops empty selector lists and sorts lists so equal views compare equal', () => {
    const [event] = given([]).when(define({ nodes: { countries: ['FR'], nodeTypes: [], regions: ['B', 'A'] } })).events();
    expect((event!.data as { definition: AtsViewDefinition }).definition.nodes).to.deep.equal({ countries: ['FR'], regions: ['A', 'B'] });
  });

  it('is a no-op when the same view is defined again', () => {
    given([defined]).when(define({ channels: ['web', 'app'] })).thenNothing();
  });

  it('refuses another definition under an existing name (ATS_VIEW_ALREADY_EXISTS)', () => {
    given([defined]).when(define({ channels: ['web'] })).thenFails('ATS_VIEW_ALREADY_EXISTS', ConflictError);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a name with a space', { name: 'web fr' }, 'name'],
    ['no channel', { channels: [] }, 'channels'],
    ['a channel that is not a slug', { channels: ['Web'] }, 'channels[0]'],
    ['an unknown node type', { nodes: { nodeTypes: ['warehouse'] } }, 'nodes.nodeTypes[0]'],
    ['an unknown country', { nodes: { countries: ['XX'] } }, 'nodes.countries[0]'],
    ['an unknown selector field', { nodes: { tags: ['a'] } }, 'nodes.tags'],
    ['a negative horizon', { supply: { inTransitWithinDays: -1 } }, 'supply.inTransitWithinDays'],
    ['a horizon over a year', { supply: { onOrderWithinDays: 366 } }, 'supply.onOrderWithinDays'],
    ['a fractional horizon', { supply: { onOrderWithinDays: 1.5 } }, 'supply.onOrderWithinDays'],
    ['a non-boolean on-hand rule', { supply: { onHand: 'yes' } }, 'supply.onHand'],
    ['a negative extra safety stock', { safetyStock: { extraPerNode: -1 } }, 'safetyStock.extraPerNode'],
    ['protection with percent and units', { channelProtection: [{ channel: 'store', percent: 10, units: 2 }] }, 'channelProtection[0]'],
    ['protection with neither', { channelProtection: [{ channel: 'store' }] }, 'channelProtection[0]'],
    ['protection of 0 %', { channelProtection: [{ channel: 'store', percent: 0 }] }, 'channelProtection[0].percent'],
    ['protection over 100 %', { channelProtection: [{ channel: 'store', percent: 100.5 }] }, 'channelProtection[0].percent'],
    ['protection with three decimals', { channelProtection: [{ channel: 'store', percent: 12.345 }] }, 'channelProtection[0].percent'],
    ['protection of 0 units', { channelProtection: [{ channel: 'store', units: 0 }] }, 'channelProtection[0].units'],
    ['a negative cap', { threshold: { cap: -1 } }, 'threshold.cap'],
    ['a fractional minimum', { threshold: { minimum: 0.5 } }, 'threshold.minimum'],
    ['a non-boolean status rule', { respectNodeStatus: 'yes' }, 'respectNodeStatus'],
  ];
  for (const [label, changes, field] of invalid) {
    it(`rejects ${label} with INVALID_ATS_VIEW naming ${field}`, () => {
      const error = given([]).when(define(changes)).thenFails('INVALID_ATS_VIEW', ValidationError);
      expect(error.details.field).to.equal(field);
    });
  }

  it('accepts percent protection with two decimals and node-scoped rules', () => {
    const [event] = given([]).when(define({ channelProtection: [{ channel: 'store', percent: 12.5, nodes: { nodeTypes: ['store'] } }] })).events();
    expect((event!.data as { definition: AtsViewDefinition }).definition.channelProtection)
      .to.deep.equal([{ channel: 'store', percent: 12.5, nodes: { nodeTypes: ['store'] } }]);
  });
});

describe('availability: UpdateAtsView', () => {
  it('records each change as an event with the next version', () => {
    given([defined]).when(cmd('UpdateAtsView', { name: 'web-fr', changes: { threshold: { minimum: 2 }, channels: ['web', 'app'] } }))
      .then([{ type: 'AtsViewUpdated', data: { name: 'web-fr', changes: { threshold: { minimum: 2, cap: null } }, changedFields: ['threshold'], version: 2 } }]);
  });

  it('merges supply rules field by field', () => {
    const state = given([defined]).when(cmd('UpdateAtsView', { name: 'web-fr', changes: { supply: { inTransitWithinDays: 3 } } })).state();
    expect(viewFromState(state)!.supply).to.deep.equal({ onHand: true, inTransitWithinDays: 3, onOrderWithinDays: null });
    expect(viewFromState(state)!.version).to.equal(2);
  });

  it('is a no-op when nothing changes', () => {
    given([defined]).when(cmd('UpdateAtsView', { name: 'web-fr', changes: { nodes: { countries: ['FR'] }, respectNodeStatus: true } })).thenNothing();
  });

  it('validates the updated view', () => {
    given([defined]).when(cmd('UpdateAtsView', { name: 'web-fr', changes: { channels: [] } })).thenFails('INVALID_ATS_VIEW');
  });

  it('refuses to rename a view', () => {
    given([defined]).when(cmd('UpdateAtsView', { name: 'web-fr', changes: { name: 'x' } as never })).thenFails('INVALID_ATS_VIEW');
  });

  it('fails for an undefined view (ATS_VIEW_NOT_FOUND)', () => {
    given([]).when(cmd('UpdateAtsView', { name: 'web-fr', changes: { channels: ['web'] } })).thenFails('ATS_VIEW_NOT_FOUND', NotFoundError);
  });

  it('keeps events plain JSON and names the stream atsview-<name>', () => {
    expectJsonSafe([defined, ...given([defined]).when(cmd('UpdateAtsView', { name: 'web-fr', changes: { threshold: { cap: 10 } } })).events()]);
    expect(atsViewStreamName('web-fr')).to.equal('atsview-web-fr');
  });
});
