// Shards (src/engine/shards): the reader, decoding and Engine.load under hostile bytes. Complements test/unit/shardFormat.test.ts (which covers
// one truncation, one version bump, one HTML page and one checksum flip) with fuzzing and the remaining delivery faults.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { decodeDataset, SHARD_FILES, type ShardManifest } from '../../src/engine/shards/dataset';
import { numeric, readShard, ShardError, SHARD_FORMAT_VERSION, strings, writeShard } from '../../src/engine/shards/format';
import { mutatedBytes } from '../helpers/hostileInputs';
import { tinyDataset, tinyShards } from '../helpers/tinyDataset';
import { asTmdbId } from '../../src/engine/ids';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const tried: Record<string, number> = {};

/** readShard may succeed or throw ShardError naming the file; anything else (RangeError, TypeError) is a bug. */
function readShardOrShardError(file: string, bytes: Uint8Array): void {
  try {
    const contents = readShard(file, bytes);
    // Whatever it returns must be backed by the bytes given: no array longer than the file.
    for (const array of Object.values(contents)) expect(array.data.length).toBeLessThanOrEqual(bytes.length);
  } catch (error) {
    if (!(error instanceof ShardError)) throw new Error(`readShard threw ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
    expect(error.message).toContain(`"${file}"`);
  }
}

let shards: Record<string, Uint8Array>;
let manifest: ShardManifest;

beforeAll(async () => {
  ({ shards, manifest } = tinyShards(await tinyDataset()));
  return () => console.log(`shards: inputs tried ${JSON.stringify(tried)}`);
});

describe('readShard fuzzing', () => {
  it('random bytes, with and without the magic, only ever throw ShardError (5,000 cases)', () => {
    const withMagic = fc.uint8Array({ maxLength: 256 }).map((tail) => {
      const out = new Uint8Array(16 + tail.length);
      out.set([0x43, 0x4e, 0x4c, 0x53, SHARD_FORMAT_VERSION, 0]);
      out.set(tail, 16);
      // Half the time make the declared length right so parsing goes past the length check.
      if (tail.length % 2 === 0) new DataView(out.buffer).setUint32(12, out.length, true);
      return out;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 512 }), withMagic), (bytes) => {
        tried.randomBytes = (tried.randomBytes ?? 0) + 1;
        readShardOrShardError('random.bin', bytes);
      }),
      { numRuns: 5000, seed: 1 },
    );
  });

  it('mutated real shards (bit flips, header fields set to 0/1/2^31/2^32-1, truncation, padding) only ever throw ShardError (4 x 2,500 cases)', () => {
    for (const name of SHARD_FILES) {
      fc.assert(
        fc.property(mutatedBytes(shards[name]), (bytes) => {
          tried[`mutated ${name}`] = (tried[`mutated ${name}`] ?? 0) + 1;
          readShardOrShardError(name, bytes);
        }),
        { numRuns: 2500, seed: 2 },
      );
    }
  });

  it('a huge declared shape or string count is refused quickly without allocating it', () => {
    const base = writeShard({ a: numeric(Float32Array.of(1, 2)), s: strings(['x', 'y']) });
    // Table: 16-byte header, then per array: name length, name, dtype, ndim, shape (u32 each), offset, length.
    const shapeOfA = 16 + 1 + 1 + 1 + 1;
    const shapeOfS = shapeOfA + 4 + 8 + 1 + 1 + 1 + 1;
    for (const [at, value] of [
      [shapeOfA, 0xffffffff],
      [shapeOfA, 0x40000000],
      [shapeOfS, 0xffffffff],
      [shapeOfS, 0x3fffffff],
    ] as const) {
      const bytes = base.slice();
      new DataView(bytes.buffer).setUint32(at, value, true);
      const before = process.memoryUsage().arrayBuffers;
      const started = performance.now();
      expect(() => readShard('huge.bin', bytes)).toThrow(ShardError);
      expect(() => readShard('huge.bin', bytes)).toThrow(/huge\.bin/);
      expect(performance.now() - started).toBeLessThan(50);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
    }
  });

  it('an array named __proto__ does not replace the contents object prototype', () => {
    // A null-prototype object makes "__proto__" an ordinary own key, so the writer really emits an array of that name.
    const hostile = Object.create(null) as Record<string, ReturnType<typeof numeric>>;
    hostile['__proto__'] = numeric(Uint8Array.of(1));
    hostile.ids = numeric(Int32Array.of(5));
    const bytes = writeShard(hostile);
    const contents = readShard('proto.bin', bytes);
    expect(Object.getPrototypeOf(contents)).toBe(Object.prototype);
    expect(Object.keys(contents)).toEqual(['__proto__', 'ids']);
    expect(Array.from(contents.ids.data as Int32Array)).toEqual([5]);
  });
});

describe('decodeDataset with self-consistent but corrupted shards (checksums recomputed)', () => {
  it('mutations that pass the checksum still end in ShardError or a usable dataset, never a TypeError/RangeError (4 x 500 cases)', async () => {
    for (const name of SHARD_FILES) {
      await fc.assert(
        fc.asyncProperty(mutatedBytes(shards[name]), async (bytes) => {
          tried[`checksummed ${name}`] = (tried[`checksummed ${name}`] ?? 0) + 1;
          const files = { ...shards, [name]: bytes };
          const forged: ShardManifest = {
            ...manifest,
            files: manifest.files.map((f) => (f.name === name ? { name, bytes: bytes.length, sha256: sha256(bytes) } : f)),
          };
          try {
            const data = await decodeDataset(forged, files);
            const engine = new Engine(data);
            // A dataset that decodes must also serve: recommend for every movie without throwing.
            for (const id of data.catalog.ids) await engine.recommend(asTmdbId(id), { vector: null, ratedIds: [] });
          } catch (error) {
            if (!(error instanceof ShardError)) throw new Error(`${name}: ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
            expect(error.file).toBe(name);
          }
        }),
        { numRuns: 500, seed: 3 },
      );
    }
  });

  it('a keyword row pointer that jumps back (found by the fuzzer: 2^32 - 1 made decoding loop for billions of steps) is refused', async () => {
    const k = readShard('keywords.bin', shards['keywords.bin']);
    const indptr = Uint32Array.from(k.indptr.data as Uint32Array);
    indptr[2] = 0xffffffff;
    const bytes = writeShard({ ...k, indptr: numeric(indptr) });
    const forged: ShardManifest = {
      ...manifest,
      files: manifest.files.map((f) => (f.name === 'keywords.bin' ? { name: f.name, bytes: bytes.length, sha256: sha256(bytes) } : f)),
    };
    const started = performance.now();
    await expect(decodeDataset(forged, { ...shards, 'keywords.bin': bytes })).rejects.toThrow(/keywords\.bin.*row pointer 2 is out of order/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('Engine.load with a hostile fetcher', () => {
  type Override = Partial<Record<string, Uint8Array | Error>>;
  const encoder = new TextEncoder();
  const HTML = encoder.encode('<!DOCTYPE html>\n<html><head><title>CineLocal</title></head><body><div id="root"></div></body></html>\n');

  /** Serves the valid shard set except where `override` gives other bytes or a fetch failure. */
  function fetcher(override: Override, manifestOverride?: unknown) {
    return async (name: string): Promise<Uint8Array> => {
      tried.fetcherFaults = (tried.fetcherFaults ?? 0) + (name === 'manifest.json' ? 1 : 0);
      const replaced = override[name];
      if (replaced instanceof Error) throw replaced;
      if (replaced) return replaced;
      if (name === 'manifest.json') return encoder.encode(JSON.stringify(manifestOverride ?? manifest));
      const bytes = shards[name];
      if (!bytes) throw new ShardError(name, 'missing', `HTTP 404 for ${name}`);
      return bytes;
    };
  }

  async function refusal(override: Override, manifestOverride?: unknown): Promise<ShardError> {
    try {
      await Engine.load(fetcher(override, manifestOverride));
    } catch (error) {
      expect(error).toBeInstanceOf(ShardError);
      return error as ShardError;
    }
    throw new Error('Engine.load accepted hostile input');
  }

  it('loads the valid set (the fixture itself is sound)', async () => {
    const engine = await Engine.load(fetcher({}));
    expect(engine.getMovies([asTmdbId(10)])[0].title).toBe('Toy Tale');
  });

  it('refuses a truncated shard, naming it, for every shard file', async () => {
    for (const name of SHARD_FILES) {
      for (const keep of [0, 15, Math.floor(shards[name].length / 2), shards[name].length - 1]) {
        const error = await refusal({ [name]: shards[name].subarray(0, keep) });
        expect(error.file).toBe(name);
        expect(error.message).toMatch(new RegExp(`"${name.replace('.', '\\.')}".*(truncated|manifest says)`));
      }
    }
  });

  it('refuses a single bit flip anywhere in any shard, naming it (every 7th byte of every shard)', async () => {
    let flips = 0;
    for (const name of SHARD_FILES) {
      for (let at = 0; at < shards[name].length; at += 7) {
        const bytes = shards[name].slice();
        bytes[at] ^= 1 << (at % 8);
        const error = await refusal({ [name]: bytes });
        expect(error.file).toBe(name);
        expect(error.kind).toBe('checksum');
        flips++;
      }
    }
    tried.bitFlipsThroughEngineLoad = flips;
    expect(flips).toBeGreaterThan(100);
  });

  it('refuses shards of another format version even when the manifest vouches for their bytes', async () => {
    const bumped = shards['catalog.bin'].slice();
    new DataView(bumped.buffer).setUint16(4, SHARD_FORMAT_VERSION + 1, true);
    const vouching = { ...manifest, files: manifest.files.map((f) => (f.name === 'catalog.bin' ? { ...f, sha256: sha256(bumped) } : f)) };
    const error = await refusal({ 'catalog.bin': bumped }, vouching);
    expect(error.file).toBe('catalog.bin');
    expect(error.kind).toBe('version');
    const oldManifest = await refusal({}, { ...manifest, formatVersion: 0 });
    expect(oldManifest.message).toMatch(/manifest\.json.*version 0.*npm run build-data/);
  });

  it('refuses a manifest that points to a file the host does not have, naming that file', async () => {
    for (const name of SHARD_FILES) {
      const error = await refusal({ [name]: new ShardError(name, 'missing', 'HTTP 404 Not Found') });
      expect(error.file).toBe(name);
      expect(error.message).toContain(name);
    }
    const renamed = { ...manifest, files: manifest.files.map((f) => (f.name === 'genres.bin' ? { ...f, name: 'genres-v2.bin' } : f)) };
    const error = await refusal({}, renamed);
    expect(error.message).toMatch(/manifest\.json.*genres\.bin/);
  });

  it('recognises an HTML page served for the manifest or for any shard (SPA fallback of a misconfigured host)', async () => {
    const manifestError = await refusal({ 'manifest.json': HTML });
    expect(manifestError.message).toMatch(/manifest\.json.*HTML page/);
    for (const name of SHARD_FILES) {
      // A host that rewrites every path to index.html; the manifest (fetched earlier) still lists the real sizes.
      const error = await refusal({ [name]: HTML });
      expect(error.file).toBe(name);
      // Same page, with a manifest rebuilt by someone who hashed what the server sent: the container check must catch it.
      const fooled = { ...manifest, files: manifest.files.map((f) => (f.name === name ? { name, bytes: HTML.length, sha256: sha256(HTML) } : f)) };
      const deeper = await refusal({ [name]: HTML }, fooled);
      expect(deeper.message).toMatch(new RegExp(`"${name.replace('.', '\\.')}".*HTML page`));
    }
  });

  it('refuses manifests that are not CineLocal manifests, naming manifest.json', async () => {
    const hostile: unknown[] = [null, 42, 'text', [], {}, { format: 'cinelocal-shards' }, { ...manifest, files: 'all' }, { ...manifest, format: 'other' }];
    for (const value of hostile) {
      const error = await refusal({}, value === null ? 'null' : value);
      expect(error.file).toBe('manifest.json');
    }
    for (const bytes of [new Uint8Array(0), encoder.encode('{"format": "cinelocal-sh'), Uint8Array.of(0xff, 0xfe, 0, 0x7b)]) {
      const error = await refusal({ 'manifest.json': bytes });
      expect(error.file).toBe('manifest.json');
    }
  });
});
