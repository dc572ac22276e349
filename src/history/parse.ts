// Reading a detected history import into neutral ImportRows: its format (formats/registry.ts) reads the files, then
// rows of the same film and list are collapsed to the latest dated.
import { ImportFileError } from './errors';
import type { ImportFormat } from './formats/format';
import { ReadContext } from './formats/read';
import { formatOfKind, IMPORT_FORMATS } from './formats/registry';
import { titleKey } from './titleKey';
import type { DetectedImport, ImportRow, ParsedHistory } from './types';

function sameFilmKey(row: ImportRow): string {
  if (row.ids.tmdb !== undefined) return `${row.kind}|t${row.ids.tmdb}`;
  if (row.ids.imdb !== undefined) return `${row.kind}|i${row.ids.imdb}`;
  return `${row.kind}|${titleKey(row.title)}|${row.year ?? ''}`;
}

/** One row per film and kind: the latest dated (equal dates: the later row) is kept, the rest counted as collapsed. */
function collapseDuplicates(rows: ImportRow[], context: ReadContext): ImportRow[] {
  const kept = new Map<string, number>();
  const out: (ImportRow | null)[] = [];
  rows.forEach((row, position) => {
    const key = sameFilmKey(row);
    const earlier = kept.get(key);
    if (earlier === undefined) {
      kept.set(key, position);
      out.push(row);
      return;
    }
    const previous = out[earlier]!;
    context.collapsed++;
    if (previous.rating !== row.rating) context.conflictingRatings++;
    if ((row.date ?? -Infinity) >= (previous.date ?? -Infinity)) {
      out[earlier] = null;
      kept.set(key, position);
      out.push(row);
    } else out.push(null);
  });
  return out.filter((r): r is ImportRow => r !== null);
}

/**
 * Reads every recognised file of a detected import into ImportRows (see docs/imports.md for each format's rules).
 * Bad rows are skipped with a short reason; a file that cannot be read at all throws ImportFileError naming it.
 */
export function parseImport(
  detected: Extract<DetectedImport, { kind: 'history' }>,
  now: number = Date.now(),
  formats: readonly ImportFormat[] = IMPORT_FORMATS,
): ParsedHistory {
  const format = formatOfKind(detected.source, formats);
  for (const file of detected.files) {
    if (!format || !Object.hasOwn(format.files, file.format))
      throw new ImportFileError(`${file.name} is a ${file.format} file, which does not belong in a ${detected.source} import.`);
  }
  const context = new ReadContext(now);
  const rows = format ? collapseDuplicates(format.read(detected.files, context), context) : [];
  return {
    source: detected.source,
    rows,
    skipped: context.skipped,
    rowsRead: context.rowsRead,
    collapsed: context.collapsed,
    conflictingRatings: context.conflictingRatings,
  };
}
