import { expect, test } from '@playwright/test';
import { PLANTED, goHash, search, startFresh } from './helpers';

const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">';

test('hostile titles and names are rendered as text; the CSP forbids inline script; no CSP violations while using the app', async ({ page }) => {
  const cspErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
  });
  await startFresh(page, HOSTILE_NAME);
  await expect(page.getByRole('button', { name: `${HOSTILE_NAME}: manage profiles` })).toContainText(HOSTILE_NAME);
  await search(page, 'perfect heist');
  await expect(page.getByRole('heading', { name: PLANTED[3], exact: true })).toHaveText('The "Perfect" Heist');
  await search(page, 'night train');
  await expect(page.getByRole('heading', { name: PLANTED[4], exact: true })).toBeVisible();
  // Anything in the catalog that looks like markup must come out as text too.
  await search(page, '<', true);
  expect(await page.locator('.movie-list img, .movie-list script').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('header img').count()).toBe(0);

  // A hostile file name and hostile cells in an import are reported as text.
  await goHash(page, '#/ratings');
  const hostileFile = '<img src=x onerror="window.__pwned=3">.csv';
  await page.getByLabel('Import ratings (JSON or CSV)').setInputFiles({
    name: hostileFile,
    mimeType: 'text/csv',
    buffer: Buffer.from('userId,movieId,rating,timestamp\nme,<script>window.__pwned=4</script>,4,1\n'),
  });
  const report = page.getByRole('status').filter({ hasText: 'Imported 0 of 1 row' });
  await expect(report).toContainText(hostileFile);
  await expect(report.getByRole('list', { name: 'Skipped rows' })).toContainText('got "<script>window.__pwned=4</script>"');
  expect(await page.locator('main img, main script').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  expect(await page.locator('script:not([src])').count()).toBe(0);
  await goHash(page, '#/about');
  await expect(page.getByTestId('dataset-kind')).toBeVisible();
  expect(cspErrors).toEqual([]);
});

test('a corrupt shard shows which file failed and a Retry button that recovers', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  let corrupt = true;
  await context.route('**/data/catalog.bin', async (route) => {
    if (!corrupt) return route.continue();
    await route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from('this is not a shard at all') });
  });
  const page = await context.newPage();
  await page.goto('./');
  await page.getByLabel('Your name').fill('Retry Rita');
  await page.getByRole('button', { name: 'Start rating' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText('catalog.bin');
  corrupt = false;
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
  await context.close();
});

test('a missing shard (HTTP 404) is reported by name, never a blank page', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/data/model.bin', (route) => route.fulfill({ status: 404, body: 'not found' }));
  const page = await context.newPage();
  await page.goto('./');
  await page.getByLabel('Your name').fill('Missing Max');
  await page.getByRole('button', { name: 'Start rating' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'model.bin' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
  await context.close();
});

test('without IndexedDB (private mode) the app works for the session and says nothing will be kept', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  const page = await context.newPage();
  await startFresh(page, 'Private Pat');
  await expect(page.getByText(/nothing will be kept after you close it/)).toBeVisible();
  await search(page, 'baker');
  const slider = page.getByRole('slider', { name: `Rate ${PLANTED[0]}`, exact: true });
  await slider.focus();
  await slider.press('4');
  await slider.press('Enter');
  await goHash(page, '#/ratings');
  await expect(page.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(1);
  await page.reload();
  await expect(page.getByLabel('Your name')).toBeVisible();
  await context.close();
});
