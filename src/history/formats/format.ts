// What one import format is: how it recognises a file (detect) and reads its files (read). One file per source in this
// folder exports one of these, and registry.ts lists them; detection, parsing and the preview's labels loop over that list.
import type { ImportRow, RecognisedFile } from '../types';
import type { ParsedImport } from '../wire';
import type { ReadContext } from './read';

/** A decoded file as every format's detect sees it (the header and JSON are read once, for all formats). */
export interface SniffedFile {
  /** The path as picked or inside the ZIP. */
  name: string;
  /** The file name, lower case, without folders. */
  base: string;
  /** The folders of `name`, lower case. */
  folders: string[];
  /** The text, BOM removed. */
  text: string;
  /** Read as JSON (by extension, or by its first character when it is neither .csv nor .json). */
  isJson: boolean;
  /** CSV files: the header cells as written (empty for JSON). */
  header: string[];
  /** CSV files: the header's column keys (csvTable.columnKey: trimmed, lower case, `_` as space). */
  columns: ReadonlySet<string>;
  /** JSON files: the parsed value, undefined when the text is not valid JSON (parsed once, on first use). */
  json(): unknown;
}

/** A format's answer about one file: it is one of its file formats, or its own but not history (left out, and why). */
export type Verdict = { format: string } | { ignore: string } | undefined;

interface FormatBase {
  /** The service, as detection groups files: one import reads one service's files. */
  service: string;
  /** The service's name in messages ("These files come from different services (Letterboxd: …; IMDb: …)"). */
  name: string;
  /** What to pick, in the message when nothing is recognised: "a Trakt export (the ZIP, or ratings-movies.json …)". */
  expects: string;
  /** Whether some of its files are JSON (named in "is JSON, but not a Trakt or CineLocal export"). */
  json?: boolean;
  /** Recognises one file, or says nothing (undefined) when it is not this format's. */
  detect(file: SniffedFile): Verdict;
}

/** Another service's history export: read into neutral ImportRows, then matched to the catalog and previewed. */
export interface HistoryFormat extends FormatBase {
  own?: false;
  /** Each file format it recognises, with its label in the preview ("diary", "watched films"); names unique across formats. */
  files: Record<string, string>;
  /** Each import kind with its label in the preview ("IMDb ratings export"); the first is the kind unless kindOf says otherwise. */
  kinds: Record<string, string>;
  /** The kind of an import of these files, when the format has more than one (IMDb: ratings when a ratings file is among them). */
  kindOf?(files: RecognisedFile[]): string;
  /** Reads the recognised files (all this format's) into rows; bad rows go to context.skip, unreadable files throw ImportFileError. */
  read(files: RecognisedFile[], context: ReadContext): ImportRow[];
}

/** CineLocal's own export: one file, read and validated for the storage writer (src/history/ownImport.ts), not matched. */
export interface OwnFormat extends FormatBase {
  own: true;
  read(fileName: string, text: string, now?: number): ParsedImport;
}

export type ImportFormat = HistoryFormat | OwnFormat;
