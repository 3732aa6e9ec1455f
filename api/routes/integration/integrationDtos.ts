import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { EVENT_TYPE_PATTERN, STREAM_PREFIX_PATTERN } from '../../../application/integration/wireEvent.js';
import { IsBoundedString, IsId, NestedDto } from '../../http/validation.js';

/** `after` stays a plain string here so a malformed one gets the feed's own 400 INVALID_POSITION. */
export class EventsQuery {
  @IsOptional() @IsString() after?: string;
  @IsOptional() @IsString() @Length(1, 5000) types?: string;
  @IsOptional() @IsString() @Length(1, 5000) streamPrefix?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  /** Long-poll for up to this many seconds when nothing is there yet. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(60) wait?: number;
}

export class RetryPolicyDto {
  @IsOptional() @IsInt() @Min(1) @Max(50) maxAttempts?: number;
  @IsOptional() @IsInt() @Min(10) @Max(3_600_000) initialDelayMs?: number;
  @IsOptional() @IsInt() @Min(10) @Max(86_400_000) maxDelayMs?: number;
  @IsOptional() @IsInt() @Min(100) @Max(60_000) timeoutMs?: number;
}

export class CreateWebhookDto {
  @IsString() @Length(1, 2048) url!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Matches(EVENT_TYPE_PATTERN, { each: true }) eventTypes!: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Matches(STREAM_PREFIX_PATTERN, { each: true }) streamPrefixes?: string[];
  /** Signing secret; generated (and returned once) when absent. */
  @IsOptional() @IsBoundedString({ min: 16, max: 256 }) secret?: string;
  @IsOptional() @IsBoundedString({ max: 500 }) description?: string;
  @IsOptional() @NestedDto(() => RetryPolicyDto) retry?: RetryPolicyDto;
  /** Deliver events after this position ("0" = the whole history); default: only events from now on. */
  @IsOptional() @IsString() after?: string;
}

export class WebhookIdParams {
  @IsId() webhookId!: string;
}

export class ReplayWebhookDto {
  /** Re-deliver every matching event at or after this position. */
  @IsOptional() @IsString() fromPosition?: string;
  /** Re-deliver the dead letters (all, or those of `eventIds`). */
  @IsOptional() @IsBoolean() deadLetters?: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) eventIds?: string[];
}

export const WIRE_EVENT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' }, type: { type: 'string' }, stream: { type: 'string' }, revision: { type: 'string' },
    position: { type: 'string' }, data: {}, metadata: { type: 'object' }, recordedAt: { type: 'string' },
  },
} as const;

export const EVENTS_PAGE_SCHEMA = {
  type: 'object',
  properties: { events: { type: 'array', items: WIRE_EVENT_SCHEMA }, next: { type: 'string' } },
} as const;

export const WEBHOOK_SCHEMA = { type: 'object', properties: { id: { type: 'string' }, url: { type: 'string' }, delivery: { type: 'object' } } } as const;
