// Lighthouse-style PWA checks with Chromium's own verdicts: installable manifest (CDP Page.getInstallabilityErrors),
// a controlling service worker, and no console errors or uncaught exceptions through a whole session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { ANCHOR, goHash, rateWithKeyboard, search, startFresh } from './helpers';

test('the manifest is installable by Chromium and its icons are real PNGs of the declared sizes', async ({ baseURL, launchOptions, request }) => {
  // Installability is judged only outside incognito, so this test uses a real (persistent, throw-away) profile.
  const profileDir = mkdtempSync(join(tmpdir(), 'cinelocal-pwa-'));
  const context = await chromium.launchPersistentContext(profileDir, { ...launchOptions, baseURL });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await installabilityChecks(page, context, request);
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
});

async function installabilityChecks(page: Page, context: BrowserContext, request: APIRequestContext): Promise<void> {
  await startFresh(page, 'Installer Ida');
  await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const cdp = await context.newCDPSession(page);
  const { url, errors, data } = await cdp.send('Page.getAppManifest');
  expect(url).toMatch(/manifest\.webmanifest$/);
  expect(errors).toEqual([]);
  const manifest = JSON.parse(data!);
  expect(manifest).toMatchObject({ name: 'CineLocal', display: 'standalone' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);
  for (const icon of manifest.icons.filter((i: { type: string }) => i.type === 'image/png')) {
    const response = await request.get(new URL(icon.src, url).href);
    expect(response.ok()).toBe(true);
    const png = await response.body();
    // PNG signature, then the IHDR width/height (big-endian) must match "sizes".
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const [width, height] = icon.sizes.split('x').map(Number);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([width, height]);
  }
}

test('a whole session logs no console errors and throws no uncaught exceptions', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  await startFresh(page, 'Quiet Quinn');
  await search(page, ANCHOR.query);
  await rateWithKeyboard(page, ANCHOR.title, 4.5);
  await page.getByRole('button', { name: `Recommend movies like ${ANCHOR.title}`, exact: true }).click();
  await expect(page.getByRole('list', { name: 'Recommendations' }).getByRole('listitem').first()).toBeVisible();
  for (const hash of ['#/for-you', '#/ratings', '#/about', '#/search']) {
    await goHash(page, hash);
    await page.waitForTimeout(300);
  }
  await page.reload();
  await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
  expect(problems).toEqual([]);
});
