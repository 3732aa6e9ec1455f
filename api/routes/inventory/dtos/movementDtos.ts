import { IsIn, IsInt, IsOptional, Max, Min, NotEquals } from 'class-validator';
import { ADJUSTMENT_REASONS, COUNT_REASONS, MAX_LINE_QUANTITY, MAX_STOCK_LEVEL, SUPPLY_KINDS } from '../../../../domain/inventory/index.js';
import { MAX_BATCH_LINES } from '../../../../application/inventory/batchMovements.js';
import type { DtoClass } from '../../../http/route.js';
import { IsBoundedString, IsIsoDateTime, IsQuantity, NestedDtoArray } from '../../../http/validation.js';
import { IsKey, IsReference } from './keys.js';

/**
 * Stock movement bodies. Quantities are whole units within the domain's limits, so a negative,
 * fractional or absurd quantity is a 400 naming the field before anything is looked up.
 */
class PositionDto {
  @IsKey() node!: string;
  @IsKey() sku!: string;
}

export class ReceiptDto extends PositionDto {
  @IsQuantity({ max: MAX_LINE_QUANTITY }) quantity!: number;
  @IsReference() reference!: string;
}

export class AdjustmentDto extends PositionDto {
  @IsInt() @Min(-MAX_LINE_QUANTITY) @Max(MAX_LINE_QUANTITY) @NotEquals(0) delta!: number;
  @IsIn([...ADJUSTMENT_REASONS]) reason!: string;
  @IsOptional() @IsReference() reference?: string;
  @IsOptional() @IsBoundedString({ max: 500 }) note?: string;
}

export class CountDto extends PositionDto {
  @IsQuantity({ min: 0, max: MAX_STOCK_LEVEL }) counted!: number;
  /** Defaults to `cycle_count`. */
  @IsOptional() @IsIn([...COUNT_REASONS]) reason?: string;
  @IsOptional() @IsReference() reference?: string;
}

export class SupplyDto extends PositionDto {
  @IsReference() supplyId!: string;
  @IsIn([...SUPPLY_KINDS]) kind!: string;
  @IsQuantity({ max: MAX_LINE_QUANTITY }) quantity!: number;
  @IsIsoDateTime() eta!: string;
  @IsOptional() @IsReference() reference?: string;
}

export class ArrivalDto extends PositionDto {
  @IsReference() supplyId!: string;
  @IsQuantity({ max: MAX_LINE_QUANTITY }) quantity!: number;
  @IsOptional() @IsReference() reference?: string;
}

export class SupplyCancellationDto extends PositionDto {
  @IsReference() supplyId!: string;
  @IsOptional() @IsBoundedString({ max: 500 }) reason?: string;
}

export class SupplyRescheduleDto extends PositionDto {
  @IsReference() supplyId!: string;
  @IsIsoDateTime() eta!: string;
  @IsOptional() @IsBoundedString({ max: 500 }) reason?: string;
}

export class SafetyStockDto extends PositionDto {
  @IsQuantity({ min: 0, max: MAX_STOCK_LEVEL }) quantity!: number;
}

/** `{ "lines": [ … ] }` with up to MAX_BATCH_LINES lines of one movement kind. */
const batchOf = (line: DtoClass, name: string): DtoClass => {
  class Batch {
    @NestedDtoArray(() => line, { maxItems: MAX_BATCH_LINES }) lines!: object[];
  }
  Object.defineProperty(Batch, 'name', { value: name });
  return Batch;
};

export const ReceiptBatchDto = batchOf(ReceiptDto, 'ReceiptBatchDto');
export const AdjustmentBatchDto = batchOf(AdjustmentDto, 'AdjustmentBatchDto');
export const CountBatchDto = batchOf(CountDto, 'CountBatchDto');
export const SupplyBatchDto = batchOf(SupplyDto, 'SupplyBatchDto');
export const ArrivalBatchDto = batchOf(ArrivalDto, 'ArrivalBatchDto');
export const SupplyCancellationBatchDto = batchOf(SupplyCancellationDto, 'SupplyCancellationBatchDto');
export const SupplyRescheduleBatchDto = batchOf(SupplyRescheduleDto, 'SupplyRescheduleBatchDto');
export const SafetyStockBatchDto = batchOf(SafetyStockDto, 'SafetyStockBatchDto');
