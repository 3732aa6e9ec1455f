import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { RawUciRecord } from './uciRow.js';

/**
 * Streams the records of a UCI Online Retail CSV (gzip when the name ends in `.gz`): the file is
 * never held in memory, csv-parse applies back-pressure to the gunzip stream. A malformed CSV
 * line (wrong column count) is passed on with the columns it has, so it is classified as a bad
 * row rather than aborting the import. `bytesRead` reports progress over the file on disk.
 */
export const readUciFile = (path: string): { records: AsyncIterable<RawUciRecord>; bytesRead: () => number } => {
  const file = createReadStream(path);
  const parser = parse({ columns: true, relax_column_count: true, skip_empty_lines: true, bom: true });
  const source = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  source.pipe(parser);
  // pipe() does not forward errors: a missing file or a corrupt gzip must end the iteration with the error.
  file.on('error', (error) => parser.destroy(error));
  if (source !== file) source.on('error', (error: Error) => parser.destroy(error));
  return { records: parser as AsyncIterable<RawUciRecord>, bytesRead: () => file.bytesRead };
};
