import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bayesianAverage, blendScore, DEFAULT_FOR_YOU_WEIGHTS, itemPriors } from '../../src/engine/models/blend';
import { easeItems, fitEase, gramMatrix } from '../../src/engine/models/ease';
import { addNeighbourScores, sparsifyEase } from '../../src/engine/models/itemNeighbours';
import { invertSpdInPlace } from '../../src/engine/models/linalg';
import { MODELS } from '../../src/engine/models/registry';
import { kthLargest, topCandidatesByKey, topKOfScores } from '../../src/engine/topK';
import { SHARD_FILES } from '../../src/engine/shards/dataset';
import { readShard, writeShard } from '../../src/engine/shards/format';
import { triplesOf as triples } from '../helpers/triples';

describe('dense SPD inverse (blocked sweep)', () => {
  it('inverts random SPD matrices of sizes around the block edge to 1e-9', () => {
    for (const n of [1, 2, 7, 8, 9, 17, 40]) {
      let seed = n;
      const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
      const m = Float64Array.from({ length: n * n }, rand);
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = i === j ? n : 0;
          for (let l = 0; l < n; l++) s += m[i * n + l] * m[j * n + l];
          a[i * n + j] = s;
        }
      const inv = Float64Array.from(a);
      expect(invertSpdInPlace(inv, n)).toBe(true);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let l = 0; l < n; l++) s += a[i * n + l] * inv[l * n + j];
          expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-9);
        }
    }
  });
  it('refuses a matrix that is not positive definite', () => {
    expect(invertSpdInPlace(Float64Array.of(1, 2, 2, 1), 2)).toBe(false);
  });
});

describe('EASE', () => {
  // Users 0–2 watch items 0 and 1 together; users 3–4 watch 2 and 3 together; item 4 is rated once.
  const data = triples(
    [
      [0, 0, 5],
      [0, 1, 4],
      [1, 0, 4],
      [1, 1, 5],
      [2, 0, 3],
      [2, 1, 4],
      [3, 2, 5],
      [3, 3, 4],
      [4, 2, 4],
      [4, 3, 4],
      [4, 4, 1],
    ],
    5,
    5,
  );
  it('solves the constrained least squares: zero diagonal and (XᵀX + λI)B = XᵀX − diag(μ)', () => {
    const model = fitEase(data, { lambda: 2, maxItems: 10, minRatings: 1, coRatingPerItem: 5 });
    const n = model.size;
    const g = gramMatrix(data, model.positionOfItem, n);
    for (let i = 0; i < n; i++) expect(model.weights[i * n + i]).toBe(0);
    // Off the diagonal, (G + λI)B must equal G (the Lagrange multipliers only touch the diagonal).
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        let s = 0;
        for (let l = 0; l < n; l++) s += (g[i * n + l] + (i === l ? 2 : 0)) * model.weights[l * n + j];
        expect(s).toBeCloseTo(g[i * n + j], 4);
      }
  });
  it('co-watched items are each other’s strongest neighbours; the model keeps the most-rated items only', () => {
    expect(Array.from(easeItems(data, { lambda: 1, maxItems: 4, minRatings: 2, coRatingPerItem: 5 })).sort()).toEqual([0, 1, 2, 3]);
    const model = fitEase(data, { lambda: 1, maxItems: 4, minRatings: 2, coRatingPerItem: 5 });
    const sparse = sparsifyEase(model, [10, 11, 12, 13, 14], 20, 2, true);
    expect(sparse.columns[sparse.indptr[10]]).toBe(11);
    expect(sparse.columns[sparse.indptr[12]]).toBe(13);
    expect(sparse.indptr[14 + 1] - sparse.indptr[14]).toBe(0); // item 4 is outside the model
    const out = new Float32Array(20);
    addNeighbourScores(sparse, 10, 1, out);
    expect(out[11]).toBeGreaterThan(0);
    expect(out[11]).toBeGreaterThan(out[12]);
  });
});

describe('priors and the blend', () => {
  it('a 10/10 from 2 votes does not beat 8/10 from 5,000 (Bayesian average)', () => {
    const avg = bayesianAverage([10, 8, 6], [2, 5000, 5000]);
    expect(avg[1]).toBeGreaterThan(avg[0]);
    const priors = itemPriors([0, 100, 10], [10, 8, 6], [2, 5000, 5000]);
    expect(priors.popularity[1]).toBe(1);
    expect(priors.votes[0]).toBeLessThan(priors.votes[1]);
  });
  it('positive evidence is scaled by the chance of liking; negative evidence is not rewarded for it', () => {
    const w = { ...DEFAULT_FOR_YOU_WEIGHTS, kmf: 0 };
    expect(blendScore(w, 0.5, 0.9, 0, 0)).toBeGreaterThan(blendScore(w, 0.5, 0.5, 0, 0));
    expect(blendScore(w, -0.5, 0.9, 0, 0)).toBe(blendScore(w, -0.5, 0.1, 0, 0));
  });
});

describe('selection helpers', () => {
  it('topKOfScores equals a full sort, skipping −∞ and NaN', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.constant(Number.NEGATIVE_INFINITY), fc.constant(Number.NaN)), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 10 }),
        (values, k) => {
          const scores = Float32Array.from(values);
          const expected = Array.from(scores.keys())
            .filter((i) => Number.isFinite(scores[i]))
            .sort((a, b) => scores[b] - scores[a] || a - b)
            .slice(0, k);
          expect(topKOfScores(scores, scores.length, k).map((i) => scores[i])).toEqual(expected.map((i) => scores[i]));
        },
      ),
    );
  });
  it('topCandidatesByKey equals the first k of a full sort of the candidates, ties to the lower index', () => {
    fc.assert(
      fc.property(
        // Few distinct keys, so ties around the k-th value are common.
        fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        (keyValues, picks, k, wide) => {
          const keys = wide ? Float64Array.from(keyValues) : Float32Array.from(keyValues);
          const candidates = keys.length === 0 ? [] : [...new Set(picks.map((p) => p % keys.length))];
          const expected = [...candidates].sort((a, b) => keys[b] - keys[a] || a - b).slice(0, k);
          expect(topCandidatesByKey(Int32Array.from(candidates), candidates.length, keys, k)).toEqual(expected);
        },
      ),
    );
  });
  it('kthLargest finds the k-th largest value', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 80 }), fc.nat(), (values, r) => {
        const k = r % values.length;
        const sorted = Float32Array.from(values).sort().reverse();
        expect(kthLargest(Float32Array.from(values), values.length, k)).toBe(sorted[k]);
      }),
    );
  });
});

describe('model registry', () => {
  it('every registered model ships its own shard file, and its arrays survive the container round trip', () => {
    const data = triples(
      [
        [0, 0, 5],
        [0, 1, 4],
        [1, 0, 4],
        [1, 1, 5],
        [2, 0, 3],
        [2, 1, 1],
      ],
      3,
      2,
    );
    const soup = {
      indptr: new Uint32Array(4),
      indices: new Uint32Array(0),
      counts: new Uint8Array(0),
      norms: new Float32Array(3),
      vocabulary: [],
      roles: new Uint8Array(0),
      labels: [],
    };
    for (const model of Object.values(MODELS)) {
      expect(SHARD_FILES).toContain(model.shardFile);
      const fitted = (model.fit as (d: unknown, p: unknown, progress: () => void) => { model: unknown })(
        { triples: data, rowOfItem: [2, 0], rows: 3, soup },
        { epochs: 3, minRatings: 1 },
        () => {},
      );
      const arrays = (model.encode as (m: unknown, rows: number) => Parameters<typeof writeShard>[0])(fitted.model, 3);
      const decoded = (model.decode as (s: unknown, rows: number) => unknown)(readShard(model.shardFile, writeShard(arrays)), 3);
      expect(decoded).toBeTruthy();
    }
  });
});
