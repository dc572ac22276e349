// The import preview: counts, the conflict choice, title matches to check (checkbox + movie select), rows not found
// (downloadable), skipped rows and files left out, and the one Import button. Long lists render 100 rows at a time.
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { HISTORY_ROW_KIND, stringAt, type HistoryPreview } from '../../history/wire';
import { CONFLICT_POLICIES, DEFAULT_CONFLICT_POLICY, type ConflictPolicy } from '../../storage/historyImport';
import {
  choiceOf,
  CONFIDENT_TITLE_MATCH,
  CONFLICT_LABELS,
  importButtonText,
  movieAt,
  notFoundCsv,
  percent,
  planImport,
  planOutcome,
  planSummary,
  plural,
  rowCandidates,
  titleYear,
  type ImportPlan,
  type RowChoice,
  type StoredRating,
} from './plan';
import { downloadText, notFoundFileName } from './files';

/** Rows rendered at first, and added by each "Show more". */
export const PREVIEW_PAGE = 100;

export interface ImportPreviewProps {
  preview: HistoryPreview;
  /** The profile's ratings now (conflicts) and watchlist (already listed). */
  stored: ReadonlyMap<number, StoredRating>;
  watchlist: ReadonlyMap<number, number>;
  /** True while the write runs: everything is locked. */
  locked: boolean;
  onConfirm(plan: ImportPlan, policy: ConflictPolicy): void;
  onCancel(): void;
}

export function ImportPreview({ preview, stored, watchlist, locked, onConfirm, onCancel }: ImportPreviewProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [choices, setChoices] = useState<ReadonlyMap<number, RowChoice>>(() => new Map());
  const [policy, setPolicy] = useState<ConflictPolicy>(DEFAULT_CONFLICT_POLICY);
  const { counts } = preview;
  const titleRows = preview.order.title;
  const missingRows = preview.order.notFound;
  const plan = useMemo(() => planImport(preview, choices), [preview, choices]);
  const outcome = useMemo(() => planOutcome(preview, plan, stored, watchlist, policy), [preview, plan, stored, watchlist, policy]);
  const policyName = useId();

  useEffect(() => headingRef.current?.focus(), [preview]);

  const choose = useCallback(
    (row: number, choice: RowChoice) =>
      setChoices((before) => {
        const next = new Map(before);
        next.set(row, choice);
        return next;
      }),
    [],
  );

  const ratingRows = counts.ratings.exact + counts.ratings.title + counts.ratings.notFound;
  const skipped = preview.skipped.count;
  const watchlistRows = counts.watchlist.exact + counts.watchlist.title + counts.watchlist.notFound;
  const toWrite = plan.ratingRows.length + plan.watchlistRows.length;
  const fileList = preview.files.map((f) => `${f.name} (${f.label})`).join(', ');

  return (
    <section className="import-preview" aria-labelledby="import-preview-heading">
      <h2 id="import-preview-heading" ref={headingRef} tabIndex={-1}>
        Found: {preview.sourceLabel}
      </h2>
      <p className="muted">
        {fileList} · {plural(preview.rowsRead, 'row')} read
      </p>
      {preview.datasetKind === 'demo' ? (
        <p className="hint">This is the demo catalog: its movies and ids are synthetic, so an id in a real export may point at an unrelated demo movie.</p>
      ) : null}
      {preview.warnings.length > 0 ? (
        <ul className="import-warnings" aria-label="Warnings">
          {preview.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}

      <ul className="import-counts" aria-label="What was found">
        {ratingRows > 0 || watchlistRows === 0 ? (
          <>
            <li>
              <strong>{counts.ratings.exact.toLocaleString('en-US')}</strong> {counts.ratings.exact === 1 ? 'rating' : 'ratings'} matched exactly (by id)
            </li>
            <li>
              <strong>{counts.ratings.title.toLocaleString('en-US')}</strong> matched by title and year
              {counts.ratings.unsure > 0 ? <span className="muted"> ({counts.ratings.unsure.toLocaleString('en-US')} less sure: unchecked below)</span> : null}
            </li>
            <li>
              <strong>{counts.ratings.notFound.toLocaleString('en-US')}</strong> not found in the catalog
            </li>
          </>
        ) : null}
        {watchlistRows > 0 ? (
          <li>
            <strong>{watchlistRows.toLocaleString('en-US')}</strong> watchlist {watchlistRows === 1 ? 'entry' : 'entries'} for your watchlist
            <span className="muted">
              {' '}
              ({counts.watchlist.exact.toLocaleString('en-US')} by id, {counts.watchlist.title.toLocaleString('en-US')} by title,{' '}
              {counts.watchlist.notFound.toLocaleString('en-US')} not found)
            </span>
          </li>
        ) : null}
        <li>
          <strong>{skipped.toLocaleString('en-US')}</strong> skipped
        </li>
        {preview.watched > 0 ? (
          <li>
            <strong>{preview.watched.toLocaleString('en-US')}</strong> watched without a rating{' '}
            <span className="muted">(not imported: CineLocal keeps ratings and a watchlist)</span>
          </li>
        ) : null}
        {preview.collapsed > 0 ? (
          <li>
            <strong>{preview.collapsed.toLocaleString('en-US')}</strong> repeated {preview.collapsed === 1 ? 'entry' : 'entries'} merged{' '}
            <span className="muted">(the latest kept)</span>
          </li>
        ) : null}
      </ul>

      <fieldset className="import-fieldset" disabled={locked}>
        {outcome.conflicts > 0 ? (
          <fieldset className="import-conflicts">
            <legend>
              {plural(outcome.conflicts, 'movie')} you rated already {outcome.conflicts === 1 ? 'has' : 'have'} a different rating here. Which rating stays?
            </legend>
            {CONFLICT_POLICIES.map((name) => (
              <label key={name} className="import-radio">
                <input type="radio" name={policyName} value={name} checked={policy === name} onChange={() => setPolicy(name)} />
                {CONFLICT_LABELS[name]}
              </label>
            ))}
          </fieldset>
        ) : null}

        {titleRows.length > 0 ? (
          <section className="import-section" aria-labelledby="import-title-heading">
            <h3 id="import-title-heading">Matched by title and year ({titleRows.length.toLocaleString('en-US')})</h3>
            <p className="muted">
              Least sure first. Unchecked rows are not imported; matches below {percent(CONFIDENT_TITLE_MATCH)} start unchecked. If the movie is wrong, pick
              another from its list.
            </p>
            <Paged total={titleRows.length} label="Title matches">
              {(shown) => (
                <ol className="import-review" aria-label="Title matches">
                  {Array.from(titleRows.subarray(0, shown), (row) => {
                    const choice = choiceOf(preview.rows, choices, row);
                    return <TitleMatchRow key={row} preview={preview} row={row} include={choice.include} movieId={choice.movieId} onChoose={choose} />;
                  })}
                </ol>
              )}
            </Paged>
          </section>
        ) : null}

        {missingRows.length > 0 ? (
          <section className="import-section" aria-labelledby="import-missing-heading">
            <div className="import-section-head">
              <h3 id="import-missing-heading">Not found ({missingRows.length.toLocaleString('en-US')})</h3>
              <button type="button" className="button" onClick={() => downloadText(notFoundFileName(), notFoundCsv(preview), 'text/csv')}>
                Download the rows not found (CSV)
              </button>
            </div>
            <Paged total={missingRows.length} label="Rows not found">
              {(shown) => (
                <ul className="import-plain-list" aria-label="Not found">
                  {Array.from(missingRows.subarray(0, shown), (row) => (
                    <MissingRow key={row} preview={preview} row={row} />
                  ))}
                </ul>
              )}
            </Paged>
          </section>
        ) : null}

        {preview.skipped.count > 0 ? (
          <section className="import-section" aria-labelledby="import-skipped-heading">
            <h3 id="import-skipped-heading">Skipped ({preview.skipped.count.toLocaleString('en-US')})</h3>
            <Paged total={preview.skipped.count} label="Skipped rows">
              {(shown) => (
                <ul className="import-plain-list" aria-label="Skipped rows">
                  {Array.from({ length: shown }, (_, i) => (
                    <li key={i}>
                      <span className="import-where">
                        {preview.fileNames[preview.skipped.file[i]]} line {preview.skipped.line[i]}:
                      </span>{' '}
                      {stringAt(preview.skipped.reason, i)}
                    </li>
                  ))}
                </ul>
              )}
            </Paged>
          </section>
        ) : null}

        {preview.ignored.length > 0 ? (
          <section className="import-section" aria-labelledby="import-ignored-heading">
            <h3 id="import-ignored-heading">Files left out ({preview.ignored.length})</h3>
            <ul className="import-plain-list" aria-label="Files left out">
              {preview.ignored.map((file) => (
                <li key={file.name}>
                  <span className="import-where">{file.name}:</span> {file.reason}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </fieldset>

      <div className="import-confirm">
        <p className="import-confirm-text">{planSummary(plan, outcome)}</p>
        <div className="import-confirm-actions">
          <button type="button" className="button button-primary" disabled={toWrite === 0 || locked} onClick={() => onConfirm(plan, policy)}>
            {importButtonText(plan)}
          </button>
          <button type="button" className="button" disabled={locked} onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </section>
  );
}

/** A list that renders PREVIEW_PAGE rows, then PREVIEW_PAGE more per press of "Show more". */
function Paged({ total, label, children }: { total: number; label: string; children(shown: number): ReactNode }) {
  const [shown, setShown] = useState(Math.min(total, PREVIEW_PAGE));
  const visible = Math.min(shown, total);
  const rest = total - visible;
  return (
    <>
      {children(visible)}
      {rest > 0 ? (
        <div className="import-more">
          <p className="result-count">
            Showing {visible.toLocaleString('en-US')} of {total.toLocaleString('en-US')}
          </p>
          <button
            type="button"
            className="button"
            aria-label={`Show ${Math.min(PREVIEW_PAGE, rest)} more ${label.toLowerCase()}`}
            onClick={() => setShown(visible + PREVIEW_PAGE)}
          >
            Show {Math.min(PREVIEW_PAGE, rest)} more
          </button>
        </div>
      ) : null}
    </>
  );
}

function rowMeta(preview: HistoryPreview, row: number): string {
  const { rows } = preview;
  const what = rows.kind[row] === HISTORY_ROW_KIND.watchlist ? 'watchlist' : `★ ${rows.rating2[row] / 2}`;
  return `${what} · ${preview.fileNames[rows.file[row]] ?? ''} line ${rows.line[row]}`;
}

const TitleMatchRow = memo(function TitleMatchRow({
  preview,
  row,
  include,
  movieId,
  onChoose,
}: {
  preview: HistoryPreview;
  row: number;
  include: boolean;
  movieId: number;
  onChoose(row: number, choice: RowChoice): void;
}) {
  const { rows } = preview;
  const choice: RowChoice = { include, movieId };
  const checkboxId = useId();
  const imported = titleYear(`“${stringAt(rows.title, row)}”`, rows.year[row] || null);
  const note = stringAt(rows.note, row);
  const candidates = rowCandidates(rows, row);
  const current = candidates.find((c) => c.movieId === choice.movieId) ?? candidates[0];
  const sure = current.confidence >= CONFIDENT_TITLE_MATCH;
  const movieText = (candidate: { movieId: number; place: number }) => {
    const movie = movieAt(preview, candidate.place);
    return movie ? titleYear(movie.title, movie.year) : `Movie #${candidate.movieId}`;
  };
  return (
    <li className={`import-row${choice.include ? '' : ' is-off'}`}>
      <input id={checkboxId} type="checkbox" checked={choice.include} onChange={(event) => onChoose(row, { ...choice, include: event.target.checked })} />
      <div className="import-row-source">
        <label htmlFor={checkboxId}>
          <span className="sr-only">Import </span>
          {imported}
        </label>
        <span className="import-row-meta">{rowMeta(preview, row)}</span>
      </div>
      <div className="import-row-target">
        <span aria-hidden="true" className="import-arrow">
          →
        </span>
        {candidates.length > 1 ? (
          <select
            aria-label={`Catalog movie for ${imported}`}
            value={choice.movieId}
            onChange={(event) => onChoose(row, { include: true, movieId: Number(event.target.value) })}
          >
            {candidates.map((c) => (
              <option key={c.movieId} value={c.movieId}>
                {movieText(c)} · {percent(c.confidence)}
              </option>
            ))}
          </select>
        ) : (
          <span className="import-row-movie">{movieText(current)}</span>
        )}
        <span className={`import-confidence${sure ? '' : ' is-low'}`}>{percent(current.confidence)} sure</span>
      </div>
      {note ? <p className="import-row-note">{note}</p> : null}
    </li>
  );
});

const MissingRow = memo(function MissingRow({ preview, row }: { preview: HistoryPreview; row: number }) {
  const { rows } = preview;
  const nearest = rows.altStart[row] < rows.altStart[row + 1] ? movieAt(preview, rows.altMovieIndex[rows.altStart[row]]) : undefined;
  const note = stringAt(rows.note, row);
  return (
    <li>
      <span className="import-row-title">{titleYear(`“${stringAt(rows.title, row)}”`, rows.year[row] || null)}</span>{' '}
      <span className="import-row-meta">{rowMeta(preview, row)}</span>{' '}
      {note || nearest ? (
        <span className="import-row-note">
          {note}
          {nearest ? ` (closest: ${titleYear(nearest.title, nearest.year)})` : ''}
        </span>
      ) : null}
    </li>
  );
});
