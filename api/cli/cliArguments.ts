/**
 * Checks of command-line arguments that run before any store is opened, so a typo is refused at
 * once, in one line, with nothing created (no data directory, no SQLite file, no master key).
 * `oms` exits 2 on a UsageError (the argument was wrong) and 1 on any other failure.
 */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day: `2017-13-45` matches the pattern but is not one (Date would roll it over). */
export const isCalendarDay = (value: string): boolean => {
  const m = DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};

export const checkDay = (option: string, value: string | undefined): void => {
  if (value !== undefined && !isCalendarDay(value)) throw new UsageError(`${option} must be a calendar date YYYY-MM-DD, got "${value}"`);
};

/** `--from` / `--to` of a window: real days, and the window not reversed. */
export const checkWindow = (options: Readonly<{ from?: string; to?: string }>): void => {
  checkDay('--from', options.from);
  checkDay('--to', options.to);
  if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
    throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
  }
};

/** An identifier argument: non-empty, no control characters, bounded (the OMS's ids are ≤ 500 characters). */
export const checkId = (name: string, value: string): void => {
  // eslint-disable-next-line no-control-regex
  if (value.trim().length === 0 || value.length > 500 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new UsageError(`${name} must be a non-empty id of at most 500 printable characters, got ${JSON.stringify(value.slice(0, 60))}`);
  }
};
