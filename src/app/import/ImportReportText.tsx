// What an import of the app's own JSON/CSV did, in words (OwnImportOutcome.tsx, on My ratings and on #/import).
import type { ImportReport } from '../../history/ownImport';
import { importReportSummary } from './importReportSummary';

/** Rows listed by reason; the rest are counted (a 50,000-row file must not flood the page or the live region). */
const SKIPPED_SHOWN = 50;

export function ImportReportText({ report }: { report: ImportReport }) {
  const summary = importReportSummary(report);
  return (
    <>
      <p>
        <strong>{summary.headline}</strong> {summary.detail}.{summary.skipped ? ` ${summary.skipped}` : ''}
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
