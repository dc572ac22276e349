// "Your taste" (issue 22 item 2): six charts drawn with the lazily loaded Plot chunk, each with its text alternative,
// offline after the first visit, redrawn in the dark theme's colours, and exported as SVG and PNG.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ANCHOR, PLANTED, SEQUEL, goHash, rateTitles, setTheme, startFresh } from './helpers';

const CHARTS = [
  'How you rate',
  'You and the crowd, by genre',
  'When your movies were made',
  'Your ratings over time',
  'Your directors and actors',
  'Where your taste sits',
];

async function expectCharts(page: Page): Promise<void> {
  for (const title of CHARTS) {
    const figure = page.getByRole('figure', { name: title });
    const chart = figure.getByRole('img', { name: title });
    await expect(chart).toBeVisible({ timeout: 30_000 });
    // The text alternative is the chart's description.
    const describedBy = await chart.getAttribute('aria-describedby');
    await expect(page.locator(`[id="${describedBy}"]`)).not.toBeEmpty();
  }
}

test('Your taste: charts with text alternatives, offline, dark, exported as SVG and PNG', async ({ page, context }) => {
  test.setTimeout(180_000);
  // The chart code (Observable Plot) is its own chunk, asked for by the page only once Your taste is opened.
  const chartChunks: string[] = [];
  page.on('request', (request) => {
    if (/\/assets\/charts-[\w-]+\.js$/.test(new URL(request.url()).pathname)) chartChunks.push(request.url());
  });
  await startFresh(page, 'Taster');
  await rateTitles(page, [
    [ANCHOR.title, ANCHOR.query, 5],
    [SEQUEL.title, 'clockmaker garden 2', 4.5],
    [PLANTED[0], 'baker', 2],
    [PLANTED[2], 'søren', 1],
    [PLANTED[3], 'perfect heist', 4],
  ]);
  expect(chartChunks, 'the chart chunk before Your taste was opened').toEqual([]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Your taste' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your taste' })).toBeVisible();
  await expectCharts(page);
  expect(chartChunks.length, 'the chart chunk once Your taste is open').toBeGreaterThan(0);
  await expect(page.getByRole('figure', { name: 'How you rate' })).toContainText('5 ratings, 3.3★ on average');
  await expect(page.getByRole('figure', { name: 'Your ratings over time' })).toContainText('All 5 ratings in');
  // Both Clockmaker films: one director and one lead actor behind two rated movies (5★ and 4.5★).
  const people = page.getByRole('figure', { name: 'Your directors and actors' });
  await expect(people).toContainText('Hedda Lindqvist (director, 2 movies, 4.8★ on average)');
  await expect(people.locator('svg [data-mark="bar"] rect')).not.toHaveCount(0);
  // The map: the catalog's best-known movies and the five rated ones, with what sits near the liked ones.
  const map = page.getByRole('figure', { name: 'Where your taste sits' });
  await expect(map).toContainText(/5 of your movies among [\d,]+ well-known movies.*cluster near /);
  await expect(map.locator('svg [data-mark="dot"]').nth(1).locator('circle')).toHaveCount(5);
  // One bar per half star from 0.5 to 5 (zeros included).
  await expect(page.getByRole('figure', { name: 'How you rate' }).locator('svg [data-mark="bar"] rect')).toHaveCount(10);

  // Dark: redrawn with the dark theme's accent.
  const barFill = () => page.getByRole('figure', { name: 'How you rate' }).locator('svg [data-mark="bar"]').getAttribute('fill');
  const lightFill = await barFill();
  await setTheme(page, 'dark');
  const darkAccent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent-strong').trim());
  await expect.poll(barFill).toBe(darkAccent);
  expect(darkAccent).not.toBe(lightFill);

  // Export: a standalone SVG document and a real PNG.
  const figure = page.getByRole('figure', { name: 'How you rate' });
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'Download SVG of “How you rate”' }).click()]);
  expect(svgDownload.suggestedFilename()).toBe('cinelocal-taste-distribution.svg');
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect(svg).toContain(darkAccent);
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'Download PNG of “How you rate”' }).click()]);
  expect(pngDownload.suggestedFilename()).toBe('cinelocal-taste-distribution.png');
  const png = readFileSync(await pngDownload.path());
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.readUInt32BE(16)).toBeGreaterThan(400);

  // Offline after the first visit: the page and its chart chunk come from the service worker's precache.
  await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await goHash(page, '#/taste');
  await expectCharts(page);
  await context.setOffline(false);
});
