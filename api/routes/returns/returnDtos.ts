import { IsIn, IsOptional } from 'class-validator';
import { CLAIM_REASONS, ITEM_CONDITIONS, RETURN_CHANNELS, RETURN_METHODS, RETURN_REASONS } from '../../../domain/return/vocabulary.js';
import { IsBoundedString, IsId, IsQuantity, NestedDtoArray } from '../../http/validation.js';
import { IsNodeOrSku } from '../orders/placementDtos.js';

export class ReturnIdParams {
  @IsId() id!: string;
}

export class ReturnLineDto {
  @IsNodeOrSku() sku!: string;
  @IsQuantity({ max: 10_000 }) quantity!: number;
  @IsIn([...RETURN_REASONS]) reason!: string;
  /** Condition the customer declares (default new). */
  @IsOptional() @IsIn([...ITEM_CONDITIONS]) condition?: string;
  @IsOptional() @IsBoundedString({ max: 500 }) note?: string;
}

export class ReturnRequestDto {
  @IsId() orderId!: string;
  @NestedDtoArray(() => ReturnLineDto, { maxItems: 100 }) lines!: ReturnLineDto[];
  @IsIn([...RETURN_METHODS]) method!: (typeof RETURN_METHODS)[number];
  @IsIn([...RETURN_CHANNELS]) channel!: (typeof RETURN_CHANNELS)[number];
  /** In-store returns: the store at whose counter the goods are handed over. */
  @IsOptional() @IsNodeOrSku() storeNodeId?: string;
}

export class ReplacementDto {
  @IsNodeOrSku() sku!: string;
  @IsQuantity({ max: 10_000 }) quantity!: number;
}

export class ExchangeRequestDto {
  @NestedDtoArray(() => ReturnLineDto, { maxItems: 100 }) lines!: ReturnLineDto[];
  @NestedDtoArray(() => ReplacementDto, { maxItems: 100 }) replacement!: ReplacementDto[];
  @IsIn([...RETURN_METHODS]) method!: (typeof RETURN_METHODS)[number];
  @IsIn([...RETURN_CHANNELS]) channel!: (typeof RETURN_CHANNELS)[number];
  @IsOptional() @IsNodeOrSku() storeNodeId?: string;
}

export class ClaimLineDto {
  @IsNodeOrSku() sku!: string;
  @IsQuantity({ max: 10_000 }) quantity!: number;
  @IsIn([...CLAIM_REASONS]) reason!: string;
  @IsOptional() @IsBoundedString({ max: 500 }) note?: string;
}

export class ClaimRequestDto {
  @NestedDtoArray(() => ClaimLineDto, { maxItems: 100 }) lines!: ClaimLineDto[];
  @IsIn(['refund', 'replace']) resolution!: 'refund' | 'replace';
  @IsOptional() @IsIn([...RETURN_CHANNELS]) channel?: (typeof RETURN_CHANNELS)[number];
}

export class ReceiptLineDto {
  @IsNodeOrSku() sku!: string;
  @IsQuantity({ max: 10_000 }) quantity!: number;
  @IsIn([...ITEM_CONDITIONS]) condition!: (typeof ITEM_CONDITIONS)[number];
}

export class ReceiptDto {
  @IsNodeOrSku() nodeId!: string;
  @IsOptional() @IsId() receiptId?: string;
  @NestedDtoArray(() => ReceiptLineDto, { maxItems: 100 }) lines!: ReceiptLineDto[];
}

export class RefundDto {
  @IsOptional() @IsId() refundId?: string;
}
