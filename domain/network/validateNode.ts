import { ValidationError } from '../shared/errors.js';
import type { NodeDefinition } from './events.js';
import { isIsoCountry, isLatitude, isLocalDate, isLocalTime, isLongitude, isTimezone } from './geo.js';
import { isChannel, isDistinct, isKey, isLabel, isNonNegativeInteger } from './identifier.js';
import {
  NODE_CAPABILITIES, NODE_STATUSES, NODE_TYPES,
  type GeoLocation, type NodeCalendar, type NodeCapability, type NodeStatus, type NodeType,
} from './node.js';

/** Longest plausible processing lead time: 60 days. Anything beyond is a unit mistake (minutes, not hours). */
export const MAX_PROCESSING_HOURS = 24 * 60;
export const MAX_DAILY_CAPACITY = 10_000_000;

const invalid = (field: string, reason: string, value?: unknown): ValidationError =>
  new ValidationError('INVALID_NODE', `node ${field} ${reason}`, value === undefined ? { field, reason } : { field, reason, value });

const check = (ok: boolean, field: string, reason: string, value?: unknown): void => {
  if (!ok) throw invalid(field, reason, value);
};

const oneOf = <T extends string>(allowed: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value);

const optionalLabel = (value: unknown, field: string, max: number): string | undefined => {
  if (value === undefined) return undefined;
  check(isLabel(value, max), field, `must be a trimmed non-empty string of at most ${max} characters`, value);
  return value as string;
};

const validateLocation = (location: Partial<GeoLocation> | undefined): GeoLocation => {
  check(typeof location === 'object' && location !== null, 'location', 'is required');
  const l = location as GeoLocation;
  check(isLatitude(l.lat), 'location.lat', 'must be a number between -90 and 90', l.lat);
  check(isLongitude(l.lng), 'location.lng', 'must be a number between -180 and 180', l.lng);
  check(isIsoCountry(l.country), 'location.country', 'must be an ISO 3166-1 alpha-2 code (upper case)', l.country);
  check(isTimezone(l.timezone), 'location.timezone', 'must be an IANA time zone such as Europe/Paris', l.timezone);
  const region = optionalLabel(l.region, 'location.region', 100);
  const postalCode = optionalLabel(l.postalCode, 'location.postalCode', 20);
  return {
    lat: l.lat, lng: l.lng, country: l.country, timezone: l.timezone,
    ...(region === undefined ? {} : { region }),
    ...(postalCode === undefined ? {} : { postalCode }),
  };
};

const validateCalendar = (calendar: Partial<NodeCalendar> | undefined): NodeCalendar => {
  check(typeof calendar === 'object' && calendar !== null, 'calendar', 'is required');
  const c = calendar as NodeCalendar;
  check(Array.isArray(c.workingDays), 'calendar.workingDays', 'must be a list of ISO weekdays');
  c.workingDays.forEach((day, i) =>
    check(isNonNegativeInteger(day, 7) && day >= 1, `calendar.workingDays[${i}]`, 'must be an ISO weekday 1 (Mon) … 7 (Sun)', day));
  check(c.workingDays.length > 0, 'calendar.workingDays', 'must name at least one day (close the node with its status instead)');
  check(isDistinct(c.workingDays), 'calendar.workingDays', 'must not repeat a day');
  check(Array.isArray(c.holidays), 'calendar.holidays', 'must be a list of local dates');
  c.holidays.forEach((date, i) => check(isLocalDate(date), `calendar.holidays[${i}]`, 'must be a date YYYY-MM-DD', date));
  let openingHours: NodeCalendar['openingHours'];
  if (c.openingHours !== undefined) {
    const { open, close } = c.openingHours;
    check(isLocalTime(open), 'calendar.openingHours.open', 'must be HH:MM', open);
    check(isLocalTime(close), 'calendar.openingHours.close', 'must be HH:MM', close);
    // "HH:MM" strings order like the times they denote.
    check(open < close, 'calendar.openingHours', 'must open before it closes', c.openingHours);
    openingHours = { open, close };
  }
  // Canonical order so an identical calendar sent in another order is recognised as unchanged.
  return {
    workingDays: [...c.workingDays].sort((a, b) => a - b),
    holidays: [...new Set(c.holidays)].sort(),
    ...(openingHours ? { openingHours } : {}),
  };
};

/** Validates and normalises a complete node definition; throws `INVALID_NODE` naming the field. */
export const validateNodeDefinition = (node: NodeDefinition): NodeDefinition => {
  check(isKey(node.id), 'id', 'must be 1–64 characters of [A-Za-z0-9._:@-] starting with a letter or digit', node.id);
  check(oneOf<NodeType>(NODE_TYPES, node.type), 'type', `must be one of ${NODE_TYPES.join(', ')}`, node.type);
  check(isLabel(node.name), 'name', 'must be a trimmed non-empty string of at most 200 characters', node.name);
  const location = validateLocation(node.location);
  check(Array.isArray(node.capabilities), 'capabilities', 'must be a list');
  node.capabilities.forEach((cap, i) =>
    check(oneOf<NodeCapability>(NODE_CAPABILITIES, cap), `capabilities[${i}]`, `must be one of ${NODE_CAPABILITIES.join(', ')}`, cap));
  check(isDistinct(node.capabilities), 'capabilities', 'must not repeat a capability');
  check(
    typeof node.processingHours === 'number' && Number.isFinite(node.processingHours) &&
      node.processingHours >= 0 && node.processingHours <= MAX_PROCESSING_HOURS,
    'processingHours', `must be a number between 0 and ${MAX_PROCESSING_HOURS}`, node.processingHours,
  );
  check(isLocalTime(node.cutoffLocal), 'cutoffLocal', 'must be a local time HH:MM', node.cutoffLocal);
  const calendar = validateCalendar(node.calendar);
  check(isNonNegativeInteger(node.dailyCapacity, MAX_DAILY_CAPACITY), 'dailyCapacity',
    `must be an integer between 0 and ${MAX_DAILY_CAPACITY}`, node.dailyCapacity);
  check(oneOf<NodeStatus>(NODE_STATUSES, node.status), 'status', `must be one of ${NODE_STATUSES.join(', ')}`, node.status);
  check(Array.isArray(node.blockedChannels), 'blockedChannels', 'must be a list');
  node.blockedChannels.forEach((ch, i) => check(isChannel(ch), `blockedChannels[${i}]`, 'must be a channel slug', ch));
  return {
    id: node.id,
    type: node.type,
    name: node.name,
    location,
    capabilities: NODE_CAPABILITIES.filter((cap) => node.capabilities.includes(cap)),
    processingHours: node.processingHours,
    cutoffLocal: node.cutoffLocal,
    calendar,
    dailyCapacity: node.dailyCapacity,
    status: node.status,
    blockedChannels: [...new Set(node.blockedChannels)].sort(),
  };
};

export const validateChannel = (channel: unknown): string => {
  check(isChannel(channel), 'channel', 'must be a channel slug such as web or marketplace-amazon', channel);
  return channel as string;
};

export const validateReason = (reason: unknown): string | undefined => optionalLabel(reason, 'reason', 500);
