import { IsIn, IsOptional } from 'class-validator';
import { MAX_TTL_SECONDS } from '../../../../application/inventory/reservations.js';
import { MAX_LINE_QUANTITY, RELEASE_REASONS } from '../../../../domain/inventory/index.js';
import { IsQuantity } from '../../../http/validation.js';
import { IsKey, IsReference } from './keys.js';

export class ReserveDto {
  @IsKey() node!: string;
  @IsKey() sku!: string;
  @IsQuantity({ max: MAX_LINE_QUANTITY }) quantity!: number;
  @IsReference() orderId!: string;
  @IsReference() lineId!: string;
  @IsQuantity({ max: MAX_TTL_SECONDS }) ttlSeconds!: number;
  /** Optional client-chosen id; by default one is derived from the Idempotency-Key. */
  @IsOptional() @IsReference() reservationId?: string;
}

/** Node and SKU are optional: without them the reservation is looked up by id. */
export class ConfirmReservationDto {
  @IsOptional() @IsKey() node?: string;
  @IsOptional() @IsKey() sku?: string;
}

export class ReleaseReservationDto extends ConfirmReservationDto {
  @IsOptional() @IsIn([...RELEASE_REASONS]) reason?: string;
}

export class ReservationParams {
  @IsReference() reservationId!: string;
}
