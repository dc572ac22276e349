// Security beyond safety.spec.ts: hostile profile names through every dialog and export, hostile import files, a
// CSP that is enforced at run time (inline script, third-party fetch/image refused), no request leaving localhost,
// no eval in the built JS, and a 100 MB import refused from File.size without reading it.
import { expect, test, type Page } from '@playwright/test';
import { closeSync, openSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { ANCHOR, goHash, rateWithKeyboard, search, startFresh } from './helpers';

const HOSTILE_NAMES = [
  '<img src=x onerror=window.__pwned=1>',
  '<script>window.__pwned=2</script>',
  '"><svg onload=window.__pwned=3>',
  '{{7*7}} ${7*7} javascript:x',
];

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

/** Elements or attributes that would mean markup from data got parsed. */
async function injectedMarkup(page: Page): Promise<number> {
  return page.locator('body img, body svg, body iframe, body object, body embed, body script, [onerror], [onload]').count();
}

function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  const { hostname } = new URL(url);
  return hostname === 'localhost' || hostname === '127.0.0.1';
}

test('hostile profile names and import files are shown as literal text everywhere; no request leaves localhost; no CSP violations', async ({ browser }) => {
  const context = await browser.newContext({ acceptDownloads: true });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const page = await context.newPage();
  await startFresh(page, HOSTILE_NAMES[0]);
  const header = page.getByRole('button', { name: `${HOSTILE_NAMES[0]}: manage profiles` });
  await expect(header).toContainText(HOSTILE_NAMES[0]);

  // Add, switch, rename: every name goes through the dialog, the gate-less switch and the header.
  await header.click();
  const dialog = page.getByRole('dialog', { name: 'Profiles on this device' });
  await dialog.getByLabel('New profile name').fill(HOSTILE_NAMES[1]);
  await dialog.getByRole('button', { name: 'Add profile' }).click();
  await page.getByRole('button', { name: `${HOSTILE_NAMES[1]}: manage profiles` }).click();
  await expect(dialog.locator('.profile-list').getByText(HOSTILE_NAMES[0], { exact: true })).toBeVisible();
  await dialog.getByLabel(`Rename “${HOSTILE_NAMES[1]}”`).fill(HOSTILE_NAMES[2]);
  await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(dialog.locator('.profile-list').getByText(HOSTILE_NAMES[2], { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: `Delete profile ${HOSTILE_NAMES[2]}` }).click();
  await expect(dialog.getByRole('alertdialog')).toContainText(`Delete “${HOSTILE_NAMES[2]}” and its 0 ratings?`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.getByLabel(`Rename “${HOSTILE_NAMES[2]}”`).fill(HOSTILE_NAMES[3]);
  await dialog.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(dialog.locator('.profile-list').getByText(HOSTILE_NAMES[3], { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close profiles' }).click();
  await expect(page.getByRole('button', { name: `${HOSTILE_NAMES[3]}: manage profiles` })).toContainText('{{7*7}} ${7*7}');

  // Rate, recommend, for-you, about: a whole session.
  await search(page, ANCHOR.query);
  await rateWithKeyboard(page, ANCHOR.title, 4);
  await page.getByRole('button', { name: `Recommend movies like ${ANCHOR.title}`, exact: true }).click();
  await expect(page.getByRole('list', { name: 'Recommendations' }).getByRole('listitem').first()).toBeVisible();
  await goHash(page, '#/for-you');
  await goHash(page, '#/about');
  await expect(page.getByTestId('dataset-kind')).toBeVisible();
  await goHash(page, '#/ratings');
  await expect(page.locator('.view-lede')).toHaveText(`${HOSTILE_NAMES[3]} has rated 1 movie.`);

  // Export: the file name is sanitised, the CSV cell is plain text.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^cinelocal-ratings-[\w-]+-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(readFileSync(await download.path(), 'utf8')).toContain(`${ANCHOR.id},4,`);

  // Import: hostile file name, hostile cells and extra fields.
  const hostileFile = '<svg onload=window.__pwned=6>.json';
  await page.getByLabel('Import ratings (JSON or CSV)').setInputFiles({
    name: hostileFile,
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'cinelocal-ratings',
        version: 1,
        profile: '<img src=x onerror=window.__pwned=7>',
        ratings: [
          // Dated an hour from now, so the one conflict rule (the newer rating wins) takes it over the rating stored here.
          { movieId: ANCHOR.id, rating: 4.5, title: '<img src=x onerror=window.__pwned=8>', timestamp: Math.floor(Date.now() / 1000) + 3600 },
          { movieId: '<img src=x onerror=window.__pwned=9>', rating: 3 },
          { movieId: 1e308, rating: 3 },
        ],
      }),
    ),
  });
  const report = page.getByRole('status').filter({ hasText: 'Imported 1 of 3 rows' });
  await expect(report).toContainText(`“${hostileFile}”`);
  await expect(report.getByRole('list', { name: 'Skipped rows' })).toContainText(
    'Row 2: movieId: must be a number, got "<img src=x onerror=window.__pwned=9>"',
  );
  await expect(report.getByRole('list', { name: 'Skipped rows' })).toContainText('Row 3: movieId: movie id 1e+308 is too large (over 2^53 − 1)');

  expect(await injectedMarkup(page)).toBe(0);
  expect(await pwned(page)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  const offsite = requests.filter((url) => !isLocal(url));
  expect(offsite).toEqual([]);
  test.info().annotations.push({ type: 'requests', description: `${requests.length} requests, all to localhost` });
  await context.close();
});

test('the CSP in the built index.html allows no inline script and no third-party origin, and the browser enforces it', async ({ page }) => {
  const html = readFileSync('dist/index.html', 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  expect(meta, 'dist/index.html has a CSP meta tag').not.toBeNull();
  const directives = new Map(
    meta![1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources]),
  );
  const allowedSources = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", 'blob:', 'data:']);
  for (const [name, sources] of directives) {
    // The one third-party origin: TMDB's image CDN, for posters only (shown only after the person turns them on).
    for (const source of sources)
      expect(allowedSources.has(source) || (name === 'img-src' && source === 'https://image.tmdb.org'), `${name} ${source}`).toBe(true);
  }
  expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https://image.tmdb.org']);
  expect(directives.get('connect-src')).toEqual(["'self'"]);
  expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(directives.get('default-src')).toEqual(["'self'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  expect(directives.get('base-uri')).toEqual(["'self'"]);
  // No inline script bodies, no inline handlers, no absolute URLs in the shell.
  expect([...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attrs, body]) => !/\bsrc=/.test(attrs) || body.trim() !== '')).toEqual([]);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);

  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await startFresh(page, 'Csp Cleo');
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(meta![1]);
  // At run time: an injected inline script does not run, a third-party fetch and image are refused before the network.
  const outcome = await page.evaluate(async () => {
    const w = window as unknown as { __inline?: number };
    const script = document.createElement('script');
    script.textContent = 'window.__inline = 1';
    document.head.append(script);
    const fetched = await fetch('https://example.com/steal').then(
      () => 'fetched',
      () => 'refused',
    );
    const image = await new Promise<string>((resolve) => {
      const img = new Image();
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('refused');
      img.src = 'https://example.com/pixel.png';
    });
    return { inline: w.__inline ?? null, fetched, image };
  });
  expect(outcome).toEqual({ inline: null, fetched: 'refused', image: 'refused' });
  // eval from page code (a later task: Playwright's own evaluate is exempt from the eval check).
  await page.evaluate(() => {
    setTimeout(() => {
      const attempt = (run: () => unknown) => {
        try {
          run();
          return 'ran';
        } catch (error) {
          return (error as Error).name;
        }
      };
      // eslint-disable-next-line no-eval, no-new-func -- the point is that the CSP refuses these
      (window as unknown as { __evalProbe: string[] }).__evalProbe = [attempt(() => (0, eval)('1')), attempt(() => new Function('return 1')())];
    });
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __evalProbe?: string[] }).__evalProbe)).toEqual(['EvalError', 'EvalError']);
  await expect.poll(() => violations.length).toBeGreaterThanOrEqual(4);
  // Known gap (reported, not asserted): a <meta> CSP does not reach the engine worker; it would need an HTTP header.
  const worker = page.workers()[0];
  const workerEval = await worker.evaluate(
    () =>
      new Promise<string>((resolve) =>
        setTimeout(() => {
          try {
            // eslint-disable-next-line no-eval -- probing whether the worker has a CSP
            resolve(`eval ran (${(0, eval)('1 + 1')}): the worker has no CSP`);
          } catch (error) {
            resolve(`eval refused: ${(error as Error).name}`);
          }
        }),
      ),
  );
  test.info().annotations.push({ type: 'worker-csp', description: workerEval });
});

test('no eval, new Function or string timers anywhere in the built JavaScript (app, worker, tfjs, service worker)', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.js')) files.push(full);
    }
  };
  walk('dist');
  expect(files.length).toBeGreaterThan(5);
  const patterns: [string, RegExp][] = [
    ['eval(', /(^|[^\w$.])eval\s*\(/g],
    ['new Function', /\bnew\s+Function\b/g],
    ['Function("…")', /(^|[^\w$.])Function\s*\(\s*["'`]/g],
    ['string timer', /\bset(Timeout|Interval)\s*\(\s*["'`]/g],
  ];
  const hits: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += text.length;
    for (const [name, pattern] of patterns) {
      const count = [...text.matchAll(pattern)].length;
      if (count > 0) hits.push(`${file}: ${count}× ${name}`);
    }
  }
  test.info().annotations.push({
    type: 'eval-scan',
    description: `${files.length} files, ${(bytes / 1048576).toFixed(1)} MB scanned; hits: ${hits.join('; ') || 'none'}`,
  });
  expect(hits).toEqual([]);
});

test('a 100 MB import is refused from its size at once, without reading it; the tab stays responsive and nothing changes', async ({ page }) => {
  const big = test.info().outputPath('huge ratings.csv');
  closeSync(openSync(big, 'w'));
  // Sparse: 100 MB on paper, no disk used.
  truncateSync(big, 100 * 1024 * 1024);
  await page.addInitScript(() => {
    const reads: string[] = [];
    (window as unknown as { __fileReads: string[] }).__fileReads = reads;
    for (const method of ['text', 'arrayBuffer', 'stream', 'bytes'] as const) {
      const original = (Blob.prototype as unknown as Record<string, (...args: unknown[]) => unknown>)[method];
      if (!original) continue;
      (Blob.prototype as unknown as Record<string, unknown>)[method] = function (this: Blob, ...args: unknown[]) {
        reads.push(`${method} ${this.size}`);
        return original.apply(this, args);
      };
    }
    for (const method of ['readAsText', 'readAsArrayBuffer', 'readAsDataURL', 'readAsBinaryString'] as const) {
      const original = FileReader.prototype[method] as (...args: unknown[]) => void;
      (FileReader.prototype as unknown as Record<string, unknown>)[method] = function (this: FileReader, ...args: unknown[]) {
        reads.push(method);
        return original.apply(this, args);
      };
    }
  });
  await startFresh(page, 'Big File');
  await search(page, ANCHOR.query);
  await rateWithKeyboard(page, ANCHOR.title, 2);
  await goHash(page, '#/ratings');
  const started = Date.now();
  await page.getByLabel('Import ratings (JSON or CSV)').setInputFiles(big);
  await expect(page.locator('.import-outcome')).toHaveText(
    'Nothing was imported from “huge ratings.csv”: The file is 100 MB (104,857,600 bytes); the limit is 5 MB (5,242,880 bytes).',
  );
  const refusedMs = Date.now() - started;
  const pingStarted = Date.now();
  await page.evaluate(() => 1);
  const pingMs = Date.now() - pingStarted;
  expect(await page.evaluate(() => (window as unknown as { __fileReads: string[] }).__fileReads)).toEqual([]);
  expect(refusedMs).toBeLessThan(3000);
  expect(pingMs).toBeLessThan(500);
  await page.reload();
  await goHash(page, '#/ratings');
  await expect(page.locator('.view-lede')).toHaveText('Big File has rated 1 movie.');
  test.info().annotations.push({ type: '100MB-import', description: `refused in ${refusedMs} ms, page answered in ${pingMs} ms, 0 reads` });
});
