// The production build ships no test or benchmark hooks: they live in workers/engine.test-worker.ts, which only the
// benchmark page builds. Reads dist/ (npm run build runs before the browser tests).
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINE_TEST_HOOKS } from '../../src/bridge/engineTestApi';

// The hooks whose names production code does not share (the one list: src/bridge/engineTestApi.ts), and the test entry.
const TEST_ONLY = [
  ...Object.entries(ENGINE_TEST_HOOKS)
    .filter(([, hook]) => hook.uniqueName)
    .map(([name]) => name),
  'runEngineBench',
  'engine.test-worker',
];

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'data' ? [] : jsFiles(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

test('the production JavaScript (app, engine worker, service worker) contains no test or benchmark hooks', () => {
  const files = jsFiles('dist');
  expect(
    files.some((f) => /engine\.worker-[\w-]+\.js$/.test(f)),
    'dist/ holds the engine worker: run npm run build first',
  ).toBe(true);
  const found: string[] = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const marker of TEST_ONLY) if (source.includes(marker)) found.push(`${file}: ${marker}`);
  }
  expect(found).toEqual([]);
});
