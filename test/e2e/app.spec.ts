import { expect, test } from '@playwright/test';
import { ANCHOR, DATASET_KIND, PLANTED, SEQUEL, goHash, rateTitles, rateWithKeyboard, screenshot, search, setTheme, STARTUP_MS, startFresh } from './helpers';

test('create a profile, search, rate, get recommendations, chain, and find the ratings after a reload', async ({ page }) => {
  await startFresh(page, 'Ada');
  await search(page, ANCHOR.query);
  const results = page.getByRole('list', { name: 'Search results' });
  const anchorCard = results.getByRole('listitem').filter({ has: page.getByRole('heading', { name: ANCHOR.title, exact: true }) });
  await expect(anchorCard).toContainText('1995');
  await expect(anchorCard).toContainText('Animation');
  await expect(page.getByText(/results? for “clockmaker”/)).toBeVisible();
  await rateWithKeyboard(page, ANCHOR.title, 4.5);
  await expect(page.getByRole('slider', { name: `Rate ${ANCHOR.title}`, exact: true })).toHaveAttribute('aria-valuetext', '4.5 stars');
  await setTheme(page, 'light');
  await screenshot(page, 'search-light');
  await setTheme(page, 'dark');
  await screenshot(page, 'search-dark');
  await setTheme(page, 'light');

  await page.getByRole('button', { name: `Recommend movies like ${ANCHOR.title}`, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Movies like ${ANCHOR.title}` })).toBeVisible();
  const recommendations = page.getByRole('list', { name: 'Recommendations' });
  await expect(recommendations.getByRole('listitem').first()).toBeVisible();
  // The sequel shares director, lead actor and keywords: it must be recommended with a "shares:" reason.
  const sequelCard = recommendations.getByRole('listitem').filter({ has: page.getByRole('heading', { name: SEQUEL.title, exact: true }) });
  await expect(sequelCard).toBeVisible();
  await expect(sequelCard.getByRole('list', { name: 'Why this movie' })).toContainText('shares:');
  // Personal from the first rating: the list already carries predicted ★ and names what people who liked the seed liked.
  await expect(recommendations.getByText(/^for you: \d\.\d★$/).first()).toBeVisible();
  await rateWithKeyboard(page, SEQUEL.title, 4);
  await screenshot(page, 'recommend-light');
  await setTheme(page, 'dark');
  await screenshot(page, 'recommend-dark');
  await setTheme(page, 'light');

  await sequelCard.getByRole('button', { name: `Recommend movies like ${SEQUEL.title}`, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Movies like ${SEQUEL.title}` })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Recommendations' }).getByRole('listitem').first()).toBeVisible();

  await page.reload();
  await goHash(page, '#/ratings');
  const rated = page.getByRole('list', { name: 'Rated movies' });
  await expect(rated.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('slider', { name: `Rate ${ANCHOR.title}`, exact: true })).toHaveAttribute('aria-valuenow', '4.5');
  await expect(page.getByRole('slider', { name: `Rate ${SEQUEL.title}`, exact: true })).toHaveAttribute('aria-valuenow', '4');

  // Edit with the keyboard, then clear, from My ratings.
  const slider = page.getByRole('slider', { name: `Rate ${SEQUEL.title}`, exact: true });
  await slider.focus();
  await slider.press('ArrowLeft');
  await slider.press('Enter');
  await expect(slider).toHaveAttribute('aria-valuenow', '3.5');
  await page.getByRole('button', { name: `Clear rating for ${SEQUEL.title}`, exact: true }).click();
  await expect(rated.getByRole('listitem')).toHaveCount(1);
  await page.reload();
  await expect(page.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(1);
});

test('For you appears after enough ratings, filters by genre and decade and hides rated movies; About names the dataset', async ({ page }) => {
  await startFresh(page, 'Grace');
  await goHash(page, '#/for-you');
  await expect(page.getByText(/Rate 1 more movie to get personal predictions/)).toBeVisible();
  await rateTitles(page, [
    [ANCHOR.title, ANCHOR.query, 5],
    [SEQUEL.title, 'clockmaker garden 2', 4.5],
    [PLANTED[0], 'baker', 4],
    [PLANTED[2], 'søren', 1],
    [PLANTED[3], 'perfect heist', 2.5],
  ]);
  await goHash(page, '#/for-you');
  const picks = page.getByRole('list', { name: 'Your picks' });
  await expect(picks.getByRole('listitem').first()).toBeVisible({ timeout: 20_000 });
  await expect(picks.getByRole('listitem').first()).toContainText(/for you: \d\.\d★/);
  for (const title of [ANCHOR.title, SEQUEL.title, PLANTED[0]]) await expect(picks.getByRole('heading', { name: title, exact: true })).toHaveCount(0);
  await screenshot(page, 'for-you-light');
  await setTheme(page, 'dark');
  await screenshot(page, 'for-you-dark');
  await setTheme(page, 'light');

  await page.getByLabel('Genre').selectOption('Drama');
  await expect(page.getByText('Predicting…')).toHaveCount(0);
  const metas = await picks.locator('.movie-meta').allTextContents();
  expect(metas.length).toBeGreaterThan(0);
  for (const meta of metas) expect(meta).toContain('Drama');
  await page.getByLabel('Decade').selectOption('1990');
  await expect(page.getByText('Predicting…')).toHaveCount(0);
  for (const meta of await picks.locator('.movie-meta').allTextContents()) expect(meta).toMatch(/^199\d · .*Drama/);

  // Rating a pick hides it from the list.
  await page.getByLabel('Decade').selectOption('');
  await expect(page.getByText('Predicting…')).toHaveCount(0);
  const firstCard = picks.getByRole('listitem').first();
  const firstId = await firstCard.getAttribute('data-movie-id');
  const firstSlider = firstCard.getByRole('slider');
  await firstSlider.focus();
  await firstSlider.press('End');
  await firstSlider.press('Enter');
  await expect(picks.locator(`[data-movie-id="${firstId}"]`)).toHaveCount(0);

  // With a vector, recommendations carry "for you" chips.
  await search(page, ANCHOR.query);
  await page.getByRole('button', { name: `Recommend movies like ${ANCHOR.title}`, exact: true }).click();
  await expect(
    page
      .getByRole('list', { name: 'Recommendations' })
      .getByText(/^for you: \d\.\d★$/)
      .first(),
  ).toBeVisible();

  await goHash(page, '#/about');
  await expect(page.getByTestId('dataset-kind')).toContainText(DATASET_KIND === 'demo' ? 'demo catalog' : 'Kaggle');
  await expect(page.getByTestId('active-backend')).toHaveText(/typed-array|tfjs-/);
  await expect(page.getByTestId('storage-used')).toHaveText(/\d+(\.\d+)? (B|KB|MB|GB)/);
  // The vector is refreshed after every rating by default: 5 ratings, then the pick rated from For you.
  await expect(page.getByText('fitted on 6 ratings')).toBeVisible();
  // Refit threshold (settings): with 20, one more rating keeps the vector fitted on 6 ratings. Not 5: each arrow key
  // is saved at once, so on a loaded machine the eight keys of one rating were eight changes and met 5 (issue 21 item 11).
  await page.getByLabel('Refit your taste vector after').selectOption('20');
  await search(page, 'night train');
  await rateWithKeyboard(page, PLANTED[4], 3);
  await goHash(page, '#/about');
  await expect(page.getByText('fitted on 6 ratings')).toBeVisible();
  await screenshot(page, 'about-light');
  await setTheme(page, 'dark');
  await screenshot(page, 'about-dark');
  await setTheme(page, 'light');
  await goHash(page, '#/ratings');
  await expect(page.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(7);
  await screenshot(page, 'my-ratings-light');
  await setTheme(page, 'dark');
  await screenshot(page, 'my-ratings-dark');
});

test('profiles: the name is remembered; add, switch, rename and delete with confirmation', async ({ page }) => {
  await page.goto('./');
  await screenshot(page, 'profile-gate-light');
  await startFresh(page, 'Ada');
  await search(page, ANCHOR.query);
  await rateWithKeyboard(page, ANCHOR.title, 3);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Ada: manage profiles' })).toBeVisible({ timeout: STARTUP_MS });
  await expect(page.getByLabel('Your name')).toHaveCount(0);

  await page.getByRole('button', { name: 'Ada: manage profiles' }).click();
  const dialog = page.getByRole('dialog', { name: 'Profiles on this device' });
  await dialog.getByLabel('New profile name').fill('ada');
  await dialog.getByRole('button', { name: 'Add profile' }).click();
  await expect(dialog.getByRole('alert')).toContainText('already a profile');
  await dialog.getByLabel('New profile name').fill('Bob');
  await dialog.getByRole('button', { name: 'Add profile' }).click();
  await expect(page.getByRole('button', { name: 'Bob: manage profiles' })).toBeVisible();
  await goHash(page, '#/ratings');
  await expect(page.getByText('You have not rated anything yet.')).toBeVisible();

  await page.getByRole('button', { name: 'Bob: manage profiles' }).click();
  await page.getByRole('button', { name: 'Switch to Ada' }).click();
  await expect(page.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(1);

  await page.getByRole('button', { name: 'Ada: manage profiles' }).click();
  await dialog.getByLabel('Rename “Ada”').fill('Ada Lovelace');
  await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Ada Lovelace: manage profiles' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Switch to Bob' }).click();

  await page.getByRole('button', { name: 'Bob: manage profiles' }).click();
  await dialog.getByRole('button', { name: 'Delete profile Bob' }).click();
  await expect(dialog.getByText(/Delete “Bob” and its 0 ratings\? This cannot be undone/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Bob: manage profiles' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete profile Bob' }).click();
  await dialog.getByRole('button', { name: 'Yes, delete Bob' }).click();
  // The deleted profile was active: the app asks who is watching and offers the remaining one.
  await page.getByRole('button', { name: 'Ada Lovelace' }).click();
  await goHash(page, '#/ratings');
  await expect(page.getByRole('list', { name: 'Rated movies' }).getByRole('listitem')).toHaveCount(1);
});
