// The counts sentence (plain numbers, as before) of an import of the app's own JSON/CSV (ImportReportText): every row read is accounted for, the
// watchlist and hidden-movie rows of a version-2 JSON file included ("Imported 1 of 8 rows … Skipped 8" did not add up
// when a watchlist row was among them).
import { IMPORT_LISTS, type ImportListName } from '../../history/wire';
import type { ImportReport } from '../../history/ownImport';

const LIST_ROW: Record<ImportListName, [string, string]> = {
  watchlist: ['watchlist row', 'watchlist rows'],
  hidden: ['hidden-movie row', 'hidden-movie rows'],
};

function count(n: number, [one, many]: [string, string]): string {
  return `${n} ${n === 1 ? one : many}`;
}

export interface ImportReportSummary {
  /** "Imported 1 of 7 rating rows and 0 of 1 watchlist row from “f.json”" (just "rows" when the file has only ratings). */
  headline: string;
  /** "(1 new, 0 changed, 0 already the same; …)". */
  detail: string;
  /** "Skipped 7 (6 rating rows, 1 watchlist row):", or null when nothing was skipped. */
  skipped: string | null;
}

export function importReportSummary(
  report: Pick<ImportReport, 'fileName' | 'imported' | 'rowsRead' | 'added' | 'updated' | 'unchanged' | 'skipped' | 'lists' | 'listCounts'> &
    Partial<Pick<ImportReport, 'keptMine'>>,
): ImportReportSummary {
  const withLists = IMPORT_LISTS.filter((name) => report.lists[name].rowsRead > 0);
  const ratingRows: [string, string] = withLists.length > 0 ? ['rating row', 'rating rows'] : ['row', 'rows'];
  const parts = [`${report.imported} of ${count(report.rowsRead, ratingRows)}`];
  for (const name of withLists) parts.push(`${report.listCounts[name].added} of ${count(report.lists[name].rowsRead, LIST_ROW[name])}`);
  const headline = `Imported ${parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`} from “${report.fileName}”`;
  const lists = withLists
    .map(
      (name) =>
        `; ${name === 'watchlist' ? 'watchlist' : 'hidden movies'}: ${report.listCounts[name].added} added, ${report.listCounts[name].unchanged} already there`,
    )
    .join('');
  // The one conflict rule (historyImport.ts): a stored rating newer than the file's stays.
  const kept = report.keptMine ? `, ${report.keptMine} kept as yours (rated here more recently)` : '';
  const detail = `(${report.added} new, ${report.updated} changed, ${report.unchanged} already the same${kept}${lists})`;
  if (report.skipped.length === 0) return { headline, detail, skipped: null };
  if (withLists.length === 0) return { headline, detail, skipped: `Skipped ${report.skipped.length}:` };
  const skippedRatings = report.skipped.filter((s) => s.list === undefined).length;
  const breakdown = [
    count(skippedRatings, ratingRows),
    ...IMPORT_LISTS.flatMap((name) => {
      const n = report.skipped.filter((s) => s.list === name).length;
      return n > 0 ? [count(n, LIST_ROW[name])] : [];
    }),
  ].filter((text, i) => i > 0 || skippedRatings > 0);
  return { headline, detail, skipped: `Skipped ${report.skipped.length} (${breakdown.join(', ')}):` };
}
