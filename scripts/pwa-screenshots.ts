// Makes the PWA manifest's screenshots (src/app/pwa/manifestScreenshots.ts) into public/screenshots/ from the built
// site on the synthetic demo catalog: a profile rates a few movies, then each view is shot at its form factor.
// Usage: npm run build-data -- --demo --out public/data && npm run build && npx tsx scripts/pwa-screenshots.ts && npm run build
// (the second build copies the new images into dist/).
// Refuses a build of the real catalog: only the synthetic demo titles may be committed.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { preview } from 'vite';
import { SCREENSHOT_SHOTS, type ScreenshotShot } from '../src/app/pwa/manifestScreenshots';
import { DEMO_ANCHOR_MOVIE, DEMO_ANCHOR_SEQUEL } from '../src/pipeline/demo/spec';
import { CHROMIUM_ARGS } from './lib/browserBench';

const DIST = resolve('dist');
const OUT = resolve('public');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function assertDemoBuild(): void {
  const file = join(DIST, 'data', 'manifest.json');
  let kind: unknown;
  try {
    kind = (JSON.parse(readFileSync(file, 'utf8')) as { dataset?: { kind?: unknown } }).dataset?.kind;
  } catch (error) {
    throw new Error(`${file}: cannot read the built catalog's manifest (run npm run build-data -- --demo --out public/data, then npm run build)`, {
      cause: error,
    });
  }
  if (kind !== 'demo')
    throw new Error(`${file}: dataset.kind is ${JSON.stringify(kind)}, not "demo"; screenshots are made from the synthetic demo catalog only`);
}

/** Keyboard rating, as a person would: Home, a half star per ArrowRight, Enter. */
async function rate(page: Page, title: string, stars: number): Promise<void> {
  const slider = page.getByRole('slider', { name: `Rate ${title}`, exact: true }).first();
  await slider.focus();
  await slider.press('Home');
  for (let i = 0; i < stars * 2; i++) await slider.press('ArrowRight');
  await slider.press('Enter');
  await page
    .getByRole('button', { name: `Clear rating for ${title}`, exact: true })
    .first()
    .waitFor();
}

/** A new profile that rated three welcome movies and the demo's anchor pair (For you and "like this" have content). */
async function prepareProfile(page: Page, base: string): Promise<void> {
  await page.goto(base);
  await page.getByLabel('Your name').fill('Sam');
  await page.getByRole('button', { name: 'Start rating' }).click();
  const grid = page.getByRole('list', { name: 'Movies to rate, page 1' });
  await grid.getByRole('listitem').first().waitFor({ timeout: 60_000 });
  const titles = await grid.getByRole('heading', { level: 2 }).allTextContents();
  for (const [i, stars] of [4.5, 3, 4].entries()) await rate(page, titles[i], stars);
  for (const [movie, stars] of [
    [DEMO_ANCHOR_MOVIE, 5],
    [DEMO_ANCHOR_SEQUEL, 4],
  ] as const) {
    await page.evaluate((id) => (window.location.hash = `#/movie/${id}`), movie.id);
    await page.getByRole('heading', { level: 1, name: movie.title, exact: true }).waitFor({ timeout: 30_000 });
    await rate(page, movie.title, stars);
  }
}

async function take(page: Page, shot: ScreenshotShot): Promise<void> {
  await page.evaluate((hash) => (window.location.hash = hash), shot.route);
  await page.locator('main ul[aria-label] > li').first().waitFor({ timeout: 60_000 });
  await page.getByText(/Predicting…|Picking movies…|Searching…/).waitFor({ state: 'detached' });
  // Debian's Chromium may have no CJK font: a title drawn as empty boxes must not end up in the manifest.
  const unrenderable = await page.evaluate(() =>
    [...document.querySelectorAll('main h1, main h2, main h3')]
      .filter((heading) => heading.getBoundingClientRect().top < window.innerHeight)
      .map((heading) => heading.textContent ?? '')
      .filter((text) => /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]/.test(text)),
  );
  if (unrenderable.length > 0) throw new Error(`${shot.src}: ${unrenderable.join(', ')} in view; shoot another view (or install fonts-noto-cjk)`);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    document.querySelectorAll<HTMLElement>('.toasts').forEach((toasts) => (toasts.style.visibility = 'hidden'));
  });
  await page.mouse.move(0, 0);
  const file = join(OUT, shot.src);
  await page.screenshot({ path: file, type: 'jpeg', quality: 82, animations: 'disabled', caret: 'hide' });
  console.log(`${shot.src} ${shot.sizes} (${shot.form_factor})`);
}

async function main(): Promise<void> {
  assertDemoBuild();
  mkdirSync(join(OUT, 'screenshots'), { recursive: true });
  const server = await preview({ logLevel: 'error', preview: { port: 0, host: '127.0.0.1' } });
  const address = server.httpServer.address();
  if (!address || typeof address !== 'object') throw new Error('vite preview did not start');
  const base = `http://127.0.0.1:${address.port}/`;
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const devices = new Map<string, ScreenshotShot[]>();
    for (const shot of SCREENSHOT_SHOTS) devices.set(shot.form_factor, [...(devices.get(shot.form_factor) ?? []), shot]);
    for (const shots of devices.values()) {
      const { viewport, scale, form_factor } = shots[0];
      const context = await browser.newContext({
        viewport,
        deviceScaleFactor: scale,
        isMobile: form_factor === 'narrow',
        hasTouch: form_factor === 'narrow',
        colorScheme: 'light',
        serviceWorkers: 'block',
      });
      const page = await context.newPage();
      await prepareProfile(page, base);
      for (const shot of shots) await take(page, shot);
      await context.close();
    }
  } finally {
    await browser?.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
