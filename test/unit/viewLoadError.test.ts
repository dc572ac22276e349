// What a lazily loaded view says when its chunk cannot be loaded or it throws (src/app/shared/viewLoadError.ts).
import { describe, expect, it } from 'vitest';
import { chunkFileOf, loadViewChunk, ViewChunkError, viewLoadErrorText } from '../../src/app/shared/viewLoadError';

describe('view load errors', () => {
  it("names the chunk file from each browser's failed-import message", () => {
    expect(chunkFileOf(new TypeError('Failed to fetch dynamically imported module: https://x.example/assets/ImportView-BWa6LnJx.js'))).toBe(
      'ImportView-BWa6LnJx.js',
    );
    expect(chunkFileOf(new TypeError('error loading dynamically imported module: http://localhost:4173/cinelocal/assets/ExploreView-Cog_Ci-w.js?v=2'))).toBe(
      'ExploreView-Cog_Ci-w.js',
    );
    expect(chunkFileOf(new Error('Unable to preload CSS for /assets/ExploreView-x1.css'))).toBe('ExploreView-x1.css');
    expect(chunkFileOf(new TypeError('Importing a module script failed.'))).toBeNull();
    expect(chunkFileOf(undefined)).toBeNull();
  });

  it('a chunk failure says which page, which file, why it may happen and that the rest works', async () => {
    const load = loadViewChunk('import page', () =>
      Promise.reject(new TypeError('Failed to fetch dynamically imported module: https://x.example/assets/ImportView-BWa6LnJx.js')),
    );
    const error = await load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ViewChunkError);
    expect(viewLoadErrorText('import page', error)).toBe(
      'The import page could not be loaded: its code (ImportView-BWa6LnJx.js) did not arrive. You may be offline, or CineLocal was updated since this tab opened. Reload to get the current version; the rest of the app still works.',
    );
    const safari = await loadViewChunk('Explore page', () => Promise.reject(new TypeError('Importing a module script failed.')))().catch((e: unknown) => e);
    expect(viewLoadErrorText('Explore page', safari)).toMatch(/^The Explore page could not be loaded: its code did not arrive\./);
  });

  it('passes a loaded module through and tells a view that throws apart from one that did not load', async () => {
    await expect(loadViewChunk('movie page', () => Promise.resolve(42))()).resolves.toBe(42);
    expect(viewLoadErrorText('movie page', new RangeError('bad row'))).toBe(
      'The movie page stopped with an error (bad row). Reload to try again; the rest of the app still works.',
    );
    expect(viewLoadErrorText('movie page', 'x'.repeat(1000)).length).toBeLessThan(400);
    expect(viewLoadErrorText('movie page', null)).toContain('(an unknown error)');
  });
});
