// "Export for Letterboxd" on My ratings: the profile's ratings as tmdbID,imdbID,Title,Year,Rating,WatchedDate, written
// by the engine worker (titles and IMDb ids come from the catalog there). Loaded when the button is pressed.
import type { EngineBridge } from '../../bridge/bridge';
import type { RatingRecord } from '../../storage/schema';
import { describeEngineFailure, downloadText, letterboxdFileName } from './files';

export interface LetterboxdExportSession {
  profile: { name: string };
  ratingRecords: RatingRecord[];
  notify(message: string, tone?: 'info' | 'error'): void;
}

export async function exportForLetterboxd(bridge: Pick<EngineBridge, 'letterboxdCsv'>, session: LetterboxdExportSession): Promise<void> {
  const records = session.ratingRecords;
  const columns = {
    movieIds: Int32Array.from(records, (r) => r.movieId),
    ratings: Float32Array.from(records, (r) => r.rating),
    updatedAt: Float64Array.from(records, (r) => r.updatedAt),
  };
  try {
    const csv = await bridge.letterboxdCsv(columns);
    downloadText(letterboxdFileName(session.profile.name), csv, 'text/csv');
    const unrated = records.filter((r) => r.rating === 0).length;
    session.notify(
      `Exported ${records.length} ${records.length === 1 ? 'rating' : 'ratings'} for Letterboxd: upload the CSV at letterboxd.com/import.${unrated > 0 ? ` ${unrated} rated 0 ★ ${unrated === 1 ? 'is' : 'are'} logged without a rating (Letterboxd's lowest is ½ ★).` : ''}`,
    );
  } catch (error) {
    session.notify(`Could not export for Letterboxd: ${describeEngineFailure(error)}`, 'error');
  }
}
