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
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    stream.on('data', (chunk) => {
      bytesRead += Buffer.byteLength(chunk as string);
      options.onProgress?.(bytesRead, totalBytes);
    });
    stream.on('error', (error) => reject(new InputFileError(path, `read failed (${error.message})`)));
    Papa.parse<Record<string, string>>(stream as unknown as File, {
      header: true,
      skipEmptyLines: 'greedy',
      step: (result, parser) => {
        if (!headerChecked) {
          headerChecked = true;
          const fields = result.meta.fields ?? [];
          headerWidth = fields.length;
          const missing = options.requiredColumns.filter((c) => !fields.includes(c));
          if (missing.length > 0) {
            parser.abort();
            stream.destroy();
            reject(new InputFileError(path, `wrong header: missing column(s) ${missing.join(', ')} (found: ${fields.slice(0, 12).join(', ') || 'nothing'})`));
            return;
          }
        }
        rowsRead++;
        const fieldCount = Object.keys(result.data).length;
        if (result.errors.length > 0 || fieldCount !== headerWidth || '__parsed_extra' in result.data) {
          const code = result.errors[0]?.code ?? (fieldCount < headerWidth ? 'TooFewFields' : 'TooManyFields');
          countSkip(skipped, `malformed CSV row (${code})`);
          return;
        }
        const reason = options.onRow(result.data, rowsRead);
        if (reason) countSkip(skipped, reason);
      },
      complete: () => {
        if (!headerChecked) reject(new InputFileError(path, `empty file: no header row in ${file}`));
        else resolve();
      },
      error: (error: Error) => reject(new InputFileError(path, `CSV parse failed (${error.message})`)),
    });
  });
  return { rowsRead, skipped, bytes: totalBytes };
}
