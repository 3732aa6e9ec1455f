import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { RawUciRecord } from './uciRow.js';

/** The columns the importer reads (any order; extra columns are ignored). */
export const UCI_COLUMNS = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'] as const;

/**
 * Key of the stand-in record for a line csv-parse could not read (an unclosed quote; a stray quote
 * inside a field is kept as text):
 * the line is counted as a `malformed CSV line` bad row where it stood instead of aborting the import.
 */
export const MALFORMED_LINE = '__malformedCsvLine';

/** The file as a whole cannot be imported (missing, empty, not CSV/gzip, wrong header): a one-line message. */
export class UciFileError extends Error {}

/** Gzip is recognised by its magic bytes, not the name: a plain CSV called `.gz` (or the reverse) still reads. */
const isGzip = (path: string): boolean => {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
};

const HEADER_BYTES = 64 * 1024;

/**
 * Checks, before any store is opened, that the file can be imported as a whole: it exists, is not
 * empty, its header names every UCI column, and — when gzip — the whole stream decompresses (a
 * truncated download fails here, not after half the invoices were replayed). Returns the size on disk.
 */
export const checkUciFile = async (path: string): Promise<number> => {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UciFileError(`${path}: not a file`);
    size = st.size;
  } catch (error) {
    if (error instanceof UciFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UciFileError(`${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(error)})`}`);
  }
  const gzip = size > 0 && isGzip(path);
  const chunks: Buffer[] = [];
  let kept = 0;
  await new Promise<void>((resolve, reject) => {
    const file = createReadStream(path);
    const source = gzip ? file.pipe(createGunzip()) : file;
    const fail = (error: Error) => {
      file.destroy();
      reject(new UciFileError(`${path}: ${gzip ? `corrupt or truncated gzip (${error.message})` : `cannot read the file (${error.message})`}`));
    };
    file.on('error', fail);
    if (gzip) source.on('error', fail);
    source.on('data', (chunk: Buffer) => {
      if (kept < HEADER_BYTES) chunks.push(chunk);
      kept += chunk.length;
      // A plain file needs no integrity pass: the header is all there is to check up front.
      if (!gzip && kept >= HEADER_BYTES) file.destroy();
    });
    source.on('end', resolve);
    file.on('close', () => (gzip ? undefined : resolve()));
  });
  const text = Buffer.concat(chunks).subarray(0, HEADER_BYTES).toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (text.trim() === '') throw new UciFileError(`${path}: empty file (expected a CSV with the header ${UCI_COLUMNS.join(',')})`);
  let header: string[] = [];
  try {
    header = ((parseSync(firstLine, { relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? []);
  } catch {
    header = [];
  }
  const missing = UCI_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    const found = JSON.stringify(firstLine.slice(0, 80));
    throw new UciFileError(`${path}: not a UCI Online Retail CSV: the header lacks ${missing.join(', ')} (first line ${found})`);
  }
  return size;
};

/**
 * Streams the records of a UCI Online Retail CSV (gzip or plain, by content): the file is never
 * held in memory, csv-parse applies back-pressure to the gunzip stream. A short or long line is
 * passed on with the columns it has, a stray quote kept as text, a line csv-parse cannot read at all as a `MALFORMED_LINE`
 * record — both are classified as bad rows rather than aborting the import. `bytesRead` reports
 * progress over the file on disk.
 */
export const readUciFile = (path: string): { records: AsyncIterable<RawUciRecord>; bytesRead: () => number } => {
  const file = createReadStream(path);
  const parser = parse({
    columns: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, skip_records_with_error: true,
    // Called inside the parse loop: the stand-in lands in the output exactly where the line was.
    on_skip: (error) => void parser.push({ [MALFORMED_LINE]: error?.message ?? 'unreadable CSV line' }),
  });
  const source = isGzip(path) ? file.pipe(createGunzip()) : file;
  source.pipe(parser);
  // pipe() does not forward errors: a read error or a corrupt gzip must end the iteration with the error.
  file.on('error', (error) => parser.destroy(error));
  if (source !== file) source.on('error', (error: Error) => parser.destroy(error));
  // The parser may fail before anyone iterates (stores still opening): the iterator reports the
  // error; without a listener it would also be an unhandled 'error' event that kills the process.
  parser.on('error', () => undefined);
  return { records: parser as AsyncIterable<RawUciRecord>, bytesRead: () => file.bytesRead };
};
