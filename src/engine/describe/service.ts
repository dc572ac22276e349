// Describe search behind the engine: describe.bin fetched and indexed on the first descriptive query, then searched.
import type { Engine } from '../engine';
import type { ShardFetcher, ShardLoadProgress } from '../shards/load';
import type { MovieSummary } from '../types';
import { DescribeIndex, type DescribeOptions } from './index';
import { loadDescribe } from './shard';

/** One film for a description, with why (matched words and fields, year and genre hints). */
export interface DescribeResult {
  movie: MovieSummary;
  score: number;
  why: string[];
}

export class DescribeSearch {
  private index: DescribeIndex | null = null;

  constructor(private readonly engine: Engine) {}

  get loaded(): boolean {
    return this.index !== null;
  }

  /** The built index (after load). */
  get describeIndex(): DescribeIndex {
    if (!this.index) throw new Error('Describe search is not loaded yet (DescribeSearch.load).');
    return this.index;
  }

  /** Fetch, verify and decode describe.bin, then index it (a no-op once loaded). `baseline` adds the BM25 bag (eval). */
  async load(fetchFile: ShardFetcher, onProgress?: (p: ShardLoadProgress) => void, options: { baseline?: boolean } = {}): Promise<void> {
    if (this.index) return;
    const catalog = this.engine.data.catalog;
    const table = await loadDescribe(this.engine.manifest, catalog.ids.length, fetchFile, onProgress);
    this.index ??= new DescribeIndex(catalog, table, options);
  }

  search(query: string, options: DescribeOptions = {}): DescribeResult[] {
    return this.describeIndex.search(query, options).map((hit) => ({ movie: this.engine.recommender.summary(hit.row), score: hit.score, why: hit.why }));
  }
}
