import { Matches, type ValidationOptions } from 'class-validator';
import { CHANNEL_PATTERN, KEY_PATTERN, REFERENCE_PATTERN } from '../../../../domain/network/identifier.js';

/**
 * Identifier rules at the edge, the same patterns the domain enforces: node ids, SKUs and view
 * names become part of stream names (no `~`, no spaces); references only travel in event data.
 */
export const IsKey = (options?: ValidationOptions): PropertyDecorator =>
  Matches(KEY_PATTERN, { message: '$property must be 1 to 64 characters of [A-Za-z0-9._:@-] starting with a letter or digit', ...options });

export const IsReference = (options?: ValidationOptions): PropertyDecorator =>
  Matches(REFERENCE_PATTERN, { message: '$property must be 1 to 128 printable ASCII characters without spaces', ...options });

export const IsChannel = (options?: ValidationOptions): PropertyDecorator =>
  Matches(CHANNEL_PATTERN, { message: '$property must be a lower-case channel slug such as web or marketplace-amazon', ...options });

/** A DTO instance as plain JSON (no class prototypes, no undefined-valued fields) for the use cases. */
export const plain = <T>(dto: T): T => JSON.parse(JSON.stringify(dto)) as T;
