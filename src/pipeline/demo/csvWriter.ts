// CSV text exactly as Python's csv module writes it with QUOTE_MINIMAL (pandas to_csv and the Kaggle files).

/** A field is quoted only when it holds the delimiter, a quote or a line break; quotes inside are doubled. */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (/[",\r\n]/.test(text)) return '"' + text.replace(/"/g, '""') + '"';
  // Python writes a row made of one empty field as "" so that it is not read as a blank line; rows here always have 3+ fields.
  return text;
}

/** The whole file: header + rows, every line (the last included) ended by `lineEnding`. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number)[])[], lineEnding: '\n' | '\r\n'): string {
  const lines: string[] = [header.map(csvField).join(',')];
  for (const row of rows) {
    if (row.length !== header.length) {
      throw new Error(`csvDocument: row ${lines.length} has ${row.length} fields, header has ${header.length}`);
    }
    lines.push(row.map(csvField).join(','));
  }
  return lines.join(lineEnding) + lineEnding;
}
