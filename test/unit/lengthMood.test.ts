// Watch together's length mood (issue 22): the bounds and the filter (src/engine/group.ts), runtimes.bin's writer and
// reader (src/engine/shards/details.ts, src/pipeline/details.ts) and the engine's group list under a length mood.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { excludeByLength, fitsLength, LENGTH_MOODS } from '../../src/engine/group';
import type { ShardManifest } from '../../src/engine/shards/dataset';
import { encodeRuntimes, loadRuntimes, RUNTIMES_FILE, verifyAndDecodeRuntimes, type DetailsRow } from '../../src/engine/shards/details';
import { SHARD_FORMAT_VERSION, ShardError } from '../../src/engine/shards/format';
import { encodeRuntimesFile } from '../../src/pipeline/details';
import { tinyDataset, TINY_MOVIES } from '../helpers/tinyDataset';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const DATASET = 'c'.repeat(64);

function manifestWith(bytes: Uint8Array, rows: number): ShardManifest {
  return {
    format: 'cinelocal-shards',
    formatVersion: SHARD_FORMAT_VERSION,
    dataset: { name: 'length test', kind: 'demo', inputChecksum: DATASET, inputs: [] },
    modelVersion: 'm',
    counts: { movies: rows, genres: 0, vocabulary: 0, keywordNonZeros: 0, ratedMovies: 0, derivedMovies: 0, ratings: 0, users: 0, factors: 0 },
    files: [{ name: RUNTIMES_FILE, bytes: bytes.length, sha256: sha256(bytes) }],
    build: {},
    metrics: {},
  };
}

async function refusal(run: () => Promise<unknown>): Promise<ShardError> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'should have been refused').toBeInstanceOf(ShardError);
  expect((error as ShardError).file).toBe(RUNTIMES_FILE);
  return error as ShardError;
}

describe('the length moods', () => {
  it('short is under 100 minutes, standard 100–140, long over 140; an unknown runtime (0) fits none', () => {
    const moodOf = (minutes: number) => (['short', 'standard', 'long'] as const).filter((mood) => fitsLength(minutes, mood));
    expect(moodOf(0)).toEqual([]);
    expect(moodOf(1)).toEqual(['short']);
    expect(moodOf(99)).toEqual(['short']);
    expect(moodOf(100)).toEqual(['standard']);
    expect(moodOf(140)).toEqual(['standard']);
    expect(moodOf(141)).toEqual(['long']);
    expect(moodOf(65535)).toEqual(['long']);
    expect(LENGTH_MOODS.short.max + 1).toBe(LENGTH_MOODS.standard.min);
    expect(LENGTH_MOODS.standard.max + 1).toBe(LENGTH_MOODS.long.min);
  });

  it('excludes the open rows that do not fit and counts only those with no runtime; rows already out stay out, uncounted', () => {
    const runtimes = Uint16Array.from([90, 0, 120, 0, 150, 95, 0]);
    const excluded = Uint8Array.from([0, 0, 0, 1, 0, 1, 0]);
    expect(excludeByLength(excluded, runtimes, 'short')).toBe(2);
    // Open and short: row 0 only (row 5 was already out).
    expect(Array.from(excluded)).toEqual([0, 1, 1, 1, 1, 1, 1]);
    const longOnes = new Uint8Array(7);
    expect(excludeByLength(longOnes, runtimes, 'long')).toBe(3);
    expect(Array.from(longOnes)).toEqual([1, 1, 1, 1, 0, 1, 1]);
    expect(() => excludeByLength(new Uint8Array(3), runtimes, 'long')).toThrow(/runtimes cover 7 movies, the catalog 3/);
  });
});

describe('runtimes.bin', () => {
  const rows = [81, 0, 104, 65535, 141].map((runtime) => ({ runtime }) as DetailsRow);

  it('round trip: one u16 per catalog row from the build rows, checked against the manifest', async () => {
    const bytes = encodeRuntimesFile(rows, DATASET);
    const manifest = manifestWith(bytes, rows.length);
    const runtimes = await verifyAndDecodeRuntimes(manifest, bytes, rows.length);
    expect(runtimes).toBeInstanceOf(Uint16Array);
    expect(Array.from(runtimes)).toEqual([81, 0, 104, 65535, 141]);
    // loadRuntimes goes through the shard fetcher, capped at the manifest's size, with progress.
    const asked: [string, number | undefined][] = [];
    const progress: number[] = [];
    const loaded = await loadRuntimes(
      manifest,
      rows.length,
      async (file, onProgress, expected) => {
        asked.push([file, expected]);
        onProgress?.(bytes.length);
        return bytes;
      },
      (p) => progress.push(p.loadedBytes),
    );
    expect(Array.from(loaded)).toEqual(Array.from(runtimes));
    expect(asked).toEqual([[RUNTIMES_FILE, bytes.length]]);
    expect(progress).toEqual([bytes.length]);
  });

  it('refuses an older format version, another catalog, other data, a changed byte and a manifest without it', async () => {
    const bytes = encodeRuntimes(Uint16Array.from([90, 120]), DATASET);
    const old = bytes.slice();
    new DataView(old.buffer).setUint16(4, 5, true);
    const version = await refusal(() => verifyAndDecodeRuntimes(manifestWith(old, 2), old, 2));
    expect(version.kind).toBe('version');
    expect(version.message).toMatch(new RegExp(`format version 5, this app reads version ${SHARD_FORMAT_VERSION}`));
    expect((await refusal(() => verifyAndDecodeRuntimes(manifestWith(bytes, 3), bytes, 3))).message).toMatch(
      /rows 0–1 of a 2-movie catalog, the manifest lists it for rows 0–2 of 3/,
    );
    const otherData = encodeRuntimes(Uint16Array.from([90, 120]), 'd'.repeat(64));
    expect((await refusal(() => verifyAndDecodeRuntimes(manifestWith(otherData, 2), otherData, 2))).message).toMatch(/built from other data/);
    const flipped = bytes.slice();
    flipped[flipped.length - 1] ^= 0xff;
    expect((await refusal(() => verifyAndDecodeRuntimes(manifestWith(bytes, 2), flipped, 2))).kind).toBe('checksum');
    const unlisted = await refusal(() => verifyAndDecodeRuntimes({ ...manifestWith(bytes, 2), files: [] }, bytes, 2));
    expect(unlisted.kind).toBe('missing');
    expect(unlisted.message).toMatch(/does not list it; rebuild the data with npm run build-data/);
  });
});

describe('engine: watch together with a length mood', () => {
  it('lists only movies of that length once runtimes.bin is loaded, and counts the ones left out for want of a runtime', async () => {
    const engine = new Engine(await tinyDataset());
    // Tiny catalog rows in order: Toy Tale 81, Toy Tale 2 unknown, Bug Life 95, Laugh Riot 150, the rest 120 or unknown.
    const minutes = TINY_MOVIES.map((m, row) => (m.id === 10 ? 81 : m.id === 11 ? 0 : m.id === 12 ? 95 : m.id === 13 ? 150 : row % 2 ? 120 : 0));
    const runtimeOf = new Map(TINY_MOVIES.map((m, row) => [m.id, minutes[row]]));
    const bytes = encodeRuntimes(Uint16Array.from(minutes), engine.manifest.dataset.inputChecksum);
    engine.manifest.files.push({ name: RUNTIMES_FILE, bytes: bytes.length, sha256: sha256(bytes) });
    const ada = { name: 'Ada', ratings: [{ movieId: 10, rating: 5 }] };
    const ben = { name: 'Ben', ratings: [{ movieId: 14, rating: 4 }] };

    expect(engine.runtimesLoaded).toBe(false);
    await expect(engine.groupRecommend([ada, ben], { length: 'short' })).rejects.toThrow(/runtimes\.bin/);
    await engine.loadRuntimes(async () => bytes);
    expect(engine.runtimesLoaded).toBe(true);

    const all = await engine.groupRecommend([ada, ben], { k: 50, strategy: 'average' });
    expect(all.unknownRuntime).toBe(0);
    for (const mood of ['short', 'standard', 'long'] as const) {
      const { picks, unknownRuntime } = await engine.groupRecommend([ada, ben], { k: 50, strategy: 'average', length: mood });
      for (const pick of picks) expect(fitsLength(runtimeOf.get(pick.movie.id)!, mood)).toBe(true);
      // The same movies as without the mood, minus those of other lengths.
      const ids = (list: typeof picks) => list.map((p) => p.movie.id).sort((x, y) => x - y);
      expect(ids(picks)).toEqual(ids(all.picks).filter((id) => fitsLength(runtimeOf.get(id)!, mood)));
      // Unknown runtimes left out: neither rated (Ada rated 10, Ben 14) nor of this length.
      expect(unknownRuntime).toBe(TINY_MOVIES.filter((m) => m.id !== 10 && m.id !== 14 && runtimeOf.get(m.id) === 0).length);
    }
    expect((await engine.groupRecommend([ada, ben], { k: 50, length: 'short' })).picks.map((p) => p.movie.id)).toEqual([12]);
  });
});
