// The neutral shapes every history format (formats/: Letterboxd, IMDb, Trakt, MovieLens, …) produces and the matcher consumes.

/** A file as the user picked it (or as it came out of a ZIP). */
export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/** An import's kind, as its format names it (formats/registry.ts): 'letterboxd', 'imdb-ratings', 'imdb-watchlist', 'trakt', … */
export type ImportSource = string;

/** What one recognised file holds, as its format names it: 'letterboxd-diary', 'trakt-watchlist', … */
export type FileFormat = string;

/** A recognised file, decoded to text (BOM removed). */
export interface RecognisedFile {
  name: string;
  format: FileFormat;
  text: string;
}

/** A file (or ZIP entry) left out of the import, and why. */
export interface IgnoredFile {
  name: string;
  reason: string;
}

/** Why nothing can be imported: the files are not an export we know, too big, unreadable, empty, or of mixed services. */
export type UnknownReason = 'unrecognised' | 'too-large' | 'unreadable' | 'empty' | 'mixed';

export type DetectedImport =
  /** Another service's history: `source` is the import's kind, `files` all of one format (formats/registry.ts). */
  | { kind: 'history'; source: ImportSource; files: RecognisedFile[]; ignored: IgnoredFile[]; warnings: string[] }
  /** The app's own export: hand `file` to importRatings (src/history/ownImport.ts). */
  | { kind: 'cinelocal'; file: { name: string; text: string }; ignored: IgnoredFile[]; warnings: string[] }
  | { kind: 'unknown'; reason: UnknownReason; message: string; ignored: IgnoredFile[]; warnings: string[] };

export type ImportRowKind = 'rating' | 'watchlist' | 'watched';

export interface ImportRow {
  /** The line the row starts on in its CSV file (the header is line 1), or the 1-based item of a JSON list. */
  line: number;
  file: string;
  kind: ImportRowKind;
  /** 0.5..5 in half steps for 'rating' rows; null otherwise. */
  rating: number | null;
  /** When it was rated / watched / listed, epoch ms (UTC midnight for date-only exports); null when unknown. */
  date: number | null;
  /** `imdb` is the tt number as an integer (tt0114709 → 114709). */
  ids: { tmdb?: number; imdb?: number };
  title: string;
  originalTitle?: string;
  year: number | null;
}

export interface SkippedImportRow {
  file: string;
  line: number;
  reason: string;
}

export interface ParsedHistory {
  source: ImportSource;
  rows: ImportRow[];
  skipped: SkippedImportRow[];
  /** Data rows read, all files together (rows kept + skipped + merged away). */
  rowsRead: number;
  /** Rows dropped because the same film appeared again in the same list (the latest dated kept); diary rewatches are not counted. */
  collapsed: number;
  /** Of the collapsed rows, those whose rating differed from the one kept. */
  conflictingRatings: number;
}
