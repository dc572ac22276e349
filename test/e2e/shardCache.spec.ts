// A shard served wrong once must not stay in the service worker's caches: after the server is fixed, Retry (and a
// reload) must work without a new deploy; and My ratings, export and profiles stay usable while the catalog cannot load.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PLANTED, goHash, rateWithKeyboard, search, startFresh } from './helpers';

const CATALOG_BYTES = readFileSync('dist/data/catalog.bin').length;
const TRUNCATED_BYTES = 1330;

/** The byte length of every Cache Storage copy of data/catalog.bin (any query string, any cache). */
function cachedCatalogSizes(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const sizes: number[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (!new URL(request.url).pathname.endsWith('/data/catalog.bin')) continue;
        sizes.push((await (await cache.match(request))!.arrayBuffer()).byteLength);
      }
    }
    return sizes;
  });
}

/** Waits until the service worker controls the page (installed, activated, page reloaded under it). */
async function underServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
}

/** A host that serves catalog.bin wrong while `state.broken` (to the page, its worker and the service worker). */
async function flakyHost(context: BrowserContext, body: () => Buffer, contentType: string) {
  const state = { broken: false, servedBroken: 0, servedBrokenToServiceWorker: 0 };
  await context.route('**/data/catalog.bin*', async (route) => {
    if (!state.broken) return route.continue();
    state.servedBroken += 1;
    if (route.request().serviceWorker()) state.servedBrokenToServiceWorker += 1;
    await route.fulfill({ status: 200, contentType, headers: { 'cache-control': 'no-cache' }, body: body() });
  });
  return state;
}

test('a truncated shard already in the precache is evicted when it fails its check, and Retry fetches it again', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const host = await flakyHost(context, () => readFileSync('dist/data/catalog.bin').subarray(0, TRUNCATED_BYTES), 'application/octet-stream');
  await startFresh(page, 'Cache Carla');
  await search(page, 'baker');
  await rateWithKeyboard(page, PLANTED[0], 4);
  await underServiceWorker(page);
  expect(await cachedCatalogSizes(page)).toEqual([CATALOG_BYTES]);

  // The host breaks, and the broken copy is what the service worker holds (as when it precached during the outage).
  host.broken = true;
  await page.evaluate(async (keep) => {
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (!new URL(request.url).pathname.endsWith('/data/catalog.bin')) continue;
        const good = (await cache.match(request))!;
        await cache.put(request, new Response((await good.arrayBuffer()).slice(0, keep), { headers: good.headers }));
      }
    }
  }, TRUNCATED_BYTES);
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText('catalog.bin');
  await expect(alert).toContainText(String(TRUNCATED_BYTES));
  // The copy that failed is gone from every cache.
  await expect.poll(() => cachedCatalogSizes(page)).toEqual([]);

  // Ratings, export and profiles do not need the catalog.
  await goHash(page, '#/ratings');
  await expect(page.getByRole('heading', { name: 'My ratings' })).toBeVisible();
  await expect(page.getByText('Cache Carla has rated 1 movie')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const exported = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { ratings: { rating: number }[] };
  expect(exported.ratings.map((r) => r.rating)).toEqual([4]);
  await page.getByRole('button', { name: 'Cache Carla: manage profiles' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');

  // The host is fixed; Retry works without a new deploy, and the precache holds the good copy again (offline works).
  host.broken = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByText('Cache Carla has rated 1 movie')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('list', { name: 'Rated movies' }).getByRole('slider', { name: `Rate ${PLANTED[0]}`, exact: true })).toHaveAttribute(
    'aria-valuenow',
    '4',
  );
  await expect.poll(() => cachedCatalogSizes(page)).toEqual([CATALOG_BYTES]);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('Cache Carla has rated 1 movie')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('slider', { name: `Rate ${PLANTED[0]}`, exact: true })).toHaveAttribute('aria-valuenow', '4');
  await context.close();
});

test('an HTML page served for a shard while the service worker installs is not precached; Retry and reload work once the host is fixed', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const html = Buffer.from(`<!doctype html><html><head><title>Not here</title></head><body>${'<p>SPA fallback</p>'.repeat(60)}</body></html>`);
  const host = await flakyHost(context, () => html, 'text/html; charset=utf-8');
  host.broken = true;
  const page = await context.newPage();
  await page.goto('./');
  await page.getByLabel('Your name').fill('Html Hana');
  await page.getByRole('button', { name: 'Start rating' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText('catalog.bin');
  // The service worker asked for the shard during its install too, and got the HTML page.
  await expect.poll(() => host.servedBrokenToServiceWorker, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => page.evaluate(async () => !(await navigator.serviceWorker.getRegistration())?.installing), { timeout: 30_000 }).toBe(true);
  expect(await cachedCatalogSizes(page)).toEqual([]);

  host.broken = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
  // A reload (now under a service worker that installs from the fixed host) works, and only the good copy is cached.
  await page.reload();
  await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await expect.poll(() => cachedCatalogSizes(page)).toEqual([CATALOG_BYTES]);
  await page.reload();
  await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
  await context.close();
});
