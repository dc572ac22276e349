import { expect, test, type Page, type Worker } from '@playwright/test';
import { ANCHOR, goHash, PLANTED, search, startFresh } from './helpers';

async function engineWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  return page.workers()[0];
}

test('a crashed engine worker is restarted and re-loaded; the next search works', async ({ page }) => {
  await startFresh(page, 'Crash Carla');
  await search(page, ANCHOR.query);
  const worker = await engineWorker(page);
  // An uncaught exception inside the worker reaches the page as the Worker's 'error' event.
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error('Injected worker crash');
    });
  });
  await expect.poll(() => page.workers().some((w) => w !== worker)).toBe(true);
  await search(page, 'baker');
  await expect(page.getByRole('heading', { name: PLANTED[0], exact: true })).toBeVisible();
  await goHash(page, '#/about');
  await expect(page.getByText('Engine restarts').locator('xpath=following-sibling::dd[1]')).toHaveText('1');
});

test('a hung engine worker is detected by the call timeout, restarted, and the search answers after the restart', async ({ page }) => {
  test.setTimeout(90_000);
  await startFresh(page, 'Hang Hugo');
  const worker = await engineWorker(page);
  // Busy-loop the worker's only thread from its next task on (the evaluate itself returns first).
  await worker.evaluate(() => {
    setTimeout(() => {
      for (;;) {
        /* hang */
      }
    });
  });
  await goHash(page, '#/search');
  await page.getByLabel('Search movies').fill('baker');
  await expect(page.getByRole('heading', { name: PLANTED[0], exact: true })).toBeVisible({ timeout: 40_000 });
  await goHash(page, '#/about');
  await expect(page.getByText('Engine restarts').locator('xpath=following-sibling::dd[1]')).toHaveText('1');
});
