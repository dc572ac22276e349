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
      ['decodeCatalog', 'decodeKeywords', 'decodeModels', 'fetch', 'fetch.checkAndRead', 'manifest', 'recommender'].sort(),
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
});
