// What an import of the app's own JSON/CSV did, in words: used by My ratings and by the Import page.
import type { ImportReport } from '../../storage/importExport';

/** Rows listed by reason; the rest are counted (a 50,000-row file must not flood the page or the live region). */
const SKIPPED_SHOWN = 50;

export function ImportReportText({ report }: { report: ImportReport }) {
  const { watchlist, hidden } = report.listCounts;
  const lists = watchlist.added + hidden.added > 0 ? `; ${watchlist.added} added to the watchlist, ${hidden.added} hidden` : '';
  return (
    <>
      <p>
        <strong>
          Imported {report.imported} of {report.rowsRead} {report.rowsRead === 1 ? 'row' : 'rows'} from “{report.fileName}”
        </strong>{' '}
        ({report.added} new, {report.updated} changed, {report.unchanged} already the same{lists}).
        {report.skipped.length > 0 ? ` Skipped ${report.skipped.length}:` : ''}
      </p>
      {report.skipped.length > 0 ? (
        <ul className="skipped-list" aria-label="Skipped rows">
          {report.skipped.slice(0, SKIPPED_SHOWN).map((s) => (
            <li key={`${s.row}-${s.reason}`}>
              Row {s.row}: {s.reason}
            </li>
          ))}
          {report.skipped.length > SKIPPED_SHOWN ? <li>…and {report.skipped.length - SKIPPED_SHOWN} more.</li> : null}
        </ul>
      ) : null}
    </>
  );
}
