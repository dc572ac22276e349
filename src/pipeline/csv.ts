// Streaming CSV reading for the build pipeline (PapaParse over a Node stream), with per-row skip accounting.
import { createReadStream, promises as fs } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';

/** Why rows were skipped, reason -> count; every skip is counted, none is silent. */
export type SkipCounts = Record<string, number>;

export function countSkip(skips: SkipCounts, reason: string, n = 1): void {
  skips[reason] = (skips[reason] ?? 0) + n;
}

/** An input file that is missing, unreadable or has the wrong header; the message names the file. */
export class InputFileError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'InputFileError';
  }
}

/**
 * Longest row accepted, in UTF-16 code units (the real Kaggle rows are < 1 MiB). A stray unclosed quote otherwise makes
 * PapaParse buffer (and rescan) the rest of the file as one field: memory and time grow with the file.
 */
export const MAX_ROW_CHARS = 16 * 1024 * 1024;

export function rowTooLongMessage(rowsBefore: number): string {
  return `row ${rowsBefore + 1} runs on for more than ${MAX_ROW_CHARS / (1024 * 1024)} MiB without ending (an unterminated quote?); stopped reading`;
}

/** A broken quote that swallows more line breaks than this is a stray quote eating rows, not a multi-line overview. */
export const MAX_LINE_BREAKS_IN_ROW = 100;

/** Line breaks inside a parsed row's cells (PapaParse puts surplus cells in a nested array). */
export function lineBreaksIn(cells: readonly unknown[]): number {
  let breaks = 0;
  for (const cell of cells) {
    if (Array.isArray(cell)) breaks += lineBreaksIn(cell);
    else if (typeof cell === 'string') for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) breaks++;
  }
  return breaks;
}

export function swallowedRowsMessage(rowNumber: number, lineBreaks: number): string {
  return `row ${rowNumber} has a quote that is never closed properly and swallows ${lineBreaks} line breaks (the rows after it); stopped reading`;
}

export interface CsvReadResult {
  rowsRead: number;
  skipped: SkipCounts;
  bytes: number;
}

export interface CsvReadOptions {
  /** Columns that must be present in the header. */
  requiredColumns: string[];
  /** Called for every well-formed row; return a reason string to count the row as skipped. */
  onRow: (row: Record<string, string>, rowNumber: number) => string | void;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export async function assertReadable(path: string): Promise<number> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new Error('not a file');
    await fs.access(path, fs.constants?.R_OK ?? 4);
    return stat.size;
  } catch (error) {
    throw new InputFileError(path, `cannot read input file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Stream a CSV file row by row with bounded memory; malformed rows are skipped and counted, not fatal. */
export async function readCsv(path: string, options: CsvReadOptions): Promise<CsvReadResult> {
  const totalBytes = await assertReadable(path);
  const skipped: SkipCounts = {};
  let rowsRead = 0;
  let bytesRead = 0;
  let headerChecked = false;
  let headerWidth = 0;
  const file = basename(path);

  await new Promise<void>((resolve, reject) => {
    // Settle once: parser.abort() calls `complete` synchronously, which must not resolve a failed read.
    let settled = false;
    const fail = (error: InputFileError): void => {
      if (settled) return;
      settled = true;
      stream.destroy();
      reject(error);
    };
    // Characters received since the last complete row (within one 1 MiB chunk): bounds a runaway quoted field.
    // Only a quote can open one, so megabytes of skipped blank lines without a quote never trip it.
    let charsSinceRow = 0;
    let chunkHasQuote = false;
    let quoteSinceRow = false;
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    stream.on('data', (chunk) => {
      bytesRead += Buffer.byteLength(chunk as string);
      charsSinceRow += (chunk as string).length;
      chunkHasQuote = (chunk as string).includes('"');
      quoteSinceRow ||= chunkHasQuote;
      options.onProgress?.(bytesRead, totalBytes);
      if (charsSinceRow > MAX_ROW_CHARS && quoteSinceRow) {
        fail(new InputFileError(path, rowTooLongMessage(rowsRead)));
        parser?.abort();
      }
    });
    stream.on('error', (error) => fail(new InputFileError(path, `read failed (${error.message})`)));
    let parser: Papa.Parser | undefined;
    Papa.parse<Record<string, string>>(stream as unknown as File, {
      header: true,
      skipEmptyLines: 'greedy',
      step: (result, stepParser) => {
        parser = stepParser;
        charsSinceRow = 0;
        quoteSinceRow = chunkHasQuote;
        if (settled) return;
        if (!headerChecked) {
          headerChecked = true;
          const fields = result.meta.fields ?? [];
          headerWidth = fields.length;
          const missing = options.requiredColumns.filter((c) => !fields.includes(c));
          if (missing.length > 0) {
            fail(new InputFileError(path, `wrong header: missing column(s) ${missing.join(', ')} (found: ${fields.slice(0, 12).join(', ') || 'nothing'})`));
            stepParser.abort();
            return;
          }
        }
        rowsRead++;
        const fieldCount = Object.keys(result.data).length;
        if (result.errors.length > 0 || fieldCount !== headerWidth || '__parsed_extra' in result.data) {
          const code = result.errors[0]?.code ?? (fieldCount < headerWidth ? 'TooFewFields' : 'TooManyFields');
          const brokenQuote = result.errors.some((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes');
          const lineBreaks = brokenQuote ? lineBreaksIn(Object.values(result.data)) : 0;
          if (lineBreaks > MAX_LINE_BREAKS_IN_ROW) {
            fail(new InputFileError(path, swallowedRowsMessage(rowsRead, lineBreaks)));
            stepParser.abort();
            return;
          }
          countSkip(skipped, `malformed CSV row (${code})`);
          return;
        }
        const reason = options.onRow(result.data, rowsRead);
        if (reason) countSkip(skipped, reason);
      },
      complete: () => {
        if (settled) return;
        if (!headerChecked) fail(new InputFileError(path, `no data rows: ${file} is empty or has only a header line`));
        else {
          settled = true;
          resolve();
        }
      },
      error: (error: Error) => fail(new InputFileError(path, `CSV parse failed (${error.message})`)),
    });
  });
  return { rowsRead, skipped, bytes: totalBytes };
}
