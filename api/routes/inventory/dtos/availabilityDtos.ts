import { Transform } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min,
} from 'class-validator';
import { NODE_CAPABILITIES, NODE_TYPES } from '../../../../domain/network/index.js';
import { IsBoundedString, IsCountryCode, NestedDto, NestedDtoArray } from '../../../http/validation.js';
import { IsChannel, IsKey } from './keys.js';

export const MAX_SKUS_PER_QUERY = 100;
const POSITION = /^\d{1,20}$/;

/** `?sku=A&sku=B&view=online`: one or many SKUs (repeat the parameter). */
export class AvailabilityQuery {
  @Transform(({ value }) => (Array.isArray(value) ? value : value === undefined ? value : [value]))
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_SKUS_PER_QUERY) @IsKey({ each: true })
  sku!: string[];
  @IsOptional() @IsKey() view?: string;
  /** Read-your-writes: wait (up to 2 s) until the read model has applied this global position. */
  @IsOptional() @Matches(POSITION, { message: '$property must be a global position (decimal string)' }) minPosition?: string;
}

export class VisibilityQuery {
  @IsOptional() @Matches(POSITION, { message: '$property must be a global position (decimal string)' }) minPosition?: string;
}

export class SelectorDto {
  @IsOptional() @IsArray() @IsKey({ each: true }) nodeIds?: string[];
  @IsOptional() @IsArray() @IsIn([...NODE_TYPES], { each: true }) nodeTypes?: string[];
  @IsOptional() @IsArray() @IsBoundedString({ max: 100 }, { each: true }) regions?: string[];
  @IsOptional() @IsArray() @IsCountryCode({ each: true }) countries?: string[];
  @IsOptional() @IsArray() @IsIn([...NODE_CAPABILITIES], { each: true }) capabilities?: string[];
  @IsOptional() @IsArray() @IsKey({ each: true }) excludeNodeIds?: string[];
}

/** `null` horizons mean "never counted" (IsOptional lets null through to the domain, which accepts it). */
export class SupplyRulesDto {
  @IsOptional() @IsBoolean() onHand?: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(365) inTransitWithinDays?: number | null;
  @IsOptional() @IsInt() @Min(0) @Max(365) onOrderWithinDays?: number | null;
}

export class SafetyStockPolicyDto {
  @IsOptional() @IsBoolean() useNodeSafetyStock?: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) extraPerNode?: number;
}

export class ChannelProtectionDto {
  @IsChannel() channel!: string;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }) @Min(0.01) @Max(100) percent?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000_000) units?: number;
  @IsOptional() @NestedDto(() => SelectorDto) nodes?: SelectorDto;
}

export class ThresholdDto {
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) minimum?: number;
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) cap?: number | null;
}

/** The complete rule set of a view (PUT replaces it; omitted parts take their defaults). */
export class PutAtsViewDto {
  @IsOptional() @IsBoundedString({ max: 500 }) description?: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsChannel({ each: true }) channels!: string[];
  @IsOptional() @NestedDto(() => SelectorDto) nodes?: SelectorDto;
  @IsOptional() @NestedDto(() => SupplyRulesDto) supply?: SupplyRulesDto;
  @IsOptional() @NestedDto(() => SafetyStockPolicyDto) safetyStock?: SafetyStockPolicyDto;
  @IsOptional() @NestedDtoArray(() => ChannelProtectionDto, { minItems: 0, maxItems: 50 }) channelProtection?: ChannelProtectionDto[];
  @IsOptional() @NestedDto(() => ThresholdDto) threshold?: ThresholdDto;
  @IsOptional() @IsBoolean() respectNodeStatus?: boolean;
  @IsOptional() @IsBoolean() respectBlockedChannels?: boolean;
}

export class ViewParams {
  @IsKey() name!: string;
}

export class InventorySkuParams {
  @IsKey() sku!: string;
}
