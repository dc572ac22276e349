// Every compute backend gives the typed-array top-k (within float tolerance) inside the real worker in Chromium,
// including WebGPU on SwiftShader, and tfjs holds no more tensors after 1,000 queries than before.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildBenchSite, WEBGPU_ARGS, withBenchPage } from '../../scripts/lib/browserBench';

type Comparison = Record<string, { available: boolean; error?: string; scores?: number[][]; top?: number[][]; tensorsBefore?: number; tensorsAfter?: number }>;

const SHARDS = resolve('public/data');
let site = '';

test.describe.configure({ mode: 'serial', timeout: 300_000 });

test.beforeAll(async () => {
  test.skip(!existsSync(resolve(SHARDS, 'manifest.json')), `no shards in ${SHARDS}: run npm run build-data first`);
  site = await buildBenchSite(SHARDS, resolve('.cache/bench-site-test'));
});

async function compare(names: string[], args: string[]): Promise<Comparison> {
  return withBenchPage(
    site,
    (page, dataUrl) =>
      page.evaluate(
        ([u, n]) =>
          (window as unknown as { cinelocalBench: { compareBackends(u: string, n: string[]): Promise<Comparison> } }).cinelocalBench.compareBackends(u, n),
        [dataUrl, names] as const,
      ),
    args,
  );
}

function expectSameAsTypedArray(result: Comparison, name: string): void {
  const reference = result['typed-array'];
  const candidate = result[name];
  expect(candidate.available, `${name}: ${candidate.error ?? ''}`).toBe(true);
  expect(candidate.top).toEqual(reference.top);
  candidate.scores!.forEach((scores, u) => {
    expect(scores.length).toBe(reference.scores![u].length);
    let worst = 0;
    scores.forEach((s, i) => (worst = Math.max(worst, Math.abs(s - reference.scores![u][i]))));
    expect(worst).toBeLessThan(1e-3);
  });
  // No tensor leaks: the count after 1,000 recommend/forYou queries is not above the count before.
  expect(candidate.tensorsAfter!).toBeLessThanOrEqual(candidate.tensorsBefore!);
}

test('tfjs CPU, WASM and WebGL backends agree with typed arrays and do not leak tensors', async () => {
  const result = await compare(['typed-array', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl'], []);
  for (const name of ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl']) expectSameAsTypedArray(result, name);
});

test('tfjs WebGPU (SwiftShader adapter) agrees with typed arrays and does not leak tensors', async () => {
  const result = await compare(['typed-array', 'tfjs-webgpu'], WEBGPU_ARGS);
  expectSameAsTypedArray(result, 'tfjs-webgpu');
});
