// A history CSV as a header plus rows of cells with their line numbers (PapaParse, delimiter guessed, columns by name).
import Papa from 'papaparse';
import { quoteCell } from './text';

/** Rows accepted per file: a lifetime of IMDb or Letterboxd history is tens of thousands. */
export const MAX_ROWS_PER_FILE = 200_000;

export interface CsvRow {
  /** Line the row starts on (header = line 1, counting line breaks inside quoted cells). */
  line: number;
  cells: string[];
  /** PapaParse's complaint about this row (an unclosed quote…), if any. */
  error: string | null;
}

export interface CsvTable {
  /** Header cells as written, trimmed. */
  header: string[];
  rows: CsvRow[];
}

/** The file has more rows than MAX_ROWS_PER_FILE, or no header at all. */
export class CsvTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvTableError';
  }
}

/** Header names compared loosely: "Your Rating", "your_rating" and " YOUR RATING " are the same column. */
export function columnKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');
}

function lineBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) breaks++;
  }
  return breaks;
}

/** Parses the whole text; rows that are entirely blank are dropped. Throws CsvTableError past MAX_ROWS_PER_FILE. */
export function readCsvTable(name: string, csvText: string): CsvTable {
  // PapaParse drops a BOM itself and its cursors then count without it; drop it here so cursors index `text`.
  const text = csvText.replace(/^\uFEFF/, '');
  let header: string[] | null = null;
  const rows: CsvRow[] = [];
  let line = 1;
  let cursor = 0;
  let tooMany = false;
  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t'],
    step: (result, parser) => {
      const start = cursor;
      // Blank lines skipped before this row move its start line down.
      let rowStart = start;
      while (rowStart < text.length && (text[rowStart] === '\n' || text[rowStart] === '\r' || text[rowStart] === ' ' || text[rowStart] === '\t')) rowStart++;
      const rowLine = line + lineBreaks(text, start, rowStart);
      cursor = result.meta.cursor;
      line = rowLine + lineBreaks(text, rowStart, cursor);
      const cells = result.data;
      const problem = result.errors.find((e) => e.code !== 'UndetectableDelimiter');
      if (header === null) {
        header = cells.map((cell) => cell.replace(/^\uFEFF/, '').trim());
        return;
      }
      if (rows.length >= MAX_ROWS_PER_FILE) {
        tooMany = true;
        parser.abort();
        return;
      }
      rows.push({ line: rowLine, cells, error: problem ? `${problem.code}: ${quoteCell(problem.message, 80).slice(1, -1)}` : null });
    },
  });
  if (tooMany) throw new CsvTableError(`${name} has more than ${MAX_ROWS_PER_FILE.toLocaleString('en-US')} rows; split it or export a shorter history.`);
  return { header: header ?? [], rows };
}

/** Index of each wanted column (by columnKey), -1 when absent. */
export function columnIndexes<K extends string>(header: string[], wanted: Record<K, string>): Record<K, number> {
  const keys = header.map(columnKey);
  const out = {} as Record<K, number>;
  for (const field of Object.keys(wanted) as K[]) out[field] = keys.indexOf(columnKey(wanted[field]));
  return out;
}
