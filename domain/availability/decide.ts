import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { changedFields, jsonEqual } from '../network/jsonEqual.js';
import type { AtsViewCommand, DefineAtsView, DefineAtsViewData, UpdateAtsView } from './commands.js';
import { UPDATABLE_VIEW_FIELDS, type AtsViewDefinition, type AtsViewEvent } from './events.js';
import type { AtsViewState } from './state.js';
import { validateViewDefinition } from './validateView.js';

const withDefaults = (d: DefineAtsViewData): AtsViewDefinition => ({
  name: d.name,
  ...(d.description !== undefined ? { description: d.description } : {}),
  channels: d.channels,
  nodes: d.nodes ?? {},
  supply: { onHand: true, inTransitWithinDays: null, onOrderWithinDays: null, ...d.supply },
  safetyStock: { useNodeSafetyStock: true, extraPerNode: 0, ...d.safetyStock },
  channelProtection: d.channelProtection ?? [],
  threshold: { minimum: 0, cap: null, ...d.threshold },
  respectNodeStatus: d.respectNodeStatus ?? true,
  respectBlockedChannels: d.respectBlockedChannels ?? true,
});

/** Defining the same view again is a no-op (safe retry); a different definition is a conflict (use UpdateAtsView). */
const define = ({ data }: DefineAtsView, state: AtsViewState): AtsViewEvent[] => {
  const definition = validateViewDefinition(withDefaults(data));
  if (state.definition !== null) {
    if (jsonEqual(state.definition, definition)) return [];
    throw new ConflictError('ATS_VIEW_ALREADY_EXISTS', `ATS view ${data.name} already exists with another definition`, { name: data.name });
  }
  return [{ type: 'AtsViewDefined', data: { name: definition.name, definition, version: state.version + 1 } }];
};

/** Every accepted change is one event with the next version; a change that changes nothing writes nothing. */
const update = ({ data }: UpdateAtsView, state: AtsViewState): AtsViewEvent[] => {
  const current = state.definition;
  if (current === null) throw new NotFoundError('ATS_VIEW_NOT_FOUND', `ATS view ${data.name} is not defined`, { name: data.name });
  if (current.name !== data.name) {
    throw new ValidationError('INVALID_ATS_VIEW', `command for view ${data.name} sent to view ${current.name}`, { field: 'name', reason: 'does not match the stream' });
  }
  const c = data.changes ?? {};
  const unknown = Object.keys(c).filter((k) => !(UPDATABLE_VIEW_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new ValidationError('INVALID_ATS_VIEW', `view fields ${unknown.join(', ')} cannot be updated`, { field: unknown[0], reason: 'not updatable' });
  }
  const next = validateViewDefinition({
    ...current,
    ...(c.description !== undefined ? { description: c.description } : {}),
    ...(c.channels !== undefined ? { channels: c.channels } : {}),
    ...(c.nodes !== undefined ? { nodes: c.nodes } : {}),
    ...(c.channelProtection !== undefined ? { channelProtection: c.channelProtection } : {}),
    ...(c.respectNodeStatus !== undefined ? { respectNodeStatus: c.respectNodeStatus } : {}),
    ...(c.respectBlockedChannels !== undefined ? { respectBlockedChannels: c.respectBlockedChannels } : {}),
    supply: { ...current.supply, ...c.supply },
    safetyStock: { ...current.safetyStock, ...c.safetyStock },
    threshold: { ...current.threshold, ...c.threshold },
  });
  const changes = changedFields(current, next, UPDATABLE_VIEW_FIELDS);
  const changed = UPDATABLE_VIEW_FIELDS.filter((f) => f in changes);
  if (changed.length === 0) return [];
  return [{ type: 'AtsViewUpdated', data: { name: current.name, changes, changedFields: changed, version: state.version + 1 } }];
};

export const decideAtsView = (command: AtsViewCommand, state: AtsViewState): AtsViewEvent[] => {
  switch (command.type) {
    case 'DefineAtsView': return define(command, state);
    case 'UpdateAtsView': return update(command, state);
    default: {
      const unknown: never = command;
      throw new ValidationError('UNKNOWN_COMMAND', `unknown ATS view command ${(unknown as { type: string }).type}`);
    }
  }
};
