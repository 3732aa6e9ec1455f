import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsBoundedString, IsDecimalAmount } from '../../http/validation.js';

/**
 * `POST /sourcing/rulesets`: a rule set as `domain/sourcing/types.ts` defines it. The rules
 * themselves are checked by the domain (`validateRuleSet`: 422 INVALID_RULE_SET with the reason),
 * which knows the sort keys, split policies and shortfall actions.
 */
export class PublishRuleSetDto {
  @IsBoundedString({ max: 64 }) id!: string;
  @IsInt() @Min(1) @Max(1_000_000) version!: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsObject({ each: true, message: 'every rule must be an object' }) rules!: Record<string, unknown>[];
  @IsOptional() @IsObject() nodePriority?: Record<string, number>;
  @IsOptional() @IsIn(['infeasible', 'penalise']) onPromiseMiss?: 'infeasible' | 'penalise';
  @IsOptional() @IsDecimalAmount() latePenaltyPerDay?: string;
}

/** `POST /sourcing/shadow`. */
export class StartShadowDto {
  @IsInt() @Min(1) @Max(1_000_000) candidateVersion!: number;
}

/** `POST /sourcing/rulesets/rollback`: without `toVersion`, back to the version live before the last change. */
export class RollBackDto {
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000) toVersion?: number;
  @IsBoundedString({ min: 1, max: 500 }) reason!: string;
}

export class RuleSetVersionParams {
  @Matches(/^[1-9]\d{0,6}$/, { message: 'version must be a positive integer' }) version!: string;
}

/** `GET /sourcing/shadow`: which candidate (default: the running one) and how many differing orders to show. */
export class ShadowQuery {
  @IsOptional() @Matches(/^[1-9]\d{0,6}$/, { message: 'candidateVersion must be a positive integer' }) candidateVersion?: string;
  @IsOptional() @Matches(/^\d{1,3}$/, { message: 'samples must be 0..100' }) samples?: string;
}
