import { expect, test } from '@playwright/test';
import { appendFileSync, cpSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, startFresh } from './helpers';

test('a new version is offered as "New version available — Reload", not swapped in silently', async ({ page }) => {
  const root = test.info().outputPath('site');
  cpSync('dist', root, { recursive: true });
  const server = await serve(root);
  try {
    const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await startFresh(page, 'Update Una', site);
    await page.evaluate(async () => navigator.serviceWorker.ready);
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await expect(page.getByText('New version available')).toHaveCount(0);

    appendFileSync(path.join(root, 'sw.js'), `\n// next version ${Date.now()}\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const offer = page.getByRole('status').filter({ hasText: 'New version available' });
    await expect(offer).toBeVisible({ timeout: 20_000 });
    // Waiting, not active: the page keeps running the old version until the person chooses.
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true);
    await offer.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('New version available')).toHaveCount(0);
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(false);
  } finally {
    server.close();
  }
});
