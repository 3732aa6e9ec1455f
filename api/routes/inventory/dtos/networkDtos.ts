import {
  IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min,
} from 'class-validator';
import { NODE_CAPABILITIES, NODE_STATUSES, NODE_TYPES } from '../../../../domain/network/index.js';
import { IsBoundedString, IsCountryCode, NestedDto } from '../../../http/validation.js';
import { IsChannel, IsKey } from './keys.js';

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class LocationDto {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-90) @Max(90) lat!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-180) @Max(180) lng!: number;
  @IsCountryCode() country!: string;
  @IsOptional() @IsBoundedString({ max: 100 }) region?: string;
  @IsOptional() @IsBoundedString({ max: 20 }) postalCode?: string;
  @IsString() @MaxLength(64) timezone!: string;
}

export class OpeningHoursDto {
  @Matches(HH_MM, { message: '$property must be a local time HH:MM' }) open!: string;
  @Matches(HH_MM, { message: '$property must be a local time HH:MM' }) close!: string;
}

export class CalendarDto {
  @IsArray() @IsInt({ each: true }) @Min(1, { each: true }) @Max(7, { each: true }) workingDays!: number[];
  @IsOptional() @IsArray() @Matches(DATE, { each: true, message: 'each value in $property must be a date YYYY-MM-DD' }) holidays?: string[];
  @IsOptional() @NestedDto(() => OpeningHoursDto) openingHours?: OpeningHoursDto;
}

export class RegisterNodeDto {
  @IsKey() id!: string;
  @IsIn([...NODE_TYPES]) type!: string;
  @IsBoundedString({ max: 200 }) name!: string;
  @NestedDto(() => LocationDto) location!: LocationDto;
  @IsArray() @IsIn([...NODE_CAPABILITIES], { each: true }) capabilities!: string[];
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1440) processingHours!: number;
  @Matches(HH_MM, { message: '$property must be a local time HH:MM' }) cutoffLocal!: string;
  @IsInt() @Min(0) @Max(10_000_000) dailyCapacity!: number;
  @IsOptional() @NestedDto(() => CalendarDto) calendar?: CalendarDto;
  @IsOptional() @IsIn([...NODE_STATUSES]) status?: string;
  @IsOptional() @IsArray() @IsChannel({ each: true }) blockedChannels?: string[];
}

/** PATCH: any subset of the updatable fields; `location` and `calendar` merge one level deep. */
export class UpdateNodeDto {
  @IsOptional() @IsIn([...NODE_TYPES]) type?: string;
  @IsOptional() @IsBoundedString({ max: 200 }) name?: string;
  @IsOptional() @NestedDto(() => PartialLocationDto) location?: PartialLocationDto;
  @IsOptional() @IsArray() @IsIn([...NODE_CAPABILITIES], { each: true }) capabilities?: string[];
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1440) processingHours?: number;
  @IsOptional() @Matches(HH_MM, { message: '$property must be a local time HH:MM' }) cutoffLocal?: string;
  @IsOptional() @IsInt() @Min(0) @Max(10_000_000) dailyCapacity?: number;
  @IsOptional() @NestedDto(() => PartialCalendarDto) calendar?: PartialCalendarDto;
}

export class PartialLocationDto {
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-90) @Max(90) lat?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-180) @Max(180) lng?: number;
  @IsOptional() @IsCountryCode() country?: string;
  @IsOptional() @IsBoundedString({ max: 100 }) region?: string;
  @IsOptional() @IsBoundedString({ max: 20 }) postalCode?: string;
  @IsOptional() @IsString() @MaxLength(64) timezone?: string;
}

export class PartialCalendarDto {
  @IsOptional() @IsArray() @IsInt({ each: true }) @Min(1, { each: true }) @Max(7, { each: true }) workingDays?: number[];
  @IsOptional() @IsArray() @Matches(DATE, { each: true, message: 'each value in $property must be a date YYYY-MM-DD' }) holidays?: string[];
  @IsOptional() @NestedDto(() => OpeningHoursDto) openingHours?: OpeningHoursDto;
}

export class NodeStatusDto {
  @IsIn([...NODE_STATUSES]) status!: string;
  @IsOptional() @IsBoundedString({ max: 500 }) reason?: string;
}

export class ChannelBlockDto {
  @IsBoolean() blocked!: boolean;
}

export class NodeParams {
  @IsKey() nodeId!: string;
}

export class ChannelParams {
  @IsKey() nodeId!: string;
  @IsChannel() channel!: string;
}

export class ListNodesQuery {
  @IsOptional() @IsIn([...NODE_TYPES]) type?: string;
  @IsOptional() @IsCountryCode() country?: string;
  @IsOptional() @IsIn([...NODE_CAPABILITIES]) capability?: string;
}
