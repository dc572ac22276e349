// Lighthouse-style PWA checks with Chromium's own verdicts: installable manifest (CDP Page.getInstallabilityErrors),
// a controlling service worker, and no console errors or uncaught exceptions through a whole session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { ANCHOR, goHash, rateWithKeyboard, search, startFresh } from './helpers';

test('the manifest is installable by Chromium; its icons and screenshots are real images of the declared sizes', async ({
  baseURL,
  launchOptions,
  request,
}) => {
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
  // Install dialogs show screenshots (issue 22): phone (narrow) and desktop (wide) ones, each a labelled JPEG of its size.
  const screenshots = manifest.screenshots as { src: string; sizes: string; type: string; form_factor: string; label: string }[];
  expect(new Set(screenshots.map((shot) => shot.form_factor))).toEqual(new Set(['narrow', 'wide']));
  for (const shot of screenshots) {
    expect(shot.label.length).toBeGreaterThan(10);
    expect(shot.type).toBe('image/jpeg');
    const response = await request.get(new URL(shot.src, url).href);
    expect(response.ok(), shot.src).toBe(true);
    const [width, height] = shot.sizes.split('x').map(Number);
    expect(jpegSize(await response.body()), shot.src).toEqual([width, height]);
    // Chromium's richer install UI: a narrow one is portrait, a wide one landscape, neither side over 2.3× the other.
    expect(shot.form_factor === 'narrow' ? height > width : width > height, shot.src).toBe(true);
    expect(Math.max(width, height) / Math.min(width, height)).toBeLessThanOrEqual(2.3);
  }
}

/** [width, height] from a JPEG's start-of-frame segment. */
function jpegSize(jpeg: Buffer): [number, number] {
  expect(jpeg.readUInt16BE(0)).toBe(0xffd8);
  for (let at = 2; at + 9 < jpeg.length;) {
    const marker = jpeg.readUInt16BE(at);
    if (marker >= 0xffc0 && marker <= 0xffcf && ![0xffc4, 0xffc8, 0xffcc].includes(marker)) return [jpeg.readUInt16BE(at + 7), jpeg.readUInt16BE(at + 5)];
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  throw new Error('no JPEG start-of-frame segment');
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
  // Each view rendered (its heading shown) before the next: an error it logs while rendering is caught.
  for (const [hash, heading] of [
    ['#/for-you', 'For you'],
    ['#/ratings', 'My ratings'],
    ['#/about', 'About CineLocal'],
    ['#/search', 'Find a movie'],
  ]) {
    await goHash(page, hash);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }
  await page.reload();
  await expect(page.getByLabel('Search movies')).toBeVisible({ timeout: 30_000 });
  expect(problems).toEqual([]);
});
