// Builds the benchmark page with the given shards, serves it with vite preview and drives it in Debian's Chromium.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { build, preview } from 'vite';
import { percentiles } from '../../src/bench/workload';
import { summarizeImportWrite, type ImportWriteBenchResult, type ImportWriteKind, type ImportWriteSample } from '../../src/bench/importWrite';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** SwiftShader WebGPU: correct but slow (software); enables the WebGPU path for tests and measurements. */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];

/** Build src/bench/index.html (and its worker) into `outDir` with the shards under data/. */
export async function buildBenchSite(shardsDir: string, outDir = resolve('.cache/bench-site')): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'error',
    root: process.cwd(),
    base: './',
    publicDir: false,
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, rollupOptions: { input: resolve('src/bench/index.html') } },
  });
  mkdirSync(join(outDir, 'data'), { recursive: true });
  for (const file of readdirSync(shardsDir)) cpSync(join(shardsDir, file), join(outDir, 'data', file));
  return outDir;
}

/** Serves a built site with vite preview on a free port; `close` stops it. */
async function serveSite(siteDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await preview({
    configFile: false,
    logLevel: 'error',
    root: process.cwd(),
    base: '/',
    build: { outDir: siteDir },
    preview: { port: 0, host: '127.0.0.1' },
  });
  const address = server.httpServer.address();
  if (typeof address !== 'object' || !address) throw new Error(`vite preview of ${siteDir} has no port`);
  return { url: `http://127.0.0.1:${address.port}/`, close: () => new Promise<void>((done) => server.httpServer.close(() => done())) };
}

export async function withBenchPage<T>(
  siteDir: string,
  fn: (page: import('@playwright/test').Page, dataUrl: string) => Promise<T>,
  extraArgs: string[] = [],
): Promise<T> {
  const { url: base, close } = await serveSite(siteDir);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
    const page = await browser.newPage();
    await page.goto(`${base}src/bench/index.html`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    return await fn(page, `${base}data/`);
  } finally {
    await browser?.close();
    await close();
  }
}

type Driver = {
  ready(url: string, runs?: number): Promise<{ first: number; warm: number[]; warmComplete: number[]; phases: Record<string, number>[] }>;
  benchmark(url: string): Promise<Record<string, unknown>>;
  backends(url: string): Promise<{ active: string; timingsMs: Record<string, number> }>;
  importWriteOnce(url: string, kind: ImportWriteKind, rows?: number): Promise<ImportWriteSample>;
};

/** Median ms of each start-up phase over the warm runs (the worker's PhaseTimes; `script` = spawn to its code running). */
export function medianPhases(runs: Record<string, number>[]): Record<string, number> {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(names.map((name) => [name, percentiles(runs.map((r) => r[name] ?? 0)).p50]));
}

export async function runBrowserBench(shardsDir: string, log: (m: string) => void): Promise<Record<string, unknown>> {
  const site = await buildBenchSite(shardsDir);
  const inPage = await withBenchPage(
    site,
    async (page, dataUrl) => {
      const call = <K extends keyof Driver>(name: K, ...args: unknown[]) =>
        page.evaluate(
          ([n, a]) => (window as unknown as { cinelocalBench: Record<string, (...x: unknown[]) => unknown> }).cinelocalBench[n as string](...(a as unknown[])),
          [name, args] as const,
        ) as ReturnType<Driver[K]>;
      log('bench: browser ready-time…');
      const ready = await call('ready', dataUrl, 7);
      log('bench: browser workload (typed-array backend)…');
      const workload = await call('benchmark', dataUrl);
      log('bench: browser backend race…');
      const backends = await call('backends', dataUrl);
      return {
        ...workload,
        ready: percentiles(ready.warm),
        /** Worker start until keywords and models are in too (everything answers; ready is when search does). */
        readyComplete: percentiles(ready.warmComplete),
        readyFirstLoadMs: Math.round(ready.first),
        readyPhases: medianPhases(ready.phases),
        backends,
      };
    },
    WEBGPU_ARGS,
  );
  log('bench: import write of 45,000 ratings vs a bare IndexedDB write (a fresh browser per sample)…');
  const { importWrite45k, idbBare45k, importCineLocal45k, ratio, catalogRows } = await runImportWriteBench(site);
  return { ...inPage, importWrite45k, idbBare45k, importCineLocal45k, importWriteRatio: { ratio, goal: 1.5, catalogRows } };
}

/**
 * The import-write bench (src/bench/importWrite.ts): `runs` pairs of samples, bare and app alternating which goes
 * first, each in a fresh browser so that no sample writes into a store slowed by the databases deleted before it;
 * then one sample of the My ratings entry point (a CineLocal JSON export parsed by the worker, same writer).
 */
export async function runImportWriteBench(siteDir: string, runs = 3, rows = 45_000): Promise<ImportWriteBenchResult> {
  const once = (kind: ImportWriteKind) =>
    withBenchPage(siteDir, (page, dataUrl) =>
      page.evaluate(
        ([u, k, n]) =>
          (
            window as unknown as { cinelocalBench: { importWriteOnce(u: string, k: string, n: number): Promise<ImportWriteSample> } }
          ).cinelocalBench.importWriteOnce(u, k, n),
        [dataUrl, kind, rows] as const,
      ),
    );
  const bare: ImportWriteSample[] = [];
  const app: ImportWriteSample[] = [];
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      bare.push(await once('bare'));
      app.push(await once('app'));
    } else {
      app.push(await once('app'));
      bare.push(await once('bare'));
    }
  }
  const cineLocal = await once('cinelocal');
  return summarizeImportWrite(bare, app, rows, cineLocal);
}

/** Build the real app (the project's vite.config.ts, PWA included) into `outDir` with these shards under data/. */
export async function buildAppSite(shardsDir: string, outDir = resolve('.cache/bench-app')): Promise<string> {
  await build({ logLevel: 'error', build: { outDir, emptyOutDir: true } });
  rmSync(join(outDir, 'data'), { recursive: true, force: true });
  mkdirSync(join(outDir, 'data'), { recursive: true });
  for (const file of readdirSync(shardsDir)) cpSync(join(shardsDir, file), join(outDir, 'data', file));
  return outDir;
}

/**
 * Cold load of the built app for a returning user: HTTP cache disabled, no service worker, from navigation until the
 * "Search movies" box is visible (the app shows it once the engine is ready).
 */
export async function runColdLoadBench(appDir: string, runs = 5): Promise<{ samplesMs: number[] }> {
  const { url, close } = await serveSite(appDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByLabel('Your name').fill('Bench');
    await page.keyboard.press('Enter');
    await page.getByLabel('Search movies').waitFor({ state: 'visible', timeout: 60_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const samplesMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = Date.now();
      await page.goto(url);
      await page.getByLabel('Search movies').waitFor({ state: 'visible', timeout: 60_000 });
      samplesMs.push(Date.now() - start);
    }
    return { samplesMs };
  } finally {
    await browser.close();
    await close();
  }
}
