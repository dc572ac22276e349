import { expect, test } from '@playwright/test';
import { appendFileSync, cpSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startFresh } from './helpers';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/** A no-cache static server over a private copy of dist/, so the test can ship a "new version" by editing sw.js. */
function serve(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = path.join(root, pathname);
    if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) file = path.join(root, 'index.html');
    response.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

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
