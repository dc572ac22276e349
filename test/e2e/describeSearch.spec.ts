// Describe search in the search box (issue 19) on the demo catalog: a short query stays title search only (describe.bin
// not fetched); a description shows "Movies that match your description" with why, rateable by keyboard and linked to
// the movie page; describe.bin is cached on first use, so the section works offline afterwards.
import { expect, test, type Page } from '@playwright/test';
import { ANCHOR, goHash, rateWithKeyboard, search, startFresh } from './helpers';

const DESCRIPTION = 'mid 90s animated movie where a toy comes to life and feels jealousy';
const SECTION = 'Movies that match your description';

async function describeQuery(page: Page, query: string): Promise<void> {
  await goHash(page, '#/search');
  await page.getByLabel('Search movies').fill(query);
  await expect(page.getByRole('heading', { name: SECTION })).toBeVisible();
  await expect(page.getByRole('list', { name: SECTION })).toBeVisible({ timeout: 30_000 });
}

test('a description finds the film with why; short queries stay title search; offline after first use', async ({ page, context }) => {
  const describeRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/data/describe.bin')) describeRequests.push(request.url());
  });
  await startFresh(page);

  // A title: title results only, no description section and no describe.bin download.
  await search(page, ANCHOR.query);
  await expect(page.getByRole('heading', { name: SECTION })).toHaveCount(0);
  expect(describeRequests).toEqual([]);

  // A description: the section, the anchor first, with reasons.
  await describeQuery(page, DESCRIPTION);
  const list = page.getByRole('list', { name: SECTION });
  const first = list.locator('.movie-card').first();
  await expect(first.getByRole('link', { name: ANCHOR.title })).toHaveAttribute('href', `#/movie/${ANCHOR.id}`);
  const why = first.getByRole('list', { name: 'Why this movie' });
  await expect(why).toContainText('keyword: toy comes to life');
  await expect(why).toContainText('genre: Animation');
  await expect(why).toContainText('1990s (mid 1990s)');
  await expect(page.getByText(/movies? match your description, best first/)).toBeVisible();
  expect(describeRequests.length).toBe(1);

  // Rateable with the keyboard in place, and the title opens the movie page.
  await rateWithKeyboard(page, ANCHOR.title, 4);
  await first.getByRole('link', { name: ANCHOR.title }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#movie-heading')).toHaveText(ANCHOR.title);

  // Under the service worker, describe.bin is cached on first use (not precached), then the section works offline.
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await describeQuery(page, `${DESCRIPTION} again`);
  await expect
    .poll(() =>
      page.evaluate(async () => {
        for (const name of await caches.keys())
          for (const request of await (await caches.open(name)).keys())
            if (request.url.includes('/data/describe.bin') && !name.includes('precache')) return true;
        return false;
      }),
    )
    .toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByLabel('Search movies').or(page.locator('#movie-heading'))).toBeVisible({ timeout: 30_000 });
  await describeQuery(page, `${DESCRIPTION} offline`);
  await expect(page.getByRole('list', { name: SECTION }).locator('.movie-card').first().getByRole('link', { name: ANCHOR.title })).toBeVisible();
  await context.setOffline(false);
});

test('a 100 KB pasted description answers without hanging the title search', async ({ page }) => {
  await startFresh(page);
  await goHash(page, '#/search');
  const paste = `${DESCRIPTION} `.repeat(1600);
  expect(paste.length).toBeGreaterThan(100_000);
  await page.getByLabel('Search movies').fill(paste);
  await expect(page.getByRole('list', { name: SECTION })).toBeVisible({ timeout: 30_000 });
  // Title search still answers at once afterwards.
  await search(page, ANCHOR.query);
});
