import { describe, expect, it } from 'vitest';
import { fitContentItemModel } from '../../src/engine/kmf/content';
import { createGaussian, createRandom } from '../../src/engine/kmf/random';
import type { CsrMatrix } from '../../src/engine/sparse';

/** Random sparse L2-normalised rows (5 terms each over `cols` terms) and targets linear in them plus noise. */
function linearContent(rows: number, cols: number, k: number, noise: number, seed: number) {
  const random = createRandom(seed);
  const gaussian = createGaussian(random);
  const indptr = new Uint32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    const terms = [...new Set(Array.from({ length: 5 }, () => Math.floor(random() * cols)))].sort((a, b) => a - b);
    for (const t of terms) {
      indices.push(t);
      values.push(1 / Math.sqrt(terms.length));
    }
    indptr[r + 1] = indices.length;
  }
  const keywords: CsrMatrix = { rows, cols, indptr, indices: Uint32Array.from(indices), values: Float32Array.from(values) };
  const trueW = Array.from({ length: cols * (k + 1) }, () => gaussian() * 0.5);
  const truth = (r: number): number[] => {
    const y = Array.from({ length: k + 1 }, (_, c) => (c === 0 ? 0.2 : 0));
    for (let x = indptr[r]; x < indptr[r + 1]; x++) for (let c = 0; c <= k; c++) y[c] += values[x] * trueW[indices[x] * (k + 1) + c];
    return y.map((v) => v + gaussian() * noise);
  };
  return { keywords, truth };
}

describe('fitContentItemModel', () => {
  it('predicts held-out rows of a linear content model far better than the mean', () => {
    const k = 4;
    const { keywords, truth } = linearContent(1200, 150, k, 0.05, 3);
    const trainRows = Int32Array.from({ length: 1000 }, (_, r) => r);
    const targets = Array.from(trainRows, (r) => truth(r));
    const itemBias = Float32Array.from(targets, (y) => y[0]);
    const itemFactors = Float32Array.from(targets.flatMap((y) => y.slice(1)));
    const model = fitContentItemModel(keywords, trainRows, itemFactors, itemBias, { ridge: 0.1 });
    expect(model.relativeResidual).toBeLessThan(1e-3);
    let modelError = 0;
    let meanError = 0;
    for (let r = 1000; r < 1200; r++) {
      const y = truth(r);
      const p = model(r);
      modelError += (p.bias - y[0]) ** 2;
      meanError += (model.mean[0] - y[0]) ** 2;
      for (let f = 0; f < k; f++) {
        modelError += (p.factors[f] - y[f + 1]) ** 2;
        meanError += (model.mean[f + 1] - y[f + 1]) ** 2;
      }
    }
    expect(modelError).toBeLessThan(0.2 * meanError);
  });

  it('returns the mean for an empty soup and shrinks towards it with a larger ridge', () => {
    const { keywords, truth } = linearContent(300, 60, 2, 0.1, 4);
    const empty: CsrMatrix = { ...keywords, rows: keywords.rows + 1, indptr: Uint32Array.from([...keywords.indptr, keywords.indptr[keywords.rows]]) };
    const rows = Int32Array.from({ length: 300 }, (_, r) => r);
    const targets = Array.from(rows, (r) => truth(r));
    const bias = Float32Array.from(targets, (y) => y[0]);
    const factors = Float32Array.from(targets.flatMap((y) => y.slice(1)));
    const loose = fitContentItemModel(empty, rows, factors, bias, { ridge: 0.01 });
    const tight = fitContentItemModel(empty, rows, factors, bias, { ridge: 1000 });
    expect(loose(300).bias).toBeCloseTo(loose.mean[0], 12);
    const spread = (m: typeof loose): number => rows.reduce((s, r) => s + Math.abs(m(r).bias - m.mean[0]), 0);
    expect(spread(tight)).toBeLessThan(0.1 * spread(loose));
    expect(() => fitContentItemModel(empty, Int32Array.from([0, 999]), new Float32Array(4), new Float32Array(2))).toThrow(/ratedRows\[1\] = 999/);
  });
});
