import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsId } from '../../http/validation.js';

export class AuditOrderParams {
  @IsId() id!: string;
}

export class OrderHistoryQuery {
  /** First stream revision of the page (inclusive); the previous page's `next`. */
  @IsOptional() @Matches(/^(0|[1-9]\d{0,19})$/, { message: 'from must be a stream revision (a decimal integer)' }) from?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class OrderAsOfQuery {
  /** The instant: ISO 8601 with offset (e.g. 2025-03-03T09:00:00Z) or epoch milliseconds. */
  @IsString() @Length(1, 40) at!: string;
  /** `false` skips reconstructing the availability each sourcing decision saw. */
  @IsOptional() @IsIn(['true', 'false']) availability?: 'true' | 'false';
}

const entry = {
  type: 'object',
  properties: {
    position: { type: 'string' }, revision: { type: 'string' }, eventId: { type: 'string' }, type: { type: 'string' },
    at: { type: ['string', 'null'] }, recordedAt: { type: 'string' }, actor: { type: ['object', 'null'] },
    commandId: { type: ['string', 'null'] }, commandType: { type: ['string', 'null'] }, correlationId: { type: ['string', 'null'] },
    causationId: { type: ['string', 'null'] }, reason: { type: ['string', 'null'] }, schemaVersion: { type: ['integer', 'null'] }, data: {},
  },
} as const;

export const HISTORY_SCHEMA = {
  type: 'object',
  properties: { orderId: { type: 'string' }, stream: { type: 'string' }, events: { type: 'array', items: entry }, next: { type: ['string', 'null'] } },
} as const;

export const AS_OF_SCHEMA = {
  type: 'object',
  properties: {
    orderId: { type: 'string' }, asOf: { type: 'string' }, order: { type: 'object' }, revision: { type: ['string', 'null'] },
    position: { type: ['string', 'null'] }, lastEventAt: { type: ['string', 'null'] }, lastEventType: { type: ['string', 'null'] },
    eventsApplied: { type: 'integer' }, eventsTotal: { type: 'integer' }, sourcing: { type: 'array', items: { type: 'object' } },
  },
} as const;
