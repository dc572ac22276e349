// Output a person reads in a terminal: plain-text tables (cli-table3, no colours, so logs and pipes stay clean),
// counts with their noun in the right number, sizes and durations.
import Table from 'cli-table3';

export type Cell = string | number | boolean | null | undefined;

export interface Column {
  name: string;
  /** Numbers read best right-aligned; 'right' is the default for columns whose cells are all numbers. */
  align?: 'left' | 'right';
}

/**
 * A table as text. Numbers are printed with thousands separators (pass ids as strings); booleans as yes/no.
 * Rows are separated by a rule only when some cell spans several lines.
 */
export function table(columns: (string | Column)[], rows: Cell[][]): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { name: c } : c));
  const align = cols.map((c, i) => c.align ?? (rows.length > 0 && rows.every((r) => typeof r[i] === 'number') ? 'right' : 'left'));
  const compact = !rows.some((r) => r.some((c) => typeof c === 'string' && c.includes('\n')));
  const t = new Table({ head: cols.map((c) => c.name), colAligns: align, style: { head: [], border: [], compact } });
  for (const row of rows) t.push(row.map(cellText));
  return t.toString();
}

/** Two columns, label and value: a key/value summary. */
export function keyValueTable(entries: [string, Cell][], headings: [string, string] = ['', '']): string {
  const t = new Table({ head: headings.some(Boolean) ? headings : [], colAligns: ['left', 'right'], style: { head: [], border: [], compact: true } });
  for (const [key, value] of entries) t.push([key, cellText(value)]);
  return t.toString();
}

function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return formatCount(value);
  return value;
}

/** 45433 → "45,433"; fractions keep their digits. */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(n);
}

/** plural(1, 'file') → "1 file"; plural(2, 'file') → "2 files"; plural(2, 'entry', 'entries') → "2 entries". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

export function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}

/** Milliseconds as "850 ms" or "12.3 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
