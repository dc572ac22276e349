// What every history format's read shares: the counters of one import, per-file CSV row checks, and the rating scales.
import { columnIndexes, CsvTableError, readCsvTable, type CsvRow } from '../csvTable';
import { ImportFileError } from '../errors';
import { quoteCell } from '../text';
import type { ImportRow, SkippedImportRow } from '../types';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export type RatingResult = { rating: number } | { problem: string };

/** A 0.5–5 star rating in half steps, as Letterboxd and MovieLens write it. */
export function halfStarRating(cell: string): RatingResult {
  const text = cell.trim();
  if (!NUMBER.test(text)) return { problem: `rating ${quoteCell(cell)} is not a number` };
  const value = Number(text);
  if (value < 0.5 || value > 5) return { problem: `rating ${text} is outside 0.5–5` };
  if (!Number.isInteger(value * 2)) return { problem: `rating ${text} is not a half star (0.5, 1, … 5)` };
  return { rating: value };
}

/** A 1–10 rating (IMDb, Trakt) as half stars: 10 → 5, 5 → 2.5. */
export function tenPointRating(value: unknown): RatingResult {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!NUMBER.test(text)) return { problem: `rating ${quoteCell(value ?? null)} is not a number` };
  const number = Number(text);
  if (!Number.isInteger(number)) return { problem: `rating ${text} is not a whole number 1–10` };
  if (number < 1 || number > 10) return { problem: `rating ${text} is outside 1–10` };
  return { rating: number / 2 };
}

/** A row's cell by column index ('' when the column is absent). */
export function cell(row: CsvRow, index: number): string {
  return index >= 0 ? (row.cells[index] ?? '') : '';
}

/** One import's clock and counters, across all its files. */
export class ReadContext {
  readonly skipped: SkippedImportRow[] = [];
  /** Data rows read, all files together (rows kept + skipped + merged away). */
  rowsRead = 0;
  /** Rows dropped because the same film appeared again in the same list. */
  collapsed = 0;
  /** Of the collapsed rows, those whose rating differed from the one kept. */
  conflictingRatings = 0;

  constructor(readonly now: number) {}

  /** The reader of one file: its rows, skips counted here. */
  file(name: string): FileReader {
    return new FileReader(name, this);
  }
}

/** Collects rows and skips for one file, with the cell lookups and row-shape checks every CSV format shares. */
export class FileReader {
  readonly rows: ImportRow[] = [];

  constructor(
    readonly file: string,
    private readonly context: ReadContext,
  ) {}

  /** Counts one data row read (CSV rows are counted by csvRows). */
  read(): void {
    this.context.rowsRead++;
  }

  skip(line: number, reason: string): void {
    this.context.skipped.push({ file: this.file, line, reason });
  }

  /** The table's rows that are well formed (others skipped with the reason); throws when a required column is absent. */
  csvRows<K extends string>(text: string, columns: Record<K, string>, required: NoInfer<K>[]): { rows: CsvRow[]; col: Record<K, number>; width: number } {
    let table;
    try {
      table = readCsvTable(this.file, text);
    } catch (error) {
      if (error instanceof CsvTableError) throw new ImportFileError(error.message);
      throw error;
    }
    const col = columnIndexes(table.header, columns);
    const missing = required.filter((k) => col[k] < 0).map((k) => columns[k]);
    if (missing.length > 0) throw new ImportFileError(`${this.file} lacks the column(s) ${missing.join(', ')}.`);
    const width = table.header.length;
    const rows: CsvRow[] = [];
    for (const row of table.rows) {
      this.read();
      if (row.error) this.skip(row.line, `malformed CSV row (${row.error})`);
      else if (row.cells.length < width) this.skip(row.line, `row has ${row.cells.length} cells; the header has ${width}`);
      else if (row.cells.slice(width).some((c) => c.trim() !== ''))
        this.skip(row.line, `row has ${row.cells.length} cells; the header has ${width} (a comma in an unquoted title?)`);
      else rows.push(row);
    }
    return { rows, col, width };
  }
}
