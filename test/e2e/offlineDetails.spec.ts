// Issue 21, movie pages: one page fetches one small details chunk (never the whole details), a page seen works offline
// while one never seen says why it cannot load, and "Make every movie page available offline" (About) downloads the
// rest in the background with progress, is remembered, and makes every page work offline.
import { expect, test, type Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { DETAILS_CHUNK_MAX_GZIP } from '../../src/engine/shards/details';
import { detailsChunkOf, detailsChunks, movieOutside } from './detailsChunks';
import { ANCHOR, goHash, search, startFresh, STARTUP_MS } from './helpers';

const ANCHOR_CHUNK = detailsChunkOf(ANCHOR.id);
const CHUNKS = detailsChunks();
// Each test installs the service worker, reloads under it and goes offline: minutes when the machine is busy.
test.describe.configure({ timeout: 240_000 });

/** Waits until the service worker controls the page (installed, activated, page reloaded under it). */
async function underServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.getByLabel('Search movies').or(page.locator('#movie-heading'))).toBeVisible({ timeout: STARTUP_MS });
}

/** Names of the details chunks in the service worker's runtime cache. */
function cachedChunks(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const cache = await caches.open('cinelocal-details');
    return (await cache.keys())
      .map((request) => new URL(request.url).pathname.replace(/^.*\/data\//, ''))
      .filter((name) => name.startsWith('details-'))
      .sort();
  });
}

async function openMovie(page: Page, movie: { id: number; title: string }): Promise<void> {
  await goHash(page, `#/movie/${movie.id}`);
  await expect(page.getByRole('heading', { level: 1, name: movie.title, exact: true })).toBeVisible({ timeout: STARTUP_MS });
}

test('the demo build has many small chunks; each is under the 150 KB gzip goal', () => {
  expect(CHUNKS.length).toBeGreaterThanOrEqual(16);
  for (const chunk of CHUNKS) expect(gzipSync(readFileSync(`dist/data/${chunk.name}`), { level: 9 }).length).toBeLessThanOrEqual(DETAILS_CHUNK_MAX_GZIP);
});

test('one movie page fetches its one chunk; a page seen works offline, one never seen says why it cannot load', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (request) => {
    const match = /\/data\/(details-\d+\.bin|details\.bin|imdb\.bin)/.exec(request.url());
    if (match) requested.push(match[1]);
  });
  await startFresh(page, 'Chunk Chloe');
  await underServiceWorker(page);
  expect(requested).toEqual([]);

  await search(page, ANCHOR.query);
  await page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: ANCHOR.title, exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Overview' })).toBeVisible({ timeout: STARTUP_MS });
  // Page and service worker may both report the one fetch; only this chunk, never another file of the details.
  expect([...new Set(requested)]).toEqual([ANCHOR_CHUNK.name]);
  await expect.poll(() => cachedChunks(page)).toEqual([ANCHOR_CHUNK.name]);

  const unseen = movieOutside([ANCHOR_CHUNK.name]);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: ANCHOR.title, exact: true })).toBeVisible({ timeout: STARTUP_MS });
  await expect(page.getByRole('heading', { level: 2, name: 'Overview' })).toBeVisible({ timeout: STARTUP_MS });
  await expect(page.locator('dl.movie-credits')).toContainText('Hedda Lindqvist');

  await openMovie(page, unseen);
  const alert = page.getByRole('alert').filter({ hasText: unseen.chunk.name });
  await expect(alert).toContainText('Loading the movie details failed', { timeout: STARTUP_MS });
  await expect(alert).toContainText(/network error|check the connection/i);
  // The catalog's part of the page is still there.
  await expect(page.getByRole('heading', { level: 1, name: unseen.title, exact: true })).toBeVisible();
  await context.setOffline(false);
  await context.close();
});

test('"available offline" downloads every chunk in the background with progress, is remembered, and every page then works offline', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await startFresh(page, 'Offline Otto');
  await underServiceWorker(page);
  // Slow the chunks down a little so the progress is seen on the way.
  await context.route('**/data/details-*.bin*', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 60));
    await route.continue();
  });

  await goHash(page, '#/about');
  const toggle = page.getByRole('checkbox', { name: 'Make every movie page available offline' });
  await expect(toggle).not.toBeChecked();
  await expect(toggle).toHaveAccessibleDescription(/pages you have opened stay available offline/);
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();
  const status = page.getByTestId('offline-details-status');
  await expect(status).toContainText(/Downloading movie pages for offline use: \d+ of \d+ parts/, { timeout: STARTUP_MS });
  await expect(page.getByRole('progressbar', { name: 'Movie pages downloaded for offline use' })).toBeVisible();
  await expect(status).toContainText(`Every movie page is available offline (${CHUNKS.length} parts,`, { timeout: 60_000 });
  await expect.poll(() => cachedChunks(page)).toEqual(CHUNKS.map((c) => c.name).sort());

  // Remembered on this device.
  await page.reload();
  await goHash(page, '#/about');
  await expect(page.getByRole('checkbox', { name: 'Make every movie page available offline' })).toBeChecked({ timeout: STARTUP_MS });

  // Offline, pages never opened work: one in another chunk, and the last chunk's.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByLabel('Search movies').or(page.getByRole('heading', { name: 'About CineLocal' }))).toBeVisible({ timeout: STARTUP_MS });
  for (const movie of [movieOutside([ANCHOR_CHUNK.name]), movieOutside(CHUNKS.slice(0, -1).map((c) => c.name))]) {
    await openMovie(page, movie);
    await expect(page.getByRole('heading', { level: 2, name: 'Cast and crew' })).toBeVisible({ timeout: STARTUP_MS });
    await expect(page.getByRole('alert').filter({ hasText: 'Loading the movie details failed' })).toHaveCount(0);
  }
  await context.setOffline(false);

  // Turned off: nothing more is fetched, and the box says so.
  await goHash(page, '#/about');
  await page.getByRole('checkbox', { name: 'Make every movie page available offline' }).uncheck();
  await expect(page.getByTestId('offline-details-status')).toHaveText('');
  await context.close();
});
