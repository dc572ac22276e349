// describe.bin: what describe search needs beyond the catalog (titles, years and genres come from catalog.bin):
// overview + tagline as term ids, keyword phrases, cast with character names, directors, and the learned model.
// Fetched on the first descriptive search (like a details chunk on its first movie page). Layout: docs/shard-format.md.
import type { ShardManifest } from '../shards/dataset';
import { numeric, readShard, requireNumeric, requireStrings, sha256Hex, ShardError, strings, writeShard } from '../shards/format';
import type { ShardFetcher, ShardLoadProgress } from '../shards/load';
import { checkModel, type DescribeModel } from './model';
import { tokenize } from './tokenize';
import { decodeIdLists, encodeIdLists } from './varint';

export const DESCRIBE_FILE = 'describe.bin';
/** Cast kept per movie (with character names). */
export const DESCRIBE_TOP_CAST = 8;
/** Overview + tagline terms kept per movie. */
export const DESCRIBE_MAX_OVERVIEW_TERMS = 400;

/** One catalog row as build-data collects it ('' / [] when unknown). */
export interface DescribeRow {
  /** Overview and tagline. */
  text: string;
  keywords: string[];
  /** Billing order. */
  cast: string[];
  /** Character played by cast[i] ('' when unknown), same length as cast. */
  characters: string[];
  directors: string[];
}

/** An id list column: row r's entries are table[ids[indptr[r]..indptr[r+1])]. */
export interface ListColumn {
  table: string[];
  indptr: Uint32Array;
  ids: Uint32Array;
}

export interface DescribeTable {
  rows: number;
  /** Overview/tagline terms: vocabulary (most frequent first) and each row's sorted term ids, repeats kept. */
  text: ListColumn;
  keywords: ListColumn;
  cast: ListColumn;
  /** Aligned with cast; '' where unknown. */
  characters: ListColumn;
  directors: ListColumn;
  model: DescribeModel;
}

/** Table of distinct values, most frequent first (small ids, small gaps). */
function tableOf(lists: string[][]): { table: string[]; slot: Map<string, number> } {
  const frequency = new Map<string, number>();
  for (const list of lists) for (const v of list) frequency.set(v, (frequency.get(v) ?? 0) + 1);
  const table = [...frequency.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
  return { table, slot: new Map(table.map((v, i) => [v, i])) };
}

function column(name: string, lists: string[][], sorted: boolean) {
  const { table, slot } = tableOf(lists);
  const ids = lists.map((list) => {
    const row = list.map((v) => slot.get(v)!);
    return sorted ? row.sort((a, b) => a - b) : row;
  });
  return { [`${name}Table`]: strings(table), [`${name}Lists`]: numeric(encodeIdLists(ids, sorted)) };
}

/** Overview terms in fewer films than this are left out (mostly names and typos; keeps describe.bin under 1.5 MB gzip). */
export const DESCRIBE_MIN_TEXT_FILMS = 2;

export function encodeDescribe(rows: DescribeRow[], model: DescribeModel): Uint8Array {
  const cast = rows.map((r) => r.cast.slice(0, DESCRIBE_TOP_CAST));
  const text = rows.map((r) => tokenize(r.text, DESCRIBE_MAX_OVERVIEW_TERMS));
  const films = new Map<string, number>();
  for (const terms of text) for (const t of new Set(terms)) films.set(t, (films.get(t) ?? 0) + 1);
  return writeShard({
    ...column(
      'text',
      text.map((terms) => terms.filter((t) => films.get(t)! >= DESCRIBE_MIN_TEXT_FILMS)),
      true,
    ),
    ...column(
      'keywords',
      rows.map((r) => [...new Set(r.keywords)]),
      true,
    ),
    ...column('cast', cast, false),
    ...column(
      'characters',
      rows.map((r, i) => r.characters.slice(0, cast[i].length).concat(Array(Math.max(0, cast[i].length - r.characters.length)).fill(''))),
      false,
    ),
    ...column(
      'directors',
      rows.map((r) => r.directors),
      false,
    ),
    model: strings([JSON.stringify(model)]),
  });
}

/** Decodes a describe.bin already checked against the manifest; `rows` is the catalog's movie count. */
export function decodeDescribe(bytes: Uint8Array, rows: number): DescribeTable {
  const file = DESCRIBE_FILE;
  const d = readShard(file, bytes);
  const list = (name: string, sorted: boolean): ListColumn => {
    const table = requireStrings(file, d, `${name}Table`);
    try {
      const { indptr, ids } = decodeIdLists(requireNumeric(file, d, `${name}Lists`, Uint8Array), rows, sorted, table.length, `array "${name}Lists"`);
      return { table, indptr, ids };
    } catch (error) {
      if (error instanceof RangeError) throw new ShardError(file, 'corrupt', error.message);
      throw error;
    }
  };
  const cast = list('cast', false);
  const characters = list('characters', false);
  for (let r = 0; r < rows; r++)
    if (cast.indptr[r + 1] - cast.indptr[r] !== characters.indptr[r + 1] - characters.indptr[r])
      throw new ShardError(file, 'corrupt', `row ${r} has ${cast.indptr[r + 1] - cast.indptr[r]} cast names but a different number of characters`);
  const modelText = requireStrings(file, d, 'model');
  let model: DescribeModel;
  try {
    model = checkModel(JSON.parse(modelText[0] ?? ''), file);
  } catch (error) {
    throw new ShardError(file, 'corrupt', `array "model" is not a valid describe model (${(error as Error).message})`);
  }
  return { rows, text: list('text', true), keywords: list('keywords', true), cast, characters, directors: list('directors', false), model };
}

function describeEntry(manifest: ShardManifest): ShardManifest['files'][number] {
  const entry = manifest.files.find((f) => f.name === DESCRIBE_FILE);
  if (!entry) throw new ShardError(DESCRIBE_FILE, 'missing', 'manifest.json does not list it; rebuild the data with npm run build-data');
  return entry;
}

/** Size and SHA-256 against the manifest's entry, then decode. */
export async function verifyAndDecodeDescribe(manifest: ShardManifest, bytes: Uint8Array, rows: number): Promise<DescribeTable> {
  const entry = describeEntry(manifest);
  if (bytes.length !== entry.bytes)
    throw new ShardError(DESCRIBE_FILE, 'corrupt', `${bytes.length} bytes, the manifest says ${entry.bytes} (truncated or replaced)`);
  const digest = await sha256Hex(bytes);
  if (digest !== entry.sha256)
    throw new ShardError(DESCRIBE_FILE, 'checksum', `SHA-256 ${digest.slice(0, 12)}… does not match the manifest's ${entry.sha256.slice(0, 12)}…`);
  return decodeDescribe(bytes, rows);
}

/** Fetches describe.bin through the shard fetcher (capped at the manifest's size), verifies and decodes it. */
export async function loadDescribe(
  manifest: ShardManifest,
  rows: number,
  fetchFile: ShardFetcher,
  onProgress?: (p: ShardLoadProgress) => void,
): Promise<DescribeTable> {
  const entry = describeEntry(manifest);
  const bytes = await fetchFile(DESCRIBE_FILE, (loaded) => onProgress?.({ loadedBytes: loaded, totalBytes: entry.bytes, file: DESCRIBE_FILE }), entry.bytes);
  return verifyAndDecodeDescribe(manifest, bytes, rows);
}
