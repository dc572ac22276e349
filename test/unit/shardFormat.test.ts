import { describe, expect, it } from 'vitest';
import { decodeDataset, quantizeRows, dequantizeRows, SHARD_FILES } from '../../src/engine/shards/dataset';
import { numeric, readShard, ShardError, SHARD_FORMAT_VERSION, strings, writeShard } from '../../src/engine/shards/format';
import { tinyDataset, tinyShards } from '../helpers/tinyDataset';

describe('shard container', () => {
  it('round-trips every dtype, shapes and UTF-8 strings', () => {
    const bytes = writeShard({
      a: numeric(Int8Array.of(-128, 0, 127)),
      b: numeric(Uint16Array.of(1, 65535)),
      c: numeric(Float32Array.of(1.5, -2.25, 3, 4), [2, 2]),
      d: numeric(Float64Array.of(Math.PI)),
      e: numeric(Int32Array.of(-5, 7)),
      s: strings(['Amélie', '', "Zoë O'Brien", '東京物語']),
    });
    const back = readShard('x.bin', bytes);
    expect(Array.from(back.a.data as Int8Array)).toEqual([-128, 0, 127]);
    expect(Array.from(back.b.data as Uint16Array)).toEqual([1, 65535]);
    expect(back.c.shape).toEqual([2, 2]);
    expect(Array.from(back.c.data as Float32Array)).toEqual([1.5, -2.25, 3, 4]);
    expect((back.d.data as Float64Array)[0]).toBe(Math.PI);
    expect(Array.from(back.e.data as Int32Array)).toEqual([-5, 7]);
    expect(back.s.data).toEqual(['Amélie', '', "Zoë O'Brien", '東京物語']);
  });

  it('refuses a truncated file, naming it', () => {
    const bytes = writeShard({ a: numeric(Float32Array.of(1, 2, 3)) });
    expect(() => readShard('catalog.bin', bytes.subarray(0, bytes.length - 4))).toThrow(/catalog\.bin.*truncated/);
    expect(() => readShard('catalog.bin', bytes.subarray(0, 8))).toThrow(/catalog\.bin.*shorter than/);
  });

  it('refuses a wrong version and an HTML page', () => {
    const bytes = writeShard({ a: numeric(Uint8Array.of(1)) });
    const wrong = bytes.slice();
    new DataView(wrong.buffer).setUint16(4, SHARD_FORMAT_VERSION + 1, true);
    expect(() => readShard('model.bin', wrong)).toThrow(ShardError);
    expect(() => readShard('model.bin', wrong)).toThrow(/model\.bin.*wrong format version/);
    const html = new TextEncoder().encode('<!doctype html><html><body>Not found</body></html>');
    expect(() => readShard('genres.bin', html)).toThrow(/genres\.bin.*HTML page/);
  });

  it('rejects a shape that does not match the data', () => {
    expect(() => writeShard({ a: numeric(Float32Array.of(1, 2, 3), [2, 2]) })).toThrow(/shape/);
  });

  it('int8 row quantisation stays within half a step of each row scale', () => {
    const values = Float32Array.from({ length: 40 * 50 }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7)));
    const { q, scales } = quantizeRows(values, 50, 40);
    const back = dequantizeRows(q, scales, 40);
    for (let i = 0; i < values.length; i++) expect(Math.abs(back[i] - values[i])).toBeLessThanOrEqual(scales[Math.floor(i / 40)] / 2 + 1e-6);
  });
});

describe('dataset shards', () => {
  it('decodes what it encodes', async () => {
    const data = await tinyDataset();
    expect(data.catalog.titles[0]).toBe('Toy Tale');
    expect(data.catalog.ids.length).toBe(8);
    expect(data.keywords.matrix.rows).toBe(8);
  });

  it('refuses a bit-flipped shard by checksum and a missing manifest entry, naming the file', async () => {
    const { shards: files, manifest } = tinyShards(await tinyDataset());
    await expect(decodeDataset(manifest, files)).resolves.toBeTruthy();
    const flipped = { ...files, 'keywords.bin': files['keywords.bin'].slice() };
    flipped['keywords.bin'][100] ^= 0x10;
    await expect(decodeDataset(manifest, flipped)).rejects.toThrow(/keywords\.bin.*checksum/);
    const truncated = { ...files, 'model.bin': files['model.bin'].subarray(0, 50) };
    await expect(decodeDataset(manifest, truncated)).rejects.toThrow(/model\.bin.*manifest says/);
    await expect(decodeDataset({ ...manifest, files: manifest.files.filter((f) => f.name !== 'genres.bin') }, files)).rejects.toThrow(/genres\.bin/);
    await expect(decodeDataset({ ...manifest, formatVersion: 99 }, files)).rejects.toThrow(/manifest\.json.*version/);
    expect(SHARD_FILES).toContain('catalog.bin');
  });
});

describe('Engine.load', () => {
  it('refuses a manifest whose file list holds a null or nameless entry, naming manifest.json', async () => {
    const { Engine } = await import('../../src/engine/engine');
    for (const files of [[null], [{ bytes: 3 }], [{ name: 'catalog.bin', bytes: -1 }]]) {
      const manifest = new TextEncoder().encode(JSON.stringify({ format: 'cinelocal-shards', formatVersion: 1, files }));
      await expect(Engine.load(async () => manifest)).rejects.toThrow(/manifest\.json.*file entry 0/);
    }
  });

  it('passes each shard fetch the byte count the manifest lists, so a reader can stop there', async () => {
    const { Engine } = await import('../../src/engine/engine');
    const { shards: files, manifest } = tinyShards(await tinyDataset());
    const limits: Record<string, number | undefined> = {};
    await Engine.load(async (name, _onBytes, maxBytes) => {
      limits[name] = maxBytes;
      return name === 'manifest.json' ? new TextEncoder().encode(JSON.stringify(manifest)) : files[name as keyof typeof files];
    });
    for (const f of manifest.files) expect(limits[f.name]).toBe(f.bytes);
  });
});
