import type { BenchResult } from './benchResult.js';
import { withTarget } from './stats.js';

/**
 * Reads what a script-style benchmark wrote to bench/results/*.json into BenchResults. Accepted
 * shapes: `BenchResult[]`, `{ results: BenchResult[] }`, `{ figures: [...] }` (as
 * bench/eventstore writes), where each entry has at least `name`, `unit` and `median`; `runs`
 * may be the per-run values or a count. Anything else yields [] (reported as "no results").
 */
export const adaptResultsJson = (json: unknown): BenchResult[] => {
  const list = Array.isArray(json) ? json : isRecord(json) ? (json.results ?? json.figures) : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry): BenchResult[] => {
    if (!isRecord(entry) || typeof entry.name !== 'string' || typeof entry.median !== 'number') return [];
    const runs = Array.isArray(entry.runs) ? entry.runs.filter((r): r is number => typeof r === 'number') : [];
    const result: BenchResult = {
      name: entry.name,
      unit: typeof entry.unit === 'string' ? entry.unit : '',
      median: entry.median,
      min: typeof entry.min === 'number' ? entry.min : runs.length ? Math.min(...runs) : entry.median,
      max: typeof entry.max === 'number' ? entry.max : runs.length ? Math.max(...runs) : entry.median,
      runs,
    };
    for (const key of ['p50', 'p99', 'target'] as const) if (typeof entry[key] === 'number') result[key] = entry[key];
    if (typeof entry.lowerIsBetter === 'boolean') result.lowerIsBetter = entry.lowerIsBetter;
    if (typeof entry.notes === 'string') result.notes = entry.notes;
    if (typeof entry.failed === 'string') result.failed = entry.failed;
    return [typeof entry.meetsTarget === 'boolean' ? { ...result, meetsTarget: entry.meetsTarget } : withTarget(result)];
  });
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
