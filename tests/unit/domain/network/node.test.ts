import { expect } from 'chai';
import {
  nodeDecider, nodeFromState, nodeStreamName,
  type NodeCommand, type NodeDefinition, type NodeEvent, type RegisterNodeData,
} from '../../../../domain/network/index.js';
import { isoCountries } from '../../../../domain/network/geo.js';
import { fold } from '../../../../domain/shared/decider.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../../domain/shared/errors.js';
import { commandOf, expectJsonSafe, specFor } from '../support/givenWhenThen.js';

const given = specFor(nodeDecider);
const cmd = <T extends NodeCommand['type']>(type: T, data: Extract<NodeCommand, { type: T }>['data']) =>
  commandOf<Extract<NodeCommand, { type: T }>>(type, data);

const paris: RegisterNodeData = {
  nodeId: 'dc-paris',
  type: 'dc',
  name: 'Paris DC',
  location: { lat: 48.85, lng: 2.35, country: 'FR', region: 'IDF', postalCode: '75001', timezone: 'Europe/Paris' },
  capabilities: ['ship', 'returns'],
  processingHours: 24,
  cutoffLocal: '15:00',
  calendar: { workingDays: [1, 2, 3, 4, 5], holidays: ['2025-12-25'], openingHours: { open: '08:00', close: '18:00' } },
  dailyCapacity: 5000,
};
const { nodeId: _id, ...parisFields } = paris;
const parisNode: NodeDefinition = { id: 'dc-paris', ...parisFields, status: 'open', blockedChannels: [] };
const registered: NodeEvent = { type: 'NodeRegistered', data: { nodeId: 'dc-paris', node: parisNode, version: 1 } };

const register = (changes: Record<string, unknown>) => cmd('RegisterNode', { ...paris, ...changes } as RegisterNodeData);

describe('network: RegisterNode', () => {
  it('registers a node, open and unblocked by default, at version 1', () => {
    given([]).when(cmd('RegisterNode', paris)).then([registered]);
  });

  it('normalises capabilities, working days and holidays into a canonical order', () => {
    const [event] = given([]).when(register({
      capabilities: ['returns', 'ship'],
      calendar: { workingDays: [5, 1, 3], holidays: ['2025-12-26', '2025-12-25', '2025-12-26'] },
    })).events();
    const node = (event!.data as { node: NodeDefinition }).node;
    expect(node.capabilities).to.deep.equal(['ship', 'returns']);
    expect(node.calendar).to.deep.equal({ workingDays: [1, 3, 5], holidays: ['2025-12-25', '2025-12-26'] });
  });

  it('is a no-op when the same definition is registered again (safe retry)', () => {
    given([registered]).when(register({ capabilities: ['returns', 'ship'] })).thenNothing();
  });

  it('refuses a different definition under an existing id (NODE_ALREADY_EXISTS)', () => {
    given([registered]).when(register({ name: 'Other' })).thenFails('NODE_ALREADY_EXISTS', ConflictError);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['id with ~', { nodeId: 'dc~1' }, 'id'],
    ['unknown type', { type: 'warehouse' }, 'type'],
    ['empty name', { name: '' }, 'name'],
    ['latitude 91', { location: { ...paris.location, lat: 91 } }, 'location.lat'],
    ['latitude NaN', { location: { ...paris.location, lat: Number.NaN } }, 'location.lat'],
    ['longitude -181', { location: { ...paris.location, lng: -181 } }, 'location.lng'],
    ['alpha-3 country', { location: { ...paris.location, country: 'FRA' } }, 'location.country'],
    ['lower-case country', { location: { ...paris.location, country: 'fr' } }, 'location.country'],
    ['unassigned country XX', { location: { ...paris.location, country: 'XX' } }, 'location.country'],
    ['timezone without area', { location: { ...paris.location, timezone: 'Paris' } }, 'location.timezone'],
    ['timezone with space', { location: { ...paris.location, timezone: 'Europe/Paris City' } }, 'location.timezone'],
    ['unknown capability', { capabilities: ['fly'] }, 'capabilities[0]'],
    ['repeated capability', { capabilities: ['ship', 'ship'] }, 'capabilities'],
    ['negative processing hours', { processingHours: -1 }, 'processingHours'],
    ['cut-off 24:00', { cutoffLocal: '24:00' }, 'cutoffLocal'],
    ['cut-off 9:00', { cutoffLocal: '9:00' }, 'cutoffLocal'],
    ['weekday 0', { calendar: { workingDays: [0], holidays: [] } }, 'calendar.workingDays[0]'],
    ['weekday 8', { calendar: { workingDays: [8], holidays: [] } }, 'calendar.workingDays[0]'],
    ['no working day', { calendar: { workingDays: [], holidays: [] } }, 'calendar.workingDays'],
    ['repeated weekday', { calendar: { workingDays: [1, 1], holidays: [] } }, 'calendar.workingDays'],
    ['impossible holiday', { calendar: { workingDays: [1], holidays: ['2025-02-30'] } }, 'calendar.holidays[0]'],
    ['closing before opening', { calendar: { workingDays: [1], holidays: [], openingHours: { open: '18:00', close: '08:00' } } }, 'calendar.openingHours'],
    ['negative capacity', { dailyCapacity: -1 }, 'dailyCapacity'],
    ['fractional capacity', { dailyCapacity: 1.5 }, 'dailyCapacity'],
    ['unknown status', { status: 'paused' }, 'status'],
    ['channel not a slug', { blockedChannels: ['Web Shop'] }, 'blockedChannels[0]'],
  ];
  for (const [label, changes, field] of invalid) {
    it(`rejects ${label} with INVALID_NODE naming ${field}`, () => {
      const error = given([]).when(register(changes)).thenFails('INVALID_NODE', ValidationError);
      expect(error.details.field).to.equal(field);
    });
  }

  it('accepts a capacity of 0 and a closed status', () => {
    const [event] = given([]).when(register({ dailyCapacity: 0, status: 'closed' })).events();
    expect((event!.data as { node: NodeDefinition }).node).to.include({ dailyCapacity: 0, status: 'closed' });
  });

  it('accepts every ISO 3166-1 alpha-2 country the platform knows a name for', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    expect(isoCountries()).to.have.length(249);
    for (const country of isoCountries()) expect(names.of(country), country).to.not.equal(country);
  });

  it('accepts every IANA time zone of the running platform', () => {
    for (const timezone of Intl.supportedValuesOf('timeZone')) {
      expect(given([]).when(register({ location: { ...paris.location, timezone } })).events(), timezone).to.have.length(1);
    }
  });
});

describe('network: UpdateNode', () => {
  it('records only the fields that changed, with the next version', () => {
    given([registered]).when(cmd('UpdateNode', { nodeId: 'dc-paris', changes: { name: 'Paris DC', dailyCapacity: 6000, cutoffLocal: '16:00' } }))
      .then([{ type: 'NodeUpdated', data: { nodeId: 'dc-paris', changes: { cutoffLocal: '16:00', dailyCapacity: 6000 }, changedFields: ['cutoffLocal', 'dailyCapacity'], version: 2 } }]);
  });

  it('merges a partial location (a new time zone keeps the coordinates)', () => {
    const [event] = given([registered]).when(cmd('UpdateNode', { nodeId: 'dc-paris', changes: { location: { timezone: 'Europe/Brussels' } } })).events();
    expect(event!.data).to.deep.include({ changes: { location: { ...paris.location, timezone: 'Europe/Brussels' } }, changedFields: ['location'] });
  });

  it('merges a partial calendar', () => {
    const state = given([registered]).when(cmd('UpdateNode', { nodeId: 'dc-paris', changes: { calendar: { holidays: ['2026-01-01'] } } })).state();
    expect(nodeFromState(state)!.calendar).to.deep.equal({ ...paris.calendar, holidays: ['2026-01-01'] });
  });

  it('is a no-op when nothing changes', () => {
    given([registered]).when(cmd('UpdateNode', { nodeId: 'dc-paris', changes: { capabilities: ['returns', 'ship'], processingHours: 24 } })).thenNothing();
  });

  it('validates the merged node (INVALID_NODE)', () => {
    const error = given([registered]).when(cmd('UpdateNode', { nodeId: 'dc-paris', changes: { location: { lat: -91 } } })).thenFails('INVALID_NODE');
    expect(error.details.field).to.equal('location.lat');
  });

  it('does not change status or blocked channels (they have their own commands)', () => {
    const error = given([registered]).when(cmd('UpdateNode', { nodeId: 'dc-paris', changes: { status: 'closed' } as never })).thenFails('INVALID_NODE');
    expect(error.details.field).to.equal('status');
  });

  it('fails for a node that is not registered (NODE_NOT_FOUND)', () => {
    given([]).when(cmd('UpdateNode', { nodeId: 'dc-paris', changes: { name: 'x' } })).thenFails('NODE_NOT_FOUND', NotFoundError);
  });

  it('increments the version with every change', () => {
    const state = fold(nodeDecider, [registered,
      { type: 'NodeUpdated', data: { nodeId: 'dc-paris', changes: { name: 'A' }, changedFields: ['name'], version: 2 } },
      { type: 'NodeUpdated', data: { nodeId: 'dc-paris', changes: { name: 'B' }, changedFields: ['name'], version: 3 } }]);
    expect(nodeFromState(state)).to.include({ name: 'B', version: 3 });
    const [next] = nodeDecider.decide(cmd('UpdateNode', { nodeId: 'dc-paris', changes: { name: 'C' } }), state);
    expect(next!.data).to.include({ version: 4 });
  });
});

describe('network: ChangeNodeStatus', () => {
  it('closes an open node, recording from, to and the reason', () => {
    given([registered]).when(cmd('ChangeNodeStatus', { nodeId: 'dc-paris', status: 'closed', reason: 'flood' }))
      .then([{ type: 'NodeStatusChanged', data: { nodeId: 'dc-paris', from: 'open', to: 'closed', reason: 'flood', version: 2 } }]);
  });

  it('is a no-op when the status does not change', () => {
    given([registered]).when(cmd('ChangeNodeStatus', { nodeId: 'dc-paris', status: 'open' })).thenNothing();
  });

  it('rejects an unknown status', () => {
    given([registered]).when(cmd('ChangeNodeStatus', { nodeId: 'dc-paris', status: 'paused' as never })).thenFails('INVALID_NODE');
  });

  it('fails for a node that is not registered', () => {
    given([]).when(cmd('ChangeNodeStatus', { nodeId: 'dc-paris', status: 'closed' })).thenFails('NODE_NOT_FOUND');
  });
});

describe('network: BlockChannel / UnblockChannel', () => {
  const blocked: NodeEvent = { type: 'NodeChannelBlocked', data: { nodeId: 'dc-paris', channel: 'marketplace-amazon', version: 2 } };

  it('blocks a channel', () => {
    given([registered]).when(cmd('BlockChannel', { nodeId: 'dc-paris', channel: 'marketplace-amazon' })).then([blocked]);
  });

  it('is a no-op to block a blocked channel', () => {
    given([registered, blocked]).when(cmd('BlockChannel', { nodeId: 'dc-paris', channel: 'marketplace-amazon' })).thenNothing();
  });

  it('unblocks a blocked channel', () => {
    const then = given([registered, blocked]).when(cmd('UnblockChannel', { nodeId: 'dc-paris', channel: 'marketplace-amazon' }));
    then.then([{ type: 'NodeChannelUnblocked', data: { nodeId: 'dc-paris', channel: 'marketplace-amazon', version: 3 } }]);
    expect(nodeFromState(then.state())!.blockedChannels).to.deep.equal([]);
  });

  it('is a no-op to unblock a channel that is not blocked', () => {
    given([registered]).when(cmd('UnblockChannel', { nodeId: 'dc-paris', channel: 'web' })).thenNothing();
  });

  it('rejects a channel that is not a slug', () => {
    expect(given([registered]).when(cmd('BlockChannel', { nodeId: 'dc-paris', channel: 'Web Shop' })).thenFails('INVALID_NODE').details.field).to.equal('channel');
  });
});

describe('network: nodeFromState', () => {
  it('gives the shared FulfilmentNode with blocked channels, status and version', () => {
    const state = fold(nodeDecider, [registered,
      { type: 'NodeChannelBlocked', data: { nodeId: 'dc-paris', channel: 'web', version: 2 } },
      { type: 'NodeStatusChanged', data: { nodeId: 'dc-paris', from: 'open', to: 'closed', version: 3 } }]);
    expect(nodeFromState(state)).to.deep.equal({ ...parisNode, status: 'closed', blockedChannels: ['web'], version: 3 });
    expect(nodeFromState(nodeDecider.initialState())).to.equal(undefined);
  });

  it('keeps event data plain JSON and names the stream node-<id>', () => {
    expectJsonSafe([registered, ...given([registered]).when(cmd('UpdateNode', { nodeId: 'dc-paris', changes: { name: 'X' } })).events()]);
    expect(nodeStreamName('dc-paris')).to.equal('node-dc-paris');
  });
});
