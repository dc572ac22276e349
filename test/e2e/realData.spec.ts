import { expect, test } from '@playwright/test';
import { HAS_REAL_DATA, REAL_DATA_DIR, REAL_DATA_FILES } from '../helpers/realData';
import { goHash, rateWithKeyboard, screenshot, search, startFresh } from './helpers';

// The Kaggle catalog (TMDB ids): Toy Story is 862 in The Movies Dataset.
const TOY_STORY = { id: 862, title: 'Toy Story', query: 'toy story' };

test.beforeAll(() => {
  if (!HAS_REAL_DATA)
    console.log(`SKIPPED real-data e2e: ${REAL_DATA_FILES.join(', ')} not all found in ${REAL_DATA_DIR} (set CINELOCAL_REAL_DATA to the Kaggle CSV folder)`);
});

test('real Kaggle catalog: search, rate, recommend; About names the Kaggle dataset', async ({ page }) => {
  test.skip(!HAS_REAL_DATA, `real Kaggle CSVs not found in ${REAL_DATA_DIR}`);
  await startFresh(page, 'Kaggle Kim');
  await search(page, TOY_STORY.query);
  await rateWithKeyboard(page, TOY_STORY.title, 4.5);
  await page
    .getByRole('button', { name: `Recommend movies like ${TOY_STORY.title}`, exact: true })
    .first()
    .click();
  await expect(page.getByRole('list', { name: 'Recommendations' }).getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });
  const recommendations = page.getByRole('list', { name: 'Recommendations' });
  await expect(recommendations.getByText(/^shares: /).first()).toBeVisible();
  // The item–item model names its reason, and the sequel people actually watched next leads the list.
  await expect(recommendations.getByText(`people who liked ${TOY_STORY.title} also liked this`).first()).toBeVisible();
  await expect(recommendations.getByRole('heading', { name: 'Toy Story 2', exact: true })).toBeVisible();
  // Personal from the first rating: For you already lists picks with a predicted ★.
  await screenshot(page, 'kaggle-recommend-light');
  await goHash(page, '#/for-you');
  await expect(
    page
      .getByRole('list', { name: 'Your picks' })
      .getByText(/^for you: \d\.\d★$/)
      .first(),
  ).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Predicted from your 1 rating.', { exact: false })).toBeVisible();
  await screenshot(page, 'kaggle-for-you-light');
  await goHash(page, '#/about');
  await expect(page.getByTestId('dataset-kind')).toContainText('Kaggle');
  await expect(page.getByText('45,', { exact: false }).first()).toBeVisible();
  await screenshot(page, 'kaggle-about-light');
});
