// Importing the app's own JSON/CSV export, the one flow for My ratings' button and a CineLocal file picked on #/import:
// the size check, then src/history/ownImport.ts (parsing in the worker, the catalog check, the one storage writer), with
// each state in words for OwnImportOutcome.tsx.
import type { EngineBridge } from '../../bridge/bridge';
import { ImportFileError } from '../../history/errors';
import type { CineLocalDatabase } from '../../storage/db';
import type { ImportWriteProgress } from '../../storage/historyImport';
import type { ImportReport } from '../../history/ownImport';
import { describeStorageError } from '../../storage/repository';

export type OwnFormatOutcome = { kind: 'report'; report: ImportReport } | { kind: 'error'; message: string };

/** Reads and writes one CineLocal export; never throws: a file or storage problem comes back as the message to show. */
export async function importOwnFormat(
  db: CineLocalDatabase,
  bridge: Pick<EngineBridge, 'catalogIds' | 'parseRatingsFile'>,
  profileId: string,
  file: { name: string; size: number; text(): Promise<string> },
  onProgress?: (progress: ImportWriteProgress) => void,
): Promise<OwnFormatOutcome> {
  try {
    const [format, io] = await Promise.all([import('../../history/formats/cinelocal'), import('../../history/ownImport')]);
    if (file.size > format.MAX_IMPORT_BYTES) throw new ImportFileError(format.fileTooLargeText(file.size));
    const text = await file.text();
    const report = await io.importRatings(db, profileId, file.name, text, bridge.catalogIds, Date.now(), io.remoteParser(bridge.parseRatingsFile), {
      onProgress: onProgress && throttledProgress(onProgress),
    });
    return { kind: 'report', report };
  } catch (error) {
    // File problems explain themselves; storage failures (quota, closed database) get the storage wording.
    const reason = error instanceof ImportFileError ? error.message : describeStorageError(error);
    return { kind: 'error', message: reason };
  }
}

/** What an own-format import shows: its progress while it runs, then the report or why nothing was imported. */
export type OwnImportState =
  { kind: 'working'; fileName: string; progress: ImportWriteProgress | null } | { kind: 'report'; report: ImportReport } | { kind: 'error'; message: string };

/**
 * Runs one import, telling `show` each state (working, then working with the write's progress, then the report or the
 * error, which names the file); returns the last. Never throws.
 */
export async function runOwnImport(
  db: CineLocalDatabase,
  bridge: Pick<EngineBridge, 'catalogIds' | 'parseRatingsFile'>,
  profileId: string,
  file: { name: string; size: number; text(): Promise<string> },
  show: (state: OwnImportState) => void,
): Promise<OwnImportState> {
  show({ kind: 'working', fileName: file.name, progress: null });
  const result = await importOwnFormat(db, bridge, profileId, file, (progress) => show({ kind: 'working', fileName: file.name, progress }));
  const state: OwnImportState = result.kind === 'error' ? { kind: 'error', message: `Nothing was imported from “${file.name}”: ${result.message}` } : result;
  show(state);
  return state;
}

/** The working line: "Checking “mine.json”…", then "Saving “mine.json”…" once the write has started. */
export function workingText(state: Extract<OwnImportState, { kind: 'working' }>): string {
  return `${state.progress?.phase === 'saving' ? 'Saving' : 'Checking'} “${state.fileName}”…`;
}

/** What a JSON export's watchlist and hidden movies did, for a notice (null when the file had none). */
export function listsNotice(report: ImportReport): string | null {
  if (report.lists.watchlist.rowsRead + report.lists.hidden.rowsRead === 0) return null;
  const { watchlist, hidden } = report.listCounts;
  const already = watchlist.unchanged + hidden.unchanged;
  return `From “${report.fileName}”: ${watchlist.added} added to your watchlist, ${hidden.added} hidden${already > 0 ? `, ${already} already there` : ''}.`;
}

/** The progress line while an import is written: "Comparing with your ratings and watchlist: 2,000 of 45,000" / "Saving: …". */
export function savingText(progress: ImportWriteProgress): string {
  const of = `${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')}`;
  return progress.phase === 'checking' ? `Comparing with your ratings and watchlist: ${of}` : `Saving: ${of}`;
}

/** Progress reports at most every `ms` (and at each phase change and the end): a render per 100-row page is not needed. */
export function throttledProgress(
  report: (progress: ImportWriteProgress) => void,
  ms = 100,
  now: () => number = () => performance.now(),
): (progress: ImportWriteProgress) => void {
  let last = -Infinity;
  let phase: ImportWriteProgress['phase'] | null = null;
  return (progress) => {
    const t = now();
    if (progress.phase !== phase || progress.done >= progress.total || t - last >= ms) {
      last = t;
      phase = progress.phase;
      report(progress);
    }
  };
}
