// "Bring your history" (#/import, issue 13): pick or drop a Letterboxd / IMDb / Trakt / MovieLens export; the engine
// worker recognises, reads and matches it (nothing heavy on this thread); the person checks the preview; then ONE
// transaction writes the ratings and watchlist entries (src/storage/historyImport.ts), in pages with a progress bar.
// A CineLocal export picked here goes through the one own-format flow My ratings' button uses (./ownFormat.ts,
// ./OwnImportOutcome.tsx), and the same writer.
import { useMemo, useRef, useState, useEffect } from 'react';
import type { HistoryImportProgress as EngineProgress, HistoryPreview } from '../../history/wire';
import { importHistory, type ConflictPolicy, type ImportWriteProgress, type HistoryImportResult } from '../../storage/historyImport';
import { describeStorageError } from '../../storage/repository';
import { formatBytes } from '../format';
import { useProfileSession, useServices } from '../services';
import { DropZone } from './DropZone';
import { describeEngineFailure } from './files';
import { ImportPreview } from './ImportPreview';
import { OwnImportOutcome } from './OwnImportOutcome';
import { runOwnImport, savingText, throttledProgress, type OwnImportState } from './ownFormat';
import { planEntries, plural, type ImportPlan, type StoredRating } from './plan';

/** All picked files together: detectImport refuses more than 100 MB of text anyway; do not even read more. */
export const MAX_PICKED_BYTES = 100 * 1024 * 1024;

type Step =
  | { step: 'pick' }
  | { step: 'reading'; names: string; progress: EngineProgress | null }
  | { step: 'preview'; id: number; names: string; preview: HistoryPreview }
  | { step: 'done'; names: string; result: HistoryImportResult }
  | { step: 'cinelocal'; own: OwnImportState };

function namesOf(files: File[]): string {
  const quoted = files.slice(0, 3).map((f) => `“${f.name}”`);
  return files.length > 3 ? `${quoted.join(', ')} and ${files.length - 3} more` : quoted.join(files.length === 2 ? ' and ' : ', ');
}

function readingText(progress: EngineProgress | null): string {
  if (progress?.stage === 'details') {
    return progress.totalBytes
      ? `Loading the catalog's IMDb ids (${formatBytes(progress.loadedBytes ?? 0)} of ${formatBytes(progress.totalBytes)})…`
      : "Loading the catalog's IMDb ids…";
  }
  if (progress?.stage === 'matching') return 'Matching the rows to the catalog…';
  return 'Reading the files…';
}

function resultText(result: HistoryImportResult): string {
  const ratings = result.added + result.updated;
  const parts = [`Imported ${plural(ratings, 'rating')} (${result.added.toLocaleString('en-US')} new, ${result.updated.toLocaleString('en-US')} changed)`];
  if (result.unchanged > 0) parts.push(`${plural(result.unchanged, 'rating')} already the same`);
  if (result.keptMine > 0) parts.push(`${plural(result.keptMine, 'rating')} of yours kept`);
  parts.push(
    `${plural(result.watchlistAdded, 'movie')} added to your watchlist${result.watchlistAlready > 0 ? ` (${result.watchlistAlready.toLocaleString('en-US')} already there)` : ''}`,
  );
  return `${parts.join('; ')}.`;
}

export function ImportView() {
  const { db, bridge } = useServices();
  const session = useProfileSession();
  const [step, setStep] = useState<Step>({ step: 'pick' });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<ImportWriteProgress | null>(null);
  /** Only the latest pick counts: an older analysis that answers late is dropped. */
  const attempt = useRef(0);
  const outcomeRef = useRef<HTMLHeadingElement>(null);

  const stored = useMemo(() => {
    const map = new Map<number, StoredRating>();
    for (const r of session.ratingRecords.values()) map.set(r.movieId, { rating: r.rating, updatedAt: r.updatedAt });
    return map;
  }, [session.ratingRecords]);

  useEffect(() => {
    if (step.step === 'done' || (step.step === 'cinelocal' && step.own.kind === 'report')) outcomeRef.current?.focus();
  }, [step]);

  const onFiles = async (files: File[]) => {
    if (saving) return;
    const mine = ++attempt.current;
    const names = namesOf(files);
    const current = () => attempt.current === mine;
    setError(null);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    if (total > MAX_PICKED_BYTES) {
      setStep({ step: 'pick' });
      setError(
        `Nothing was imported: ${names} ${files.length === 1 ? 'is' : 'are'} ${formatBytes(total)}; an export is a few MB (the limit is ${formatBytes(MAX_PICKED_BYTES)}).`,
      );
      return;
    }
    setStep({ step: 'reading', names, progress: null });
    try {
      const inputs = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
      const analysis = await bridge.analyseHistoryImport(inputs, (progress) => {
        if (current()) setStep((s) => (s.step === 'reading' ? { ...s, progress } : s));
      });
      if (!current()) return;
      if (analysis.kind === 'unknown') {
        setStep({ step: 'pick' });
        setError(`Nothing was imported: ${analysis.message}`);
      } else if (analysis.kind === 'cinelocal') {
        const { name, text } = analysis.file;
        const file = { name, size: new TextEncoder().encode(text).length, text: async () => text };
        const own = await runOwnImport(db, bridge, session.profile.id, file, (state) => current() && setStep({ step: 'cinelocal', own: state }));
        if (current() && own.kind === 'error') {
          setStep({ step: 'pick' });
          setError(own.message);
        }
      } else {
        setStep({ step: 'preview', id: mine, names, preview: analysis });
      }
    } catch (failure) {
      if (!current()) return;
      setStep({ step: 'pick' });
      setError(`Nothing was imported: ${names} could not be read (${describeEngineFailure(failure)}).`);
    }
  };

  const onConfirm = async (plan: ImportPlan, policy: ConflictPolicy) => {
    if (step.step !== 'preview' || saving) return;
    setError(null);
    setSaving({ phase: 'checking', done: 0, total: plan.ratingRows.length + plan.watchlistRows.length });
    try {
      // Paint the locked preview and the progress bar first; the entries are built in the next task.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const entries = planEntries(step.preview, plan);
      const result = await importHistory(db, session.profile.id, { ...entries, conflicts: policy }, { onProgress: throttledProgress(setSaving) });
      setStep({ step: 'done', names: step.names, result });
    } catch (failure) {
      // All or nothing: the transaction rolled back, so the preview stays and can be tried again.
      setError(`Nothing was imported: ${describeStorageError(failure)}`);
    } finally {
      setSaving(null);
    }
  };

  const startOver = () => {
    attempt.current += 1;
    setError(null);
    setStep({ step: 'pick' });
  };

  return (
    <section className="view import-view" aria-labelledby="import-heading">
      <h1 id="import-heading" className="view-title">
        Bring your history
      </h1>
      <p className="view-lede">
        Import the ratings and watchlist you keep elsewhere: a Letterboxd, IMDb, Trakt or MovieLens export. You see what matched before anything is saved, and
        the files are read on this device only.
      </p>
      {step.step === 'pick' || step.step === 'reading' || step.step === 'preview' || (step.step === 'cinelocal' && step.own.kind === 'working') ? (
        <DropZone disabled={step.step === 'reading' || step.step === 'cinelocal' || saving !== null} onFiles={(files) => void onFiles(files)} />
      ) : null}

      <div className="import-status" aria-live="polite">
        {step.step === 'reading' ? (
          <div className="import-progress">
            <p>
              Checking {step.names}: {readingText(step.progress)}
            </p>
            <progress
              aria-label="Reading the export"
              max={step.progress?.stage === 'details' && step.progress.totalBytes ? step.progress.totalBytes : undefined}
              value={step.progress?.stage === 'details' && step.progress.totalBytes ? (step.progress.loadedBytes ?? 0) : undefined}
            />
          </div>
        ) : null}
        {saving ? (
          <div className="import-progress">
            <p>{savingText(saving)}</p>
            <progress aria-label="Saving the import" max={Math.max(1, saving.total)} value={saving.done} />
          </div>
        ) : null}
        {step.step === 'done' ? (
          <div className="notice notice-ok import-outcome-panel">
            <h2 ref={outcomeRef} tabIndex={-1}>
              Import finished
            </h2>
            <p>{resultText(step.result)}</p>
            <OutcomeActions withWatchlist onStartOver={startOver} />
          </div>
        ) : null}
        {step.step === 'cinelocal' ? (
          <OwnImportOutcome
            state={step.own}
            className="import-outcome-panel"
            heading={
              <h2 ref={outcomeRef} tabIndex={-1}>
                Imported a CineLocal export
              </h2>
            }
            actions={<OutcomeActions withWatchlist={false} onStartOver={startOver} />}
          />
        ) : null}
      </div>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}

      {step.step === 'preview' ? (
        <ImportPreview
          key={step.id}
          preview={step.preview}
          stored={stored}
          watchlist={session.watchlist}
          locked={saving !== null}
          onConfirm={(plan, policy) => void onConfirm(plan, policy)}
          onCancel={startOver}
        />
      ) : null}
    </section>
  );
}

/** The links after an import: to the ratings (and the watchlist, which history imports fill), or another import. */
function OutcomeActions({ withWatchlist, onStartOver }: { withWatchlist: boolean; onStartOver(): void }) {
  return (
    <p className="import-outcome-actions">
      <a className="button button-primary" href="#/ratings">
        See my ratings
      </a>
      {withWatchlist ? (
        <a className="button" href="#/watchlist">
          Open the watchlist
        </a>
      ) : null}
      <button type="button" className="button" onClick={onStartOver}>
        Import more
      </button>
    </p>
  );
}
