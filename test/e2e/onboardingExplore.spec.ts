import { expect, test } from '@playwright/test';
import { ANCHOR, SEQUEL, createProfile, goHash, rateWithKeyboard, startFresh } from './helpers';

test('a new profile lands on the welcome page, rates its way in with the keyboard, skips, resumes, and gets recommendations', async ({ page }) => {
  await page.goto('./');
  await createProfile(page, 'Newcomer Nia');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rate your way in', { timeout: 30_000 });
  expect(new URL(page.url()).hash).toBe('#/welcome');
  await expect(page.getByText('Show posters (loaded from TMDB)')).toBeVisible();
  const grid = page.getByRole('list', { name: 'Movies to rate, page 1' });
  await expect(grid.getByRole('listitem')).toHaveCount(12);
  const titles = await grid.getByRole('heading', { level: 2 }).allTextContents();
  expect(new Set(titles).size).toBe(12);
  await expect(page.getByRole('progressbar', { name: '0 rated · 10 is a good start' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Show me recommendations' })).toHaveCount(0);
  await expect(page.getByText('Rate 2 more to see recommendations.')).toBeVisible();

  // For you, still empty, leads back here.
  await goHash(page, '#/for-you');
  await page.getByRole('link', { name: 'Rate a few movies to get started' }).click();
  await expect(grid.getByRole('listitem')).toHaveCount(12);

  await rateWithKeyboard(page, titles[0], 4.5);
  await expect(page.getByText('Rate 1 more to see recommendations.')).toBeVisible();
  await rateWithKeyboard(page, titles[1], 2);
  await expect(page.getByRole('button', { name: 'Show me recommendations' })).toBeVisible();
  await page.getByRole('button', { name: `Haven't seen ${titles[2]}`, exact: true }).press('Enter');
  await expect(grid.getByRole('heading', { name: titles[2], exact: true })).toHaveCount(0);
  await rateWithKeyboard(page, titles[3], 4);
  await expect(page.getByRole('progressbar', { name: '3 rated · 10 is a good start' })).toBeVisible();
  // Rated movies stay on the open page with their stars.
  await expect(grid.getByRole('slider', { name: `Rate ${titles[0]}`, exact: true })).toHaveAttribute('aria-valuenow', '4.5');

  // Leave and come back (navigation, then a reload): the same page, without the movies already answered.
  await goHash(page, '#/search');
  await expect(page.getByLabel('Search movies')).toBeVisible();
  await goHash(page, '#/welcome');
  const resumed = async () => {
    await expect(grid.getByRole('listitem')).toHaveCount(12);
    const shown = await grid.getByRole('heading', { level: 2 }).allTextContents();
    for (const answered of [titles[0], titles[1], titles[2], titles[3]]) expect(shown).not.toContain(answered);
    expect(shown.slice(0, 8)).toEqual(titles.slice(4));
  };
  await resumed();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rate your way in', { timeout: 30_000 });
  await resumed();

  // More movies: the next page asks new movies, and a reload stays there.
  await page.getByRole('button', { name: 'More movies' }).click();
  const second = page.getByRole('list', { name: 'Movies to rate, page 2' });
  await expect(second.getByRole('listitem')).toHaveCount(12);
  const secondTitles = await second.getByRole('heading', { level: 2 }).allTextContents();
  for (const title of secondTitles) expect(titles).not.toContain(title);
  await page.reload();
  await expect(second.getByRole('listitem')).toHaveCount(12, { timeout: 30_000 });
  expect(await second.getByRole('heading', { level: 2 }).allTextContents()).toEqual(secondTitles);

  await page.getByRole('button', { name: 'Show me recommendations' }).click();
  expect(new URL(page.url()).hash).toBe('#/for-you');
  const picks = page.getByRole('list', { name: 'Your picks' });
  await expect(picks.getByRole('listitem').first()).toBeVisible({ timeout: 20_000 });
  await expect(picks.getByRole('listitem').first()).toContainText(/for you: \d\.\d★/);
  for (const title of [titles[0], titles[1], titles[3]]) await expect(picks.getByRole('heading', { name: title, exact: true })).toHaveCount(0);
  // With ratings, the bare start is Search again.
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Find a movie', { timeout: 30_000 });
});

test('explore: a director found with the keyboard typeahead shows their films; sorting and hiding change the list', async ({ page }) => {
  await startFresh(page, 'Explorer Eve');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Explore' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Explore');
  await expect(page.locator('.result-count')).toContainText(/Showing 30 of [\d,]+ movies/);

  const box = page.getByRole('combobox', { name: 'Director or actor' });
  await box.focus();
  await page.keyboard.type('hedda l');
  const option = page.getByRole('option', { name: /Hedda Lindqvist/ });
  await expect(option).toBeVisible();
  await expect(option).toContainText('director · 2 movies');
  await box.press('ArrowDown');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await box.press('Enter');
  await expect(page.getByText(/Films with Hedda Lindqvist/)).toBeVisible();
  expect(decodeURIComponent(new URL(page.url()).hash)).toContain('person=Hedda+Lindqvist');

  const movies = page.getByRole('list', { name: 'Movies' });
  const headings = () => movies.getByRole('heading', { level: 3 }).allTextContents();
  // Without ratings "predicted ★" falls back to the vote-weighted TMDB rating, and says so.
  await expect(page.getByText(/Rate a movie to sort by your predicted ★/)).toBeVisible();
  await expect(movies.getByRole('heading', { level: 3 })).toHaveCount(2);
  expect(await headings()).toEqual([ANCHOR.title, SEQUEL.title]);
  await page.getByLabel('Sort by').selectOption('year');
  await expect(movies.getByRole('heading', { level: 3 }).first()).toHaveText(SEQUEL.title);
  expect(await headings()).toEqual([SEQUEL.title, ANCHOR.title]);

  // A movie rated here stays (also once the rating fits a vector) until the filters change; "Hide rated" (on by
  // default) then leaves it out, and the filters live in the address, so Back restores them.
  await rateWithKeyboard(page, SEQUEL.title, 4);
  await expect(movies.getByRole('heading', { level: 3 })).toHaveCount(2);
  await page.getByLabel('Sort by').selectOption('rating');
  await expect(movies.getByRole('heading', { level: 3 })).toHaveCount(1);
  await expect(movies.getByRole('heading', { name: SEQUEL.title, exact: true })).toHaveCount(0);
  // The address drives the checkbox; it must show the new state at once, not snap back until the hashchange arrives.
  const checkedRightAfterClick = await page.getByRole('checkbox', { name: 'Hide rated' }).evaluate((input: HTMLInputElement) => {
    input.click();
    return input.checked;
  });
  expect(checkedRightAfterClick).toBe(false);
  await expect(page.getByRole('checkbox', { name: 'Hide rated' })).not.toBeChecked();
  await expect(movies.getByRole('heading', { level: 3 })).toHaveCount(2);
  await page.goBack();
  await expect(page.getByRole('checkbox', { name: 'Hide rated' })).toBeChecked();
  await expect(movies.getByRole('heading', { level: 3 })).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear the person filter' }).click();
  await expect(page.locator('.result-count')).toContainText(/Showing 30 of [\d,]+ movies/);
});
