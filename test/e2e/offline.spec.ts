import { expect, test } from '@playwright/test';
import { ANCHOR, SEQUEL, goHash, rateWithKeyboard, search, startFresh } from './helpers';

test('after the first visit everything works offline: reload, search, rate, recommend, ratings kept', async ({ page, context }) => {
  await startFresh(page, 'Offline Olga');
  await search(page, ANCHOR.query);
  await rateWithKeyboard(page, ANCHOR.title, 5);
  // The service worker precaches the app shell and the data shards on install; ready = installed and activated.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(new URL('./', page.url()).href);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
  // Prove the network is really gone: a request the service worker has not cached fails.
  expect(
    await page.evaluate(() =>
      fetch(`./not-cached-${Date.now()}.txt`).then(
        () => 'online',
        () => 'offline',
      ),
    ),
  ).toBe('offline');
  await search(page, ANCHOR.query);
  await expect(page.getByRole('slider', { name: `Rate ${ANCHOR.title}`, exact: true })).toHaveAttribute('aria-valuenow', '5');
  await rateWithKeyboard(page, SEQUEL.title, 3.5);
  await page.getByRole('button', { name: `Recommend movies like ${ANCHOR.title}`, exact: true }).click();
  await expect(page.getByRole('list', { name: 'Recommendations' }).getByRole('listitem').first()).toBeVisible();
  await goHash(page, '#/about');
  await expect(page.getByTestId('dataset-kind')).toBeVisible();

  // A fresh tab while offline starts from the cache too.
  const second = await context.newPage();
  await second.goto(page.url().replace(/#.*$/, '#/ratings'));
  await expect(second.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(2, { timeout: 30_000 });
  await context.setOffline(false);
});
