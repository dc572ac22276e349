// "Import your history": recognise an export of a registered format (formats/registry.ts), read it, match it to the catalog.
export { detectImport, EXPECTED_EXPORTS, MAX_IMPORT_TOTAL_BYTES } from './detect';
export { expectedExports, IMPORT_FORMATS } from './formats/registry';
export type { HistoryFormat, ImportFormat, OwnFormat, SniffedFile, Verdict } from './formats/format';
export type { ReadContext } from './formats/read';
export { ImportFileError } from './errors';
export { parseImport } from './parse';
export { buildMatchIndex, CONFIDENT_TITLE_MATCH, matchImport } from './match';
export type { MatchCandidate, MatchCatalog, MatchedBy, MatchIndex, MatchResult, MatchStatus, RowMatch } from './match';
export { catalogLookup, formatImdbId, LETTERBOXD_CSV_HEADER, toLetterboxdCsv } from './export/letterboxd';
export type { ExportedRating, ExportMovieInfo, ExportMovieLookup } from './export/letterboxd';
export { titleKey } from './titleKey';
export { MAX_ARCHIVE_ENTRIES, MAX_ARCHIVE_UNCOMPRESSED_BYTES } from './zip';
export { MAX_ROWS_PER_FILE } from './csvTable';
export type * from './types';
