import { isISO4217CurrencyCode, IsIn, IsInt, IsOptional, Matches, Max, Min, registerDecorator } from 'class-validator';
import { SKU_STATUSES } from '../../../../domain/catalog/index.js';
import { minorUnits } from '../../../../domain/shared/money.js';
import { IsBoundedString, IsQuantity, NestedDto } from '../../../http/validation.js';
import { IsKey } from './keys.js';

const AMOUNT = /^\d{1,15}(?:\.\d{1,10})?$/;
const MAX_CURRENCIES = 50;

/** What is wrong with a `{ "EUR": "19.99" }` price map, naming the offending currency; undefined when fine. */
const priceMapProblem = (value: unknown, property: string): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${property} must be an object of currency → amount, e.g. { "EUR": "19.99" }`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || entries.length > MAX_CURRENCIES) return `${property} must hold 1 to ${MAX_CURRENCIES} prices`;
  for (const [currency, amount] of entries) {
    if (!/^[A-Z]{3}$/.test(currency) || !isISO4217CurrencyCode(currency)) return `${property}.${currency} is not an ISO 4217 currency code in upper case`;
    if (typeof amount !== 'string' || !AMOUNT.test(amount)) return `${property}.${currency} must be a non-negative decimal string such as "19.99"`;
    const decimals = amount.split('.')[1]?.length ?? 0;
    if (decimals > minorUnits(currency)) return `${property}.${currency} has more than ${minorUnits(currency)} decimals for ${currency}`;
  }
  return undefined;
};

/** Prices per currency, amounts as decimal strings bounded by the currency's minor units (never JS numbers). */
export const IsPriceMap = (): PropertyDecorator => (target, propertyName) =>
  registerDecorator({
    name: 'isPriceMap',
    target: target.constructor,
    propertyName: String(propertyName),
    constraints: [],
    validator: {
      validate: (value: unknown) => priceMapProblem(value, String(propertyName)) === undefined,
      defaultMessage: (args) => priceMapProblem(args?.value, String(propertyName)) ?? `${String(propertyName)} is invalid`,
    },
  });

export class DimensionsDto {
  @IsQuantity({ max: 10_000 }) lengthMm!: number;
  @IsQuantity({ max: 10_000 }) widthMm!: number;
  @IsQuantity({ max: 10_000 }) heightMm!: number;
}

export class PutSkuDto {
  @IsBoundedString({ max: 200 }) name!: string;
  @IsPriceMap() prices!: Record<string, string>;
  @IsInt() @Min(0) @Max(1_000_000) weightGrams!: number;
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: '$property must be a lower-case slug such as standard, reduced or zero' }) taxClass!: string;
  @IsOptional() @NestedDto(() => DimensionsDto) dimensions?: DimensionsDto;
  @IsOptional() @IsIn([...SKU_STATUSES]) status?: string;
}

export class SkuParams {
  @IsKey() sku!: string;
}

export class ListSkusQuery {
  /** Page size (default 100). */
  @IsOptional() @Matches(/^\d{1,4}$/, { message: '$property must be a whole number 1 to 1000' }) limit?: string;
  /** Continue after this SKU (the last one of the previous page). */
  @IsOptional() @IsKey() after?: string;
  @IsOptional() @IsIn([...SKU_STATUSES]) status?: string;
}
