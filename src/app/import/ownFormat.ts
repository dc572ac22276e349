// Importing the app's own JSON/CSV export, the same from My ratings and from #/import: the size check, then
// src/history/ownImport.ts (parsing in the worker, the catalog check, the one storage writer), with the outcome in words.
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
