// build-data fits EASE on a second thread beside KMF (issue 19, build time): the same models as fitting both here, and a
// fit the thread cannot make is reported as a rejection (the build then fits it in-process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../src/engine/models/registry';
import type { Catalog } from '../../src/engine/shards/dataset';
import { loadKaggleRatings, type RatingDataset } from '../../src/evaluation/dataset';
import { asRatingsTable } from '../../src/evaluation/ranking';
import { fitModels, fitModelsInParallel, readCatalog, trainingData } from '../../src/pipeline/buildData';
import { fitModelInWorker } from '../../src/pipeline/fitInWorker';
import { generateDemoData } from '../../src/pipeline/demo/generateDemoData';
import type { SoupMatrix } from '../../src/pipeline/soup';

let dir: string;
let catalog: Catalog;
let soup: SoupMatrix;
let all: RatingDataset;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cinelocal-parallel-fit-'));
  await generateDemoData(dir);
  ({ catalog, soup } = await readCatalog(dir));
  all = (await loadKaggleRatings(dir)).data;
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fitting EASE on a second thread', () => {
  it('gives the same shipped models as fitting everything on this thread', async () => {
    const here = fitModels(catalog, soup, asRatingsTable(all), {});
    const parallel = await fitModelsInParallel(catalog, soup, asRatingsTable(all), {});
    expect(parallel.neighboursThreadError).toBeNull();
    expect(parallel.neighboursThreadMs).toBeGreaterThan(0);
    const rows = catalog.ids.length;
    for (const name of ['kmf', 'neighbours'] as const) {
      const a = MODELS[name].encode(here.models[name] as never, rows);
      const b = MODELS[name].encode(parallel.models[name] as never, rows);
      expect(Object.keys(b)).toEqual(Object.keys(a));
      for (const key of Object.keys(a))
        expect(Array.from(b[key].data as ArrayLike<number>), `${name}.${key}`).toEqual(Array.from(a[key].data as ArrayLike<number>));
    }
    expect(parallel.easeSize).toBe(here.easeSize);
    expect(parallel.easeParams).toEqual(here.easeParams);
  }, 120_000);

  it('rejects when the thread cannot make the fit (an unknown model), so the caller can fit in-process', async () => {
    const { data } = trainingData(catalog, soup, asRatingsTable(all));
    await expect(fitModelInWorker('no-such-model' as never, data, {})).rejects.toThrow();
  }, 60_000);
});
