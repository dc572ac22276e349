// build-data fits EASE on a second thread beside KMF (issue 19, build time): the same models as fitting both here, and a
// fit the thread cannot make is reported as a rejection (the build then fits it in-process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../src/engine/models/registry';
import { asRatingsTable } from '../../src/evaluation/ranking';
import { fitModels, fitModelsInParallel, trainingData } from '../../src/pipeline/buildData';
import { fitModelInWorker } from '../../src/pipeline/fitInWorker';
import { demoTraining, type DemoTraining } from '../helpers/demoTraining';

let demo: DemoTraining;

beforeAll(async () => {
  demo = await demoTraining('cinelocal-parallel-fit-');
}, 120_000);

afterAll(() => demo?.remove());

describe('fitting EASE on a second thread', () => {
  it('gives the same shipped models as fitting everything on this thread', async () => {
    const { catalog, soup, all } = demo;
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
    const { data } = trainingData(demo.catalog, demo.soup, asRatingsTable(demo.all));
    await expect(fitModelInWorker('no-such-model' as never, data, {})).rejects.toThrow();
  }, 60_000);
});
