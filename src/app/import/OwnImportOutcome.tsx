// An own-format import as the person sees it, the same on My ratings and on #/import (./ownFormat.ts runs it): the
// progress while it is checked and written, then the report (with the page's heading and actions) or the error.
import type { ReactNode } from 'react';
import { ImportReportText } from './ImportReportText';
import { workingText, type OwnImportState } from './ownFormat';

export function OwnImportOutcome({
  state,
  heading,
  actions,
  className = '',
}: {
  state: OwnImportState;
  heading?: ReactNode;
  actions?: ReactNode;
  className?: string;
}) {
  if (state.kind === 'working') {
    return (
      <div className="import-progress">
        <p>{workingText(state)}</p>
        {state.progress ? <progress aria-label="Saving the import" max={Math.max(1, state.progress.total)} value={state.progress.done} /> : null}
      </div>
    );
  }
  if (state.kind === 'error') return <p className="notice notice-error">{state.message}</p>;
  return (
    <div className={`notice ${state.report.skipped.length > 0 ? 'notice-warn' : 'notice-ok'}${className ? ` ${className}` : ''}`} role="status">
      {heading}
      <ImportReportText report={state.report} />
      {actions}
    </div>
  );
}
