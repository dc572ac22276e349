import { expect, test } from '@playwright/test';
import { SUBPATH_BASE, SUBPATH_PORT } from '../../playwright.config';
import { ANCHOR, rateWithKeyboard, search, startFresh } from './helpers';

const SITE = `http://localhost:${SUBPATH_PORT}${SUBPATH_BASE}`;

test('the BASE_PATH build works under a sub-path: assets, shards, service worker scope', async ({ page }) => {
  const failures: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => failures.push(`failed ${request.url()}`));
  await startFresh(page, 'Sub Path', SITE);
  expect(page.url().startsWith(SITE)).toBe(true);
  await search(page, ANCHOR.query);
  await rateWithKeyboard(page, ANCHOR.title, 4);
  await page.getByRole('button', { name: `Recommend movies like ${ANCHOR.title}`, exact: true }).click();
  await expect(page.getByRole('list', { name: 'Recommendations' }).getByRole('listitem').first()).toBeVisible();
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(SITE);
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).toBe(`${SUBPATH_BASE}manifest.webmanifest`);
  expect(failures).toEqual([]);
});
