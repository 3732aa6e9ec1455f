import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { ORDER_STATUSES } from '../../../domain/order/index.js';
import { CHANNELS } from '../../../domain/order/index.js';
import { IsBoundedString, IsId, IsIsoDateTime, IsQuantity, NestedDto, NestedDtoArray } from '../../http/validation.js';
import { DestinationDto, IsNodeOrSku } from './placementDtos.js';

/** `:id` (not `:orderId`): the handler, not the edge, decides who may see an order, and answers 404 either way. */
export class OrderIdParams {
  @IsId() id!: string;
}

/** The tracking token may travel as a query parameter (links in e-mails) as well as in X-Tracking-Token. */
export class TokenQuery {
  @IsOptional() @IsBoundedString({ max: 256 }) token?: string;
}

export class LineQuantityDto {
  @IsBoundedString({ max: 128 }) lineId!: string;
  @IsQuantity({ max: 10_000 }) quantity!: number;
}

export class CancelDto {
  @IsBoundedString({ max: 500 }) reason!: string;
  /** Absent: the whole order. */
  @IsOptional() @NestedDtoArray(() => LineQuantityDto, { maxItems: 100 }) lines?: LineQuantityDto[];
}

export const CHANGE_ACTIONS = ['changeAddress', 'changeMethod', 'reduceQuantity', 'switchToPickup'] as const;

/** Which fields each action takes (besides `action` and `reason`); anything else is refused. */
export const CHANGE_FIELDS: Readonly<Record<(typeof CHANGE_ACTIONS)[number], readonly string[]>> = {
  changeAddress: ['destination'],
  changeMethod: ['deliveryMethod', 'destination', 'pickupNode'],
  reduceQuantity: ['lineId', 'quantity'],
  switchToPickup: ['pickupNode'],
};

type WithAction = { action?: string; deliveryMethod?: string; destination?: unknown };

/** One typed post-purchase change; every change states its reason (recorded with the actor and the money difference). */
export class ChangeDto {
  @IsIn([...CHANGE_ACTIONS]) action!: (typeof CHANGE_ACTIONS)[number];
  @IsBoundedString({ max: 500 }) reason!: string;
  @ValidateIf((o: WithAction) => o.action === 'changeAddress' || o.destination !== undefined)
  @IsDefined({ message: 'destination is required for changeAddress' })
  @NestedDto(() => DestinationDto)
  destination?: DestinationDto;
  @ValidateIf((o: WithAction) => o.action === 'changeMethod')
  @IsIn(['standard', 'express', 'ship_to_store'], { message: 'deliveryMethod must be standard, express or ship_to_store (use switchToPickup for pickup)' })
  deliveryMethod?: 'standard' | 'express' | 'ship_to_store';
  @ValidateIf((o: WithAction) => o.action === 'switchToPickup' || (o.action === 'changeMethod' && o.deliveryMethod === 'ship_to_store'))
  @IsDefined({ message: 'pickupNode is required for switchToPickup and ship_to_store' })
  @IsNodeOrSku()
  pickupNode?: string;
  @ValidateIf((o: WithAction) => o.action === 'reduceQuantity')
  @IsDefined({ message: 'lineId is required for reduceQuantity' })
  @IsBoundedString({ max: 128 })
  lineId?: string;
  @ValidateIf((o: WithAction) => o.action === 'reduceQuantity')
  @IsQuantity({ max: 10_000 })
  quantity?: number;
}

export class ShipmentDto {
  @IsOptional() @IsId() shipmentId?: string;
  @IsNodeOrSku() node!: string;
  @NestedDtoArray(() => LineQuantityDto, { maxItems: 100 }) lines!: LineQuantityDto[];
  @IsBoundedString({ max: 64 }) carrier!: string;
  @IsBoundedString({ max: 128 }) trackingNumber!: string;
  @IsOptional() @IsIsoDateTime() shippedAt?: string;
}

export class DeliveryDto {
  @IsId() shipmentId!: string;
  @IsOptional() @IsIsoDateTime() deliveredAt?: string;
}

export class ReadyForPickupDto {
  @IsOptional() @IsNodeOrSku() node?: string;
  @IsOptional() @IsIsoDateTime() deadline?: string;
  @IsOptional() @NestedDtoArray(() => LineQuantityDto, { maxItems: 100 }) lines?: LineQuantityDto[];
}

export class PickupDto {
  @IsOptional() @IsNodeOrSku() node?: string;
  @IsOptional() @IsIsoDateTime() pickedUpAt?: string;
  @IsOptional() @NestedDtoArray(() => LineQuantityDto, { maxItems: 100 }) lines?: LineQuantityDto[];
}

export class RejectionDto {
  @IsNodeOrSku() node!: string;
  @IsBoundedString({ max: 500 }) reason!: string;
  /** Absent: everything released to the node and not yet picked. */
  @IsOptional() @NestedDtoArray(() => LineQuantityDto, { maxItems: 100 }) lines?: LineQuantityDto[];
}

export class ReviewDto {
  @IsIn(['approve', 'reject']) decision!: 'approve' | 'reject';
  @IsOptional() @IsBoundedString({ max: 500 }) note?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsBoundedString({ max: 200 }, { each: true }) reasons?: string[];
}

export class ListOrdersQuery {
  @IsOptional() @IsId() customerId?: string;
  @IsOptional() @IsIn([...ORDER_STATUSES]) status?: (typeof ORDER_STATUSES)[number];
  @IsOptional() @IsIn([...CHANNELS]) channel?: (typeof CHANNELS)[number];
  @IsOptional() @IsIsoDateTime() from?: string;
  @IsOptional() @IsIsoDateTime() to?: string;
  @IsOptional() @Type(() => Number) @IsInt({ message: 'limit must be an integer' }) @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsBoundedString({ max: 512 }) cursor?: string;
}
