/**
 * Identifier rules shared by the configuration aggregates (nodes, SKUs, ATS views) and inventory.
 *
 * Node ids and SKUs become part of stream names (`node-<id>`, `inventory-<nodeId>~<sku>`), so they
 * must not contain `~` (the inventory separator) or whitespace; starting with an alphanumeric keeps
 * them readable in URLs and logs. Other references (order, line, reservation, supply ids) only
 * travel inside event data, so any printable ASCII without spaces is accepted.
 */
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;
export const REFERENCE_PATTERN = /^[\x21-\x7E]{1,128}$/;
/** Channel names as used on orders and views: lower-case slugs such as `web`, `app`, `marketplace-amazon`. */
export const CHANNEL_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

export const isKey = (value: unknown): value is string => typeof value === 'string' && KEY_PATTERN.test(value);
export const isReference = (value: unknown): value is string => typeof value === 'string' && REFERENCE_PATTERN.test(value);
export const isChannel = (value: unknown): value is string => typeof value === 'string' && CHANNEL_PATTERN.test(value);

/** Free text shown to people (names, notes): trimmed, non-empty, bounded. */
export const isLabel = (value: unknown, max = 200): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= max && value === value.trim();

export const isNonNegativeInteger = (value: unknown, max = Number.MAX_SAFE_INTEGER): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

/** True when every element is distinct (by `===`). */
export const isDistinct = (values: readonly unknown[]): boolean => new Set(values).size === values.length;

/**
 * An id as it appears inside a stream name (docs/ARCHITECTURE.md): kept verbatim when it is made of
 * `[A-Za-z0-9._:@-]` (every valid key is), URI-encoded otherwise. `-` is safe because the category is
 * the text before the *first* `-`.
 */
export const streamId = (id: string): string => (/^[A-Za-z0-9._:@-]*$/.test(id) ? id : encodeURIComponent(id));
