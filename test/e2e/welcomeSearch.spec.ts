// The welcome page's "Search movies" box answers as you type, like the Search view (issue 22): the hits show on the
// welcome page itself, rateable there (the progress counts them); a link and Enter open every result in Search.
import { expect, test } from '@playwright/test';
import { ANCHOR, SEQUEL, createProfile, goHash, rateWithKeyboard } from './helpers';

test('the welcome search answers as you type, its hits are rated in place, and all results open in Search', async ({ page }) => {
  await page.goto('./');
  await createProfile(page, 'Welcomed');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rate your way in', { timeout: 30_000 });
  await expect(page.getByRole('list', { name: 'Movies to rate, page 1' }).getByRole('listitem')).toHaveCount(12);

  const box = page.getByRole('search').getByLabel('Search movies');
  await box.pressSequentially(ANCHOR.query, { delay: 20 });
  // No Enter: the list is there, on the welcome page (at most 5 hits), with the count announced.
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('heading', { name: ANCHOR.title, exact: true })).toBeVisible();
  await expect(page.getByText(/^5 results for “clockmaker”$/)).toBeVisible();
  await expect(results.locator(':scope > li')).toHaveCount(5);
  expect(new URL(page.url()).hash).toBe('#/welcome');
  await expect(page.getByRole('list', { name: 'Movies to rate, page 1' })).toBeVisible();

  await rateWithKeyboard(page, ANCHOR.title, 4.5);
  await expect(page.getByRole('progressbar', { name: '1 rated · 10 is a good start' })).toBeVisible();

  // Editing the query answers again; clearing it empties the list.
  await box.press('End');
  await box.pressSequentially(' garden 2', { delay: 20 });
  await expect(results.getByRole('heading', { name: SEQUEL.title, exact: true })).toBeVisible();
  await expect(page.getByText(/results? for “clockmaker garden 2”$/)).toBeVisible();
  await box.fill('');
  await expect(results).toHaveCount(0);

  // Every result: the link, or Enter in the box, opens the Search view with the query.
  await box.fill(ANCHOR.query);
  await page.getByRole('link', { name: `All results for “${ANCHOR.query}” in Search` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Find a movie');
  await expect(page.getByLabel('Search movies')).toHaveValue(ANCHOR.query);
  await expect(page.getByText(/^\d+ results for “clockmaker”$/)).toBeVisible();
  expect(await page.getByRole('list', { name: 'Search results' }).locator(':scope > li').count()).toBeGreaterThan(5);

  await goHash(page, '#/welcome');
  await page.getByRole('search').getByLabel('Search movies').fill(SEQUEL.title);
  await page.getByRole('search').getByLabel('Search movies').press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Find a movie');
  await expect(page.getByLabel('Search movies')).toHaveValue(SEQUEL.title);
});
