// The movie page (#/movie/<id>) and posters: every list title opens it; the movie's details chunk is fetched on its page
// only, cached by the service worker, refused when corrupt (with the rest of the app working); posters only with consent,
// through the service worker's poster cache, offline included. No network here: TMDB's image CDN is faked with routes.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { detailsChunkOf, movieWithoutOverview } from './detailsChunks';
import { ANCHOR, goHash, rateWithKeyboard, search, startFresh } from './helpers';

/** The chunk holding the anchor movie's details: its page fetches this file and no other. */
const ANCHOR_CHUNK = detailsChunkOf(ANCHOR.id);
const ANCHOR_CHUNK_URL = `/data/${ANCHOR_CHUNK.name.replace('.', '\\.')}`;
/** A 1×1 PNG: what the fake image.tmdb.org answers. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Counts (and answers) every request to TMDB's image CDN, from the page and from the service worker; none while `offline`. */
async function fakeTmdbImages(context: BrowserContext) {
  const cdn = { requests: [] as string[], offline: false };
  await context.route('https://image.tmdb.org/**', async (route) => {
    cdn.requests.push(route.request().url());
    if (cdn.offline) return route.abort('internetdisconnected');
    await route.fulfill({ status: 200, contentType: 'image/png', headers: { 'cache-control': 'max-age=86400' }, body: PIXEL });
  });
  return cdn;
}

/** Waits until the service worker controls the page (installed, activated, page reloaded under it). */
async function underServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.getByLabel('Search movies').or(page.locator('#movie-heading'))).toBeVisible({ timeout: 30_000 });
}

/** Byte sizes of every cached copy of URLs whose pathname/href matches, per cache name. */
function cached(page: Page, pattern: string): Promise<Record<string, number[]>> {
  return page.evaluate(async (source) => {
    const match = new RegExp(source);
    const out: Record<string, number[]> = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (!match.test(request.url)) continue;
        const response = (await cache.match(request))!;
        (out[name] ??= []).push(response.type === 'opaque' ? -1 : (await response.arrayBuffer()).byteLength);
      }
    }
    return out;
  }, pattern);
}

async function expectAnchorPage(page: Page): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`#/movie/${ANCHOR.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: ANCHOR.title, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Overview' })).toBeVisible({ timeout: 30_000 });
}

test('every list title opens the movie page: details, links out, rating, watchlist and "more like this"; keyboard only', async ({ page }) => {
  const detailsRequests: string[] = [];
  page.on('request', (request) => {
    if (/\/data\/details/.test(request.url())) detailsRequests.push(new URL(request.url()).pathname.replace(/^.*\/data\//, ''));
  });
  await startFresh(page, 'Movie Mia');
  // Start-up does not fetch any movie details.
  expect(detailsRequests).toEqual([]);

  // From a search result, with the keyboard: the title is a link.
  await search(page, ANCHOR.query);
  const titleLink = page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: ANCHOR.title, exact: true });
  await titleLink.focus();
  await page.keyboard.press('Enter');
  await expectAnchorPage(page);
  await expect(page.locator('#movie-heading')).toBeFocused();
  // One movie page fetches its one chunk, not the whole details.
  expect(detailsRequests).toEqual([ANCHOR_CHUNK.name]);

  // The details from its chunk and the catalog.
  const page_ = page.locator('article.movie-page');
  const facts = page_.locator('.movie-facts');
  await expect(facts).toContainText('1995 · ');
  for (const genre of ['Animation', 'Comedy', 'Family']) await expect(facts).toContainText(genre);
  await expect(facts).toContainText(/ · (\d+ h)?( ?\d+ min)?$/);
  await expect(page_.getByText('7.7 / 10 from 5,012 votes')).toBeVisible();
  const credits = page_.locator('dl.movie-credits');
  await expect(credits).toContainText('Director');
  await expect(credits).toContainText('Hedda Lindqvist');
  await expect(credits).toContainText("Zoë O'Brien");
  await expect(page_.getByRole('list', { name: 'Keywords' }).getByText('clockwork garden', { exact: true })).toBeVisible();
  await expect(page_.locator('.movie-overview')).not.toBeEmpty();
  const tmdb = page_.getByRole('link', { name: `${ANCHOR.title} on TMDB (opens in a new tab)` });
  await expect(tmdb).toHaveAttribute('href', `https://www.themoviedb.org/movie/${ANCHOR.id}`);
  await expect(tmdb).toHaveAttribute('target', '_blank');
  await expect(tmdb).toHaveAttribute('rel', 'noopener noreferrer');
  const imdb = page_.getByRole('link', { name: `${ANCHOR.title} on IMDb (opens in a new tab)` });
  await expect(imdb).toHaveAttribute('href', 'https://www.imdb.com/title/tt0400001/');
  await expect(imdb).toHaveAttribute('rel', 'noopener noreferrer');
  // Posters are off by default: no poster box at all.
  await expect(page.locator('.poster')).toHaveCount(0);

  // Rating from the page persists (keyboard), and so do the list buttons.
  await rateWithKeyboard(page, ANCHOR.title, 4.5);
  await page.getByRole('button', { name: `Add ${ANCHOR.title} to watchlist`, exact: true }).press('Enter');
  await expect(page.getByRole('button', { name: `Remove ${ANCHOR.title} from watchlist`, exact: true })).toBeVisible();
  await page.reload();
  await expectAnchorPage(page);
  await expect(page.getByRole('slider', { name: `Rate ${ANCHOR.title}`, exact: true })).toHaveAttribute('aria-valuenow', '4.5');
  await expect(page.getByRole('button', { name: `Remove ${ANCHOR.title} from watchlist`, exact: true })).toBeVisible();
  await page.getByRole('button', { name: `Not interested in ${ANCHOR.title}`, exact: true }).click();
  await expect(page.getByRole('button', { name: `Show ${ANCHOR.title} again`, exact: true })).toBeVisible();
  await page.getByRole('button', { name: `Show ${ANCHOR.title} again`, exact: true }).click();
  await expect(page.getByRole('button', { name: `Not interested in ${ANCHOR.title}`, exact: true })).toBeVisible();

  // "More like this" inline, and the full list one link away; a title there opens its page.
  const similar = page.getByRole('list', { name: `More like ${ANCHOR.title}` });
  await expect(similar.locator(':scope > li').first()).toBeVisible();
  expect(await similar.locator(':scope > li').count()).toBeLessThanOrEqual(8);
  await page.getByRole('link', { name: `All movies like ${ANCHOR.title}` }).click();
  await expect(page).toHaveURL(new RegExp(`#/like/${ANCHOR.id}$`));
  const recommendations = page.getByRole('list', { name: 'Recommendations' });
  const firstLike = recommendations.getByRole('listitem').first();
  await expect(firstLike).toBeVisible();
  const likeTitle = (await firstLike.locator('.movie-title').innerText()).trim();
  await firstLike.getByRole('link', { name: likeTitle, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: likeTitle, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Overview' })).toBeVisible();

  // From For you.
  await goHash(page, '#/for-you');
  const picks = page.getByRole('list', { name: 'Your picks' });
  const firstPick = picks.getByRole('listitem').first();
  await expect(firstPick).toBeVisible({ timeout: 30_000 });
  const pickTitle = (await firstPick.locator('.movie-title').innerText()).trim();
  await firstPick.getByRole('link', { name: pickTitle, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: pickTitle, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Cast and crew' })).toBeVisible();
});

test('a movie without an overview says so; an unknown id says the movie is not found', async ({ page }) => {
  const bare = movieWithoutOverview();
  await startFresh(page, 'Bare Bea');
  await goHash(page, `#/movie/${bare.id}`);
  await expect(page.getByRole('heading', { level: 1, name: bare.title, exact: true })).toBeVisible();
  await expect(page.getByText('No overview in the data for this movie.')).toBeVisible({ timeout: 30_000 });
  await goHash(page, '#/movie/2147483647');
  await expect(page.getByRole('heading', { level: 1, name: 'Movie not found' })).toBeVisible();
  await goHash(page, '#/movie/0862');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('posters: none requested while off; with consent shown from the service worker cache, offline too', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdn = await fakeTmdbImages(context);
  const imageRequests = cdn.requests;
  const cspErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
  });
  await startFresh(page, 'Poster Pia');
  await search(page, ANCHOR.query);
  await page.getByRole('link', { name: ANCHOR.title, exact: true }).first().click();
  await expectAnchorPage(page);
  await expect(page.locator('.poster')).toHaveCount(0);
  expect(imageRequests).toEqual([]);

  // The consent and TMDB's attribution live in About.
  await goHash(page, '#/about');
  await expect(page.getByText('This product uses the TMDB API but is not endorsed or certified by TMDB.')).toBeVisible();
  await expect(page.getByRole('link', { name: /The Movie Database \(TMDB\)/ })).toHaveAttribute('href', 'https://www.themoviedb.org/');
  const toggle = page.getByRole('checkbox', { name: 'Show posters (loaded from TMDB)' });
  await expect(toggle).not.toBeChecked();
  expect(imageRequests).toEqual([]);
  await toggle.check();
  await expect(toggle).toBeChecked();

  // Rows: a w92 poster in a fixed box inside the title link, decorative (the title is its name).
  await search(page, ANCHOR.query);
  const rowLink = page.getByRole('list', { name: 'Search results' }).getByRole('link', { name: ANCHOR.title, exact: true });
  const rowPoster = rowLink.locator('img');
  await expect(rowPoster).toHaveAttribute('src', /^https:\/\/image\.tmdb\.org\/t\/p\/w92\/\w+\.jpg$/);
  await expect(rowPoster).toHaveAttribute('alt', '');
  await expect(rowPoster).toHaveAttribute('loading', 'lazy');
  await expect.poll(() => rowPoster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const box = await rowLink.locator('.poster').boundingBox();
  expect(box && Math.round(box.width)).toBe(46);
  expect(box && Math.round(box.height)).toBe(69);

  // The movie page: the w185 poster, named.
  await rowLink.click();
  await expectAnchorPage(page);
  const poster = page.getByRole('img', { name: `Poster of ${ANCHOR.title}` });
  await expect(poster).toHaveAttribute('src', /^https:\/\/image\.tmdb\.org\/t\/p\/w185\/\w+\.jpg$/);
  await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  expect(imageRequests.length).toBeGreaterThan(0);

  // Under the service worker: the page's details chunk and the poster go into their runtime caches (not the precache).
  await underServiceWorker(page);
  await expectAnchorPage(page);
  await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect.poll(async () => Object.keys(await cached(page, '^https://image\\.tmdb\\.org/t/p/w185/'))).toEqual(['tmdb-posters']);
  await expect.poll(async () => (await cached(page, ANCHOR_CHUNK_URL))['cinelocal-details']).toEqual([ANCHOR_CHUNK.bytes]);
  const precached = await page.evaluate(async () => {
    const names = (await caches.keys()).filter((name) => name.includes('precache'));
    const urls: string[] = [];
    for (const name of names) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    return urls;
  });
  expect(precached.some((url) => url.endsWith('/data/catalog.bin'))).toBe(true);
  expect(precached.some((url) => /\/data\/details-/.test(url))).toBe(false);

  // Offline: the page, its details and the cached poster are all there.
  await context.setOffline(true);
  cdn.offline = true;
  const requestsBefore = imageRequests.length;
  await page.reload();
  await expectAnchorPage(page);
  await expect(page.locator('dl.movie-credits')).toContainText('Hedda Lindqvist');
  await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  // Served by the service worker's poster cache: nothing went out for it.
  expect(imageRequests.slice(requestsBefore).filter((url) => url.includes('/w185/'))).toEqual([]);
  // A poster never seen falls back to the placeholder (same box, no layout shift).
  await search(page, 'baker');
  const unseen = page.getByRole('list', { name: 'Search results' }).locator('.movie-card').first().locator('.poster');
  await expect(unseen).toHaveClass(/poster-missing/);
  await context.setOffline(false);
  expect(cspErrors).toEqual([]);
  await context.close();
});

test('a corrupt details chunk is refused with a visible message, evicted from the cache, and the rest of the app keeps working', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await startFresh(page, 'Corrupt Cora');
  await underServiceWorker(page);
  const host = { broken: true, served: 0 };
  await context.route(`**/data/${ANCHOR_CHUNK.name}*`, async (route) => {
    if (!host.broken) return route.continue();
    host.served += 1;
    await route.fulfill({
      status: 200,
      contentType: 'application/octet-stream',
      headers: { 'cache-control': 'no-cache' },
      body: Buffer.alloc(ANCHOR_CHUNK.bytes, 0x5a),
    });
  });

  await search(page, ANCHOR.query);
  await page.getByRole('link', { name: ANCHOR.title, exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: ANCHOR.title, exact: true })).toBeVisible();
  const alert = page.getByRole('alert').filter({ hasText: ANCHOR_CHUNK.name });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText('Loading the movie details failed');
  // Fetched once more past the caches before giving up, and the bad copy is not kept.
  expect(host.served).toBeGreaterThanOrEqual(2);
  await expect.poll(() => cached(page, ANCHOR_CHUNK_URL)).toEqual({});

  // Everything else works: the page's own rating, search, recommendations.
  await rateWithKeyboard(page, ANCHOR.title, 4);
  await expect(
    page
      .getByRole('list', { name: `More like ${ANCHOR.title}` })
      .getByRole('listitem')
      .first(),
  ).toBeVisible();
  await search(page, 'baker');
  await page
    .getByRole('button', { name: /^Recommend movies like/ })
    .first()
    .click();
  await expect(page.getByRole('list', { name: 'Recommendations' }).getByRole('listitem').first()).toBeVisible();

  // The host is fixed: Try again on the movie page loads the real file.
  await goHash(page, `#/movie/${ANCHOR.id}`);
  await expect(alert).toBeVisible({ timeout: 30_000 });
  host.broken = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Overview' })).toBeVisible({ timeout: 30_000 });
  await expect(alert).toHaveCount(0);
  await expect.poll(() => cached(page, ANCHOR_CHUNK_URL)).toEqual({ 'cinelocal-details': [ANCHOR_CHUNK.bytes] });
  await context.close();
});
