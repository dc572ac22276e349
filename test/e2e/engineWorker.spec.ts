// Engine worker faults beyond resilience.spec.ts (which crashes between queries and hangs a search): a crash in the
// middle of a recommend query, and crashes beyond the restart budget → failure panel → Retry.
import { expect, test, type Page, type Worker } from '@playwright/test';
import { ANCHOR, PLANTED, SEQUEL, goHash, rateWithKeyboard, search, startFresh } from './helpers';

async function engineWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  return page.workers()[0];
}

async function restartsShown(page: Page): Promise<string | null> {
  await goHash(page, '#/about');
  return page.getByText('Engine restarts').locator('xpath=following-sibling::dd[1]').textContent();
}

test('a crash while a recommend query is in flight: the call is retried on the restarted worker and the list appears', async ({ page }) => {
  await startFresh(page, 'Mid Query');
  await search(page, ANCHOR.query);
  await rateWithKeyboard(page, SEQUEL.title, 4);
  const worker = await engineWorker(page);
  // Crash on receipt of the next Comlink 'recommend' call: Comlink's handler has already started it, so it is mid-query.
  await worker.evaluate(() => {
    self.addEventListener('message', (event: MessageEvent) => {
      const path = (event.data as { path?: unknown } | null)?.path;
      if (Array.isArray(path) && path.includes('recommend')) throw new Error('Injected crash mid-recommend');
    });
  });
  await page.getByRole('button', { name: `Recommend movies like ${ANCHOR.title}`, exact: true }).click();
  const list = page.getByRole('list', { name: 'Recommendations' });
  await expect(list.getByRole('listitem').first()).toBeVisible({ timeout: 20_000 });
  expect(await list.getByRole('listitem').count()).toBeGreaterThan(3);
  expect(page.workers().some((w) => w !== worker)).toBe(true);
  // The rating made before the crash is still shown, and the view chains on the new worker.
  await goHash(page, '#/ratings');
  await expect(page.getByRole('slider', { name: `Rate ${SEQUEL.title}`, exact: true })).toHaveAttribute('aria-valuenow', '4');
  expect(await restartsShown(page)).toBe('1');
});

test('crashes beyond the restart budget: the failure panel says the engine stopped, ratings stay, Retry recovers', async ({ page }) => {
  await startFresh(page, 'Budget Bo');
  await search(page, 'baker');
  await rateWithKeyboard(page, PLANTED[0], 3.5);
  let crashing = true;
  let crashed = 0;
  const crashSoon = (w: Worker) => {
    if (!crashing) return;
    crashed += 1;
    void w
      .evaluate(() => {
        setTimeout(() => {
          throw new Error('Injected crash on start');
        });
      })
      .catch(() => undefined);
  };
  // Every worker the bridge starts dies at once, until we stop it.
  page.on('worker', crashSoon);
  crashSoon(await engineWorker(page));
  const panel = page.getByRole('alert').filter({ hasText: 'The recommendation engine stopped' });
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await expect(panel).toContainText('Your profiles and ratings are safe');
  expect(crashed).toBeGreaterThanOrEqual(4);
  crashing = false;
  await panel.getByRole('button', { name: 'Retry' }).click();
  await expect(
    page
      .getByLabel('Search movies')
      .or(page.getByRole('heading', { name: 'My ratings' }))
      .or(page.getByRole('heading', { name: 'About CineLocal' })),
  ).toBeVisible({ timeout: 30_000 });
  await search(page, 'baker');
  await expect(page.getByRole('slider', { name: `Rate ${PLANTED[0]}`, exact: true })).toHaveAttribute('aria-valuenow', '3.5');
  // Retry resets the budget.
  expect(await restartsShown(page)).toBe('0');
});
