// The blocked online update (src/engine/kmf/online.ts) against the plain one it replaced (test/helpers/onlineUpdateReference.ts).
import { describe, expect, it } from 'vitest';
import { choleskyInPlace, onlineUpdateUser, type OnlineUpdateParams, type OnlineUserFit } from '../../src/engine/kmf';
import type { KmfItemSide } from '../../src/engine/kmf/model';
import { createGaussian, createRandom } from '../../src/engine/kmf/random';
import { choleskyInPlaceReference, onlineUpdateUserReference } from '../helpers/onlineUpdateReference';

const TOLERANCE = 1e-9;

function randomModel(random: () => number, factors: number, nItems: number, scale: number): KmfItemSide {
  const gaussian = createGaussian(random);
  const itemFactors = Float32Array.from({ length: nItems * factors }, () => gaussian() * scale);
  // Some rows all zero, as for movies with too few ratings to train (their q_i stays 0).
  for (let i = 0; i < nItems; i += 7) itemFactors.fill(0, i * factors, (i + 1) * factors);
  return { factors, globalBias: 0.3 + random(), itemBias: Float32Array.from({ length: nItems }, () => gaussian() * 0.4), itemFactors };
}

function randomHistory(random: () => number, nItems: number, n: number): { items: number[]; ratings: number[] } {
  // Repeats allowed (a history may rate one movie twice after an import); ratings in half stars, 0 included.
  const items = Array.from({ length: n }, () => Math.floor(random() * nItems));
  const ratings = items.map(() => Math.round(random() * 10) / 2);
  return { items, ratings };
}

function randomParams(random: () => number): OnlineUpdateParams | undefined {
  const pick = random();
  if (pick < 0.25) return undefined;
  // Zero regularisation with fewer ratings than unknowns makes JᵀJ singular: the damping and retry paths run.
  if (pick < 0.4) return { regUser: 0, regBias: 0, priorUser: 0 };
  return { regUser: random() * 0.2, regBias: random() * 0.1, priorUser: random() * 5, iterations: 1 + Math.floor(random() * 12) };
}

function expectSameFit(actual: OnlineUserFit, expected: OnlineUserFit, what: string): void {
  expect(actual.factors.length, what).toBe(expected.factors.length);
  expect(Math.abs(actual.bias - expected.bias), `${what}: bias ${actual.bias} vs ${expected.bias}`).toBeLessThanOrEqual(TOLERANCE);
  if (Number.isNaN(expected.trainRmse)) expect(actual.trainRmse, what).toBeNaN();
  else expect(Math.abs(actual.trainRmse - expected.trainRmse), `${what}: trainRmse`).toBeLessThanOrEqual(TOLERANCE);
  for (let f = 0; f < expected.factors.length; f++)
    expect(Math.abs(actual.factors[f] - expected.factors[f]), `${what}: factor ${f} ${actual.factors[f]} vs ${expected.factors[f]}`).toBeLessThanOrEqual(
      TOLERANCE,
    );
}

describe('onlineUpdateUser (blocked normal matrix) equals the plain reference', () => {
  it('on random histories of 0 to 2,000 ratings, 1 to 41 factors (every padding width), random regularisation', () => {
    const random = createRandom(2026);
    let compared = 0;
    for (const factors of [1, 2, 3, 4, 5, 8, 13, 40, 41]) {
      for (const scale of [0.1, 0.5, 2]) {
        const model = randomModel(random, factors, 600, scale);
        // Long, short, long: a shorter history after a longer one reuses buffers holding the longer one's values.
        for (const n of [0, 1, 2, 3, 7, 100, 2000, 5, 64, 401, 1, 100]) {
          const { items, ratings } = randomHistory(random, 600, n);
          const params = randomParams(random);
          const what = `k=${factors} scale=${scale} n=${n} params=${JSON.stringify(params)}`;
          expectSameFit(onlineUpdateUser(model, items, ratings, params), onlineUpdateUserReference(model, items, ratings, params), what);
          compared++;
        }
      }
    }
    expect(compared).toBe(9 * 3 * 12);
  });

  it('interleaved across models of different sizes (each switch re-sizes the scratch buffers)', () => {
    const random = createRandom(7);
    const models = [randomModel(random, 40, 300, 0.3), randomModel(random, 6, 300, 0.3), randomModel(random, 41, 300, 1)];
    for (let round = 0; round < 30; round++) {
      const model = models[round % models.length];
      const { items, ratings } = randomHistory(random, 300, 1 + Math.floor(random() * 300));
      expectSameFit(onlineUpdateUser(model, items, ratings), onlineUpdateUserReference(model, items, ratings), `round ${round}`);
    }
  });

  it('takes typed arrays as well as plain ones, with the same result', () => {
    const random = createRandom(11);
    const model = randomModel(random, 40, 500, 0.3);
    const { items, ratings } = randomHistory(random, 500, 150);
    const plain = onlineUpdateUser(model, items, ratings);
    const typed = onlineUpdateUser(model, Int32Array.from(items), Float32Array.from(ratings));
    expect(typed.bias).toBe(plain.bias);
    expect([...typed.factors]).toEqual([...plain.factors]);
    expectSameFit(plain, onlineUpdateUserReference(model, items, ratings), '150 ratings');
  });
});

describe('choleskyInPlace (four rows at a time)', () => {
  it('gives the same factor to the last bit for sizes 1 to 45, and the same answer on a matrix that is not SPD', () => {
    const gaussian = createGaussian(createRandom(5));
    for (let d = 1; d <= 45; d++) {
      const m = Array.from({ length: d * (d + 3) }, () => gaussian());
      const a = new Float64Array(d * d);
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) {
          let s = i === j ? 0.1 : 0;
          for (let t = 0; t < d + 3; t++) s += m[i * (d + 3) + t] * m[j * (d + 3) + t];
          a[i * d + j] = s;
        }
      const blocked = a.slice();
      const plain = a.slice();
      expect(choleskyInPlace(blocked, d)).toBe(choleskyInPlaceReference(plain, d));
      expect(blocked).toEqual(plain);
      // Not positive definite: both stop at the same column and report it.
      const indefinite = a.slice();
      indefinite[(d - 1) * d + (d - 1)] = -1;
      const blockedBad = indefinite.slice();
      const plainBad = indefinite.slice();
      expect(choleskyInPlace(blockedBad, d)).toBe(false);
      expect(choleskyInPlaceReference(plainBad, d)).toBe(false);
      expect(blockedBad).toEqual(plainBad);
    }
  });
});
