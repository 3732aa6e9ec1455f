import { IsIn, IsOptional, Matches } from 'class-validator';
import { CHANNELS } from '../../../domain/order/index.js';
import { GROUP_BY, type GroupBy } from '../../../projections/kpis/kpiReport.js';
import { IsBoundedString } from '../../http/validation.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `GET /kpis` and `GET /kpis.csv`: a range of placement days (both inclusive, UTC), a grouping and filters. */
export class KpiQuery {
  @IsOptional() @Matches(DAY, { message: 'from must be a day YYYY-MM-DD (UTC, inclusive)' }) from?: string;
  @IsOptional() @Matches(DAY, { message: 'to must be a day YYYY-MM-DD (UTC, inclusive)' }) to?: string;
  @IsOptional() @IsIn([...GROUP_BY], { message: `groupBy must be one of ${GROUP_BY.join(', ')}` }) groupBy?: GroupBy;
  @IsOptional() @IsIn([...CHANNELS], { message: `channel must be one of ${CHANNELS.join(', ')}` }) channel?: (typeof CHANNELS)[number];
  @IsOptional() @IsBoundedString({ max: 128 }) node?: string;
  @IsOptional() @IsBoundedString({ max: 64 }) carrier?: string;
  @IsOptional() @IsIn(['json', 'csv'], { message: 'format must be json or csv' }) format?: 'json' | 'csv';
}
