import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsNumber, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { CHANNELS } from '../../../domain/order/index.js';
import { KEY_PATTERN } from '../../../domain/network/identifier.js';
import { IsBoundedString, IsCountryCode, IsCurrencyCode, IsId, IsQuantity, NestedDto, NestedDtoArray } from '../../http/validation.js';
import { Matches } from 'class-validator';

export const ORDER_DELIVERY_METHODS = ['standard', 'express', 'pickup', 'ship_to_store'] as const;
const HOME = (o: { deliveryMethod?: string }) => o.deliveryMethod === 'standard' || o.deliveryMethod === 'express';
const STORE = (o: { deliveryMethod?: string }) => o.deliveryMethod === 'pickup' || o.deliveryMethod === 'ship_to_store';

export const IsNodeOrSku = () => Matches(KEY_PATTERN, { message: '$property must be 1 to 64 characters of [A-Za-z0-9._:@-] starting with a letter or digit' });

/** Where a home delivery goes: coordinates (what promise and sourcing measure from) plus the postal address. */
export class DestinationDto {
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number (WGS84 latitude)' }) @Min(-90) @Max(90) lat!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number (WGS84 longitude)' }) @Min(-180) @Max(180) lng!: number;
  @IsCountryCode() country!: string;
  @IsOptional() @IsBoundedString({ max: 64 }) region?: string;
  @IsOptional() @IsBoundedString({ max: 16 }) postalCode?: string;
  @IsOptional() @IsBoundedString({ max: 200 }) name?: string;
  @IsOptional() @IsBoundedString({ max: 200 }) line1?: string;
  @IsOptional() @IsBoundedString({ max: 200 }) line2?: string;
  @IsOptional() @IsBoundedString({ max: 100 }) city?: string;
}

export class CartLineDto {
  @IsNodeOrSku() sku!: string;
  @IsQuantity({ max: 10_000 }) quantity!: number;
}

export class PlaceOrderDto {
  @IsIn([...CHANNELS]) channel!: (typeof CHANNELS)[number];
  @IsId() customerId!: string;
  @IsCurrencyCode() currency!: string;
  @IsIn([...ORDER_DELIVERY_METHODS]) deliveryMethod!: (typeof ORDER_DELIVERY_METHODS)[number];
  @ValidateIf(HOME)
  @IsDefined({ message: 'destination is required for standard and express delivery' })
  @NestedDto(() => DestinationDto)
  destination?: DestinationDto;
  @ValidateIf(STORE)
  @IsDefined({ message: 'pickupNode is required for pickup and ship_to_store' })
  @IsNodeOrSku()
  pickupNode?: string;
  @NestedDtoArray(() => CartLineDto, { maxItems: 100 }) lines!: CartLineDto[];
  @IsOptional()
  @IsArray({ message: 'coupons must be an array of coupon codes' })
  @ArrayMaxSize(10)
  @IsBoundedString({ max: 64 }, { each: true })
  coupons?: string[];
  @IsOptional() @IsBoundedString({ max: 35 }) locale?: string;
}

/** `POST /promise`: a cart and where it should go; without `deliveryMethods`, every method is quoted. */
export class PromiseRequestDto {
  @IsOptional() @IsIn([...CHANNELS]) channel?: (typeof CHANNELS)[number];
  @IsOptional() @NestedDto(() => DestinationDto) destination?: DestinationDto;
  @IsOptional() @IsNodeOrSku() pickupNode?: string;
  @IsOptional()
  @IsArray()
  @IsIn(['delivery', 'pickup', 'shipToStore'], { each: true })
  deliveryMethods?: ('delivery' | 'pickup' | 'shipToStore')[];
  @NestedDtoArray(() => CartLineDto, { maxItems: 100 }) lines!: CartLineDto[];
}
