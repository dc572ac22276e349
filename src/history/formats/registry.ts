// Every import format, in the order detection asks them (the first to claim a file has it). A new format is one file
// in this folder exporting an ImportFormat (see format.ts) plus one line here.
import { cinelocal } from './cinelocal';
import type { HistoryFormat, ImportFormat } from './format';
import { imdb } from './imdb';
import { letterboxd } from './letterboxd';
import { movielens } from './movielens';
import { trakt } from './trakt';

export const IMPORT_FORMATS: readonly ImportFormat[] = [letterboxd, imdb, trakt, movielens, cinelocal];

/** The history format that reports imports of this kind (kinds are unique across the list). */
export function formatOfKind(kind: string, formats: readonly ImportFormat[] = IMPORT_FORMATS): HistoryFormat | undefined {
  return formats.find((f): f is HistoryFormat => !f.own && Object.hasOwn(f.kinds, kind));
}

/** "a, b or c". */
export function orList(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}` : (items[0] ?? '');
}

/** Said whenever nothing could be recognised, so the user learns which file to pick: "Expected a …, an … or a …". */
export function expectedExports(formats: readonly ImportFormat[] = IMPORT_FORMATS): string {
  return `Expected ${orList(formats.map((f) => f.expects))}.`;
}
