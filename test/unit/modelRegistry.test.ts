// Adding a model is one file plus one registry line: a test-only third model is fitted, written to its own shard,
// checked against the manifest and decoded by the same loops that ship kmf and neighbours.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecommenderModel, TrainingData } from '../../src/engine/models/model';
import { MODELS } from '../../src/engine/models/registry';
import { decodeDataset, encodeShards, shardFilesOf, SHARD_FILES } from '../../src/engine/shards/dataset';
import { numeric, requireNumeric, ShardError } from '../../src/engine/shards/format';
import { tinyDataset, tinyManifest, tinyShards } from '../helpers/tinyDataset';

/** How many ratings each catalog row has: the smallest model that still fits, ships and loads. */
const ratingCountModel: RecommenderModel<Float32Array, null, Record<string, never>, { rated: number }> = {
  name: 'ratingCount',
  shardFile: 'rating-count.bin',
  fit(data: TrainingData) {
    const counts = new Float32Array(data.rows);
    for (let t = 0; t < data.triples.count; t++) counts[data.rowOfItem[data.triples.item[t]]] += 1;
    return { model: counts, info: { rated: counts.filter((c) => c > 0).length } };
  },
  encode: (model) => ({ counts: numeric(model) }),
  decode(shard, rows) {
    const counts = requireNumeric('rating-count.bin', shard, 'counts', Float32Array);
    if (counts.length !== rows) throw new ShardError('rating-count.bin', 'corrupt', `${counts.length} rows, the catalog has ${rows}`);
    return counts;
  },
  fitUser: () => null,
};

const WITH_THIRD = { ...MODELS, ratingCount: ratingCountModel };

async function threeModelShards() {
  const data = await tinyDataset();
  const { shards } = tinyShards(data);
  const rows = data.catalog.ids.length;
  const fitted = ratingCountModel.fit(
    {
      triples: { user: Int32Array.of(0, 0, 1), item: Int32Array.of(0, 1, 1), rating: Float32Array.of(4, 3, 5), count: 3, nUsers: 2, nItems: 2 },
      rowOfItem: [2, 4],
      rows,
      soup: data.keywords.matrix as unknown as TrainingData['soup'],
    },
    undefined,
    () => {},
  );
  // The same writer that ships the two registered models writes all three.
  const soup = {
    ...data.keywords.matrix,
    counts: new Uint8Array(data.keywords.matrix.values.length).fill(1),
    norms: new Float32Array(rows).fill(1),
    vocabulary: data.keywords.vocabulary,
    roles: data.keywords.roles,
    labels: data.keywords.labels,
  };
  const files = encodeShards(data.catalog, soup, { ...data.models, ratingCount: fitted.model }, WITH_THIRD);
  const manifest = { ...tinyManifest(shards, { movies: rows, vocabulary: data.keywords.vocabulary.length, factors: data.models.kmf.factors }) };
  manifest.files = shardFilesOf(WITH_THIRD).map((name) => ({
    name,
    bytes: files[name].length,
    sha256: createHash('sha256').update(files[name]).digest('hex'),
  }));
  return { data, fitted, files, manifest };
}

describe('the model registry', () => {
  it('lists one start-up shard per registered model after the content files', () => {
    expect(SHARD_FILES).toEqual(['catalog.bin', 'genres.bin', 'keywords.bin', MODELS.kmf.shardFile, MODELS.neighbours.shardFile]);
    expect(shardFilesOf(WITH_THIRD)).toEqual([...SHARD_FILES, 'rating-count.bin']);
  });

  it('a third model is fitted, written to its own shard and decoded by the shipped loops, beside the other two', async () => {
    const { data, fitted, files, manifest } = await threeModelShards();
    expect(fitted.info.rated).toBe(2);
    expect(Object.keys(files)).toContain('rating-count.bin');
    const loaded = await decodeDataset(manifest, files, WITH_THIRD);
    expect(Array.from((loaded.models as unknown as Record<string, Float32Array>).ratingCount)).toEqual(Array.from(fitted.model));
    expect(loaded.models.kmf.itemBias).toEqual(data.models.kmf.itemBias);
    expect(loaded.catalog.ids).toEqual(data.catalog.ids);
  });

  it("refuses a third model's shard that is missing or altered, naming its file", async () => {
    const { files, manifest } = await threeModelShards();
    const { ['rating-count.bin']: _dropped, ...withoutThird } = files;
    await expect(decodeDataset(manifest, withoutThird, WITH_THIRD)).rejects.toMatchObject({ file: 'rating-count.bin', kind: 'missing' });
    const altered = files['rating-count.bin'].slice();
    altered[altered.length - 1] ^= 0xff;
    await expect(decodeDataset(manifest, { ...files, 'rating-count.bin': altered }, WITH_THIRD)).rejects.toMatchObject({
      file: 'rating-count.bin',
      kind: 'checksum',
    });
    // The shipped registry does not ask for it: the extra file is ignored.
    await expect(decodeDataset(manifest, files)).resolves.toBeTruthy();
  });
});
