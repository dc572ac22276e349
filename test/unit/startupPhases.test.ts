// Start-up by phase (issue 21 item 4): Engine.load reports where its time went, each shard is checked as it arrives
// (a corrupt one is still refused by name), and a manifest of the wrong version is refused before any shard is fetched.
import { describe, expect, it } from 'vitest';
import { Engine, type ShardFetcher } from '../../src/engine/engine';
import { PhaseTimes } from '../../src/engine/phases';
import { tinyDataset, tinyShards } from '../helpers/tinyDataset';

async function tinyFetcher(alter: (name: string, bytes: Uint8Array) => Uint8Array = (_, b) => b, manifestPatch: object = {}) {
  const { shards, manifest } = tinyShards(await tinyDataset());
  const fetched: string[] = [];
  const fetcher: ShardFetcher = async (name) => {
    fetched.push(name);
    if (name === 'manifest.json') return new TextEncoder().encode(JSON.stringify({ ...manifest, ...manifestPatch }));
    return alter(name, shards[name]);
  };
  return { fetcher, fetched };
}

describe('start-up phases', () => {
  it('Engine.load fills every phase, with the overlapped check-and-read of each shard beside the download', async () => {
    const { fetcher } = await tinyFetcher();
    const phases = new PhaseTimes();
    const engine = await Engine.load(fetcher, undefined, phases);
    expect(engine.search('toy', 5).length).toBeGreaterThan(0);
    expect(Object.keys(phases.ms).sort()).toEqual(
      ['decodeCatalog', 'decodeKeywords', 'decodeModels', 'fetch', 'fetch.checkAndRead', 'fetchModels', 'manifest', 'recommender'].sort(),
    );
    for (const ms of Object.values(phases.rounded())) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('a shard whose bytes fail the checksum is refused by its name while the others load', async () => {
    const { fetcher } = await tinyFetcher((name, bytes) => {
      if (name !== 'keywords.bin') return bytes;
      const copy = bytes.slice();
      copy[copy.length - 1] ^= 0xff;
      return copy;
    });
    await expect(Engine.load(fetcher)).rejects.toMatchObject({ file: 'keywords.bin', kind: 'checksum' });
  });

  it('a manifest of another format version is refused before any shard is downloaded', async () => {
    const { fetcher, fetched } = await tinyFetcher(undefined, { formatVersion: 1 });
    await expect(Engine.load(fetcher)).rejects.toMatchObject({ file: 'manifest.json', kind: 'version' });
    expect(fetched).toEqual(['manifest.json']);
  });

  it('a staged load answers search from the catalog alone, and asks for the other shards only once the catalog is in', async () => {
    const { fetcher, fetched } = await tinyFetcher();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holdModels: ShardFetcher = async (name, onBytes, maxBytes) => {
      if (name === 'model.bin') await held;
      return fetcher(name, onBytes, maxBytes);
    };
    const staged = Engine.loadStaged(holdModels);
    const view = await staged.catalog;
    expect(view.search('toy', 5).length).toBeGreaterThan(0);
    expect(view.getMovies([view.catalog.ids[0] as never]).length).toBe(1);
    // The second stage is requested after both catalog files, and the engine waits for the held model.bin.
    const firstModelFile = fetched.findIndex((name) => name === 'keywords.bin' || name === 'model.bin' || name === 'neighbours.bin');
    expect(fetched.indexOf('catalog.bin')).toBeLessThan(firstModelFile);
    expect(fetched.indexOf('genres.bin')).toBeLessThan(firstModelFile);
    let engineDone = false;
    void staged.engine.then(() => (engineDone = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(engineDone).toBe(false);
    release();
    const engine = await staged.engine;
    // The engine keeps the catalog stage's view (and so its title index).
    expect(engine.view).toBe(view);
    expect(engine.search('toy', 5)).toEqual(view.search('toy', 5));
  });

  it('a staged load is ready with a corrupt model.bin, then the engine is refused by that file’s name', async () => {
    const { fetcher } = await tinyFetcher((name, bytes) => {
      if (name !== 'model.bin') return bytes;
      const copy = bytes.slice();
      copy[10] ^= 0xff;
      return copy;
    });
    const staged = Engine.loadStaged(fetcher);
    await expect(staged.catalog).resolves.toBeDefined();
    await expect(staged.engine).rejects.toMatchObject({ file: 'model.bin', kind: 'checksum' });
  });

  it('a staged load with a corrupt catalog.bin fails both stages by that file’s name', async () => {
    const { fetcher } = await tinyFetcher((name, bytes) => (name === 'catalog.bin' ? bytes.subarray(0, bytes.length - 1) : bytes));
    const staged = Engine.loadStaged(fetcher);
    await expect(staged.catalog).rejects.toMatchObject({ file: 'catalog.bin' });
    await expect(staged.engine).rejects.toMatchObject({ file: 'catalog.bin' });
  });
});
