// Describe search: find a film from a remembered description. BM25F over title, overview + tagline, keywords, people,
// character names and genres; a learned query-word → keyword expansion; a popularity prior; year and genre hints; all
// combined linearly with weights learned on the Reddit-TOMT training queries (docs/describe-search.md).
import { FEATURES, FIELDS, type DescribeModel, type FieldName } from './model';
import { parseHints, type QueryHints } from './hints';
import { FieldBuilder, termFrequency, type Postings } from './postings';
import type { DescribeTable } from './shard';
import { tokenize } from './tokenize';

/** Characters of a query read (a 100 KB paste costs what its first part costs). */
export const MAX_DESCRIBE_CHARS = 4000;
/** Terms of a query read, and distinct terms scored. */
export const MAX_DESCRIBE_TERMS = 600;
export const MAX_DISTINCT_TERMS = 300;

/** What the index needs from catalog.bin. */
export interface DescribeCatalog {
  /** TMDB ids (the asked-about prior); absent: that part of the prior is off. */
  ids?: ArrayLike<number>;
  titles: string[];
  years: ArrayLike<number>;
  voteCount: ArrayLike<number>;
  genreMask: ArrayLike<number>;
  genreNames: string[];
}

export interface DescribeOptions {
  limit?: number;
  /** The year the question is asked ("as a kid" counts back from it). */
  nowYear?: number;
  /** Components switched off (the ablation); the shipped search uses all. */
  without?: Partial<Record<'expansion' | 'prior' | 'year' | 'genre' | 'termWeights', boolean>>;
  /** Replace the learned model (training and ablation). */
  model?: DescribeModel;
}

export interface DescribeHit {
  row: number;
  score: number;
  /** Why, most telling first: "keyword: time loop", "character: Buzz Lightyear", "1990s". */
  why: string[];
}

/** A query term after lookup: its id in the index vocabulary (-1 when absent) and its weight. */
export interface QueryTerm {
  term: string;
  id: number;
  weight: number;
}

export interface QueryFeatures {
  terms: QueryTerm[];
  hints: QueryHints;
  /** Docs with a non-zero lexical or expansion score, and those scores aligned with them (raw, not scaled). */
  touched: Uint32Array;
  bm25f: Float32Array;
  expansion: Float32Array;
  /** Expanded keyword term id → weight and the query word it came from (for "why"). */
  expansionTargets: Map<number, { weight: number; from: string }>;
}

const FIELD = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<FieldName, number>;

/** Vote-count steps of the prior (log2(1 + votes), capped) × overview yes/no × 5+ keywords yes/no. */
export const PRIOR_VOTE_STEPS = 15;
export const PRIOR_BUCKETS = PRIOR_VOTE_STEPS * 4;

/** Calendar years 0..YEAR_SLOTS-1 get their own year-feature slot (0 = unknown). */
const YEAR_SLOTS = 2100;

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Indices of the `k` largest scores (ties: the more voted film first), best first. */
export function topRows(scores: Float32Array, k: number, tieBreak: ArrayLike<number>): number[] {
  const order: number[] = [];
  let threshold = -Infinity;
  for (let d = 0; d < scores.length; d++) {
    const s = scores[d];
    if (order.length >= k && s < threshold) continue;
    order.push(d);
    if (order.length >= 4 * k + 64) {
      order.sort((a, b) => scores[b] - scores[a] || tieBreak[b] - tieBreak[a]);
      order.length = k;
      threshold = scores[order[k - 1]];
    }
  }
  order.sort((a, b) => scores[b] - scores[a] || tieBreak[b] - tieBreak[a]);
  return order.slice(0, k);
}

export class DescribeIndex {
  readonly rows: number;
  readonly vocabulary: string[] = [];
  private readonly termId = new Map<string, number>();
  readonly fields: Postings[];
  /** Docs holding each term in any field. */
  readonly df: Uint32Array;
  readonly model: DescribeModel;
  /** log(1 + votes), scaled to 0..1. */
  readonly prior: Float32Array;
  private readonly keywordPhraseTerms: Uint32Array[];
  /** describe.bin's overview term table → index term ids. */
  private readonly textIds: Uint32Array;
  private readonly castTerms: Uint32Array[];
  private readonly characterTerms: Uint32Array[];
  private readonly directorTerms: Uint32Array[];
  private readonly genreTerms: Uint32Array[];
  private readonly genreBit: Map<string, number>;
  /** One BM25 bag of every field plus a year term: the baseline of issue 19 (eval only). */
  readonly bag: Postings | null;
  private readonly scratch: Float32Array;
  private readonly scores: Float32Array;
  private readonly bmScratch: Float32Array;
  private readonly exScratch: Float32Array;
  private readonly seenScratch: Uint8Array;

  constructor(
    readonly catalog: DescribeCatalog,
    readonly table: DescribeTable,
    options: { baseline?: boolean; model?: DescribeModel } = {},
  ) {
    const n = (this.rows = catalog.titles.length);
    if (table.rows !== n) throw new Error(`describe.bin has ${table.rows} rows, the catalog ${n}`);
    this.model = options.model ?? table.model;
    const intern = (term: string): number => {
      let id = this.termId.get(term);
      if (id === undefined) {
        id = this.vocabulary.length;
        this.vocabulary.push(term);
        this.termId.set(term, id);
      }
      return id;
    };
    const termsOf = (text: string) => Uint32Array.from(tokenize(text), intern);
    const textIds = (this.textIds = Uint32Array.from(table.text.table, intern));
    this.keywordPhraseTerms = table.keywords.table.map(termsOf);
    this.castTerms = table.cast.table.map(termsOf);
    this.characterTerms = table.characters.table.map(termsOf);
    this.directorTerms = table.directors.table.map(termsOf);
    this.genreTerms = catalog.genreNames.map(termsOf);
    this.genreBit = new Map(catalog.genreNames.map((g, i) => [g, i]));
    const builders = FIELDS.map(() => new FieldBuilder(n));
    const bag = options.baseline ? new FieldBuilder(n) : null;
    const listTerms = (column: DescribeTable['cast'], termTable: Uint32Array[], d: number, out: number[]) => {
      for (let i = column.indptr[d]; i < column.indptr[d + 1]; i++) for (const t of termTable[column.ids[i]]) out.push(t);
    };
    for (let d = 0; d < n; d++) {
      const title = Array.from(termsOf(catalog.titles[d]));
      const overview: number[] = [];
      for (let i = table.text.indptr[d]; i < table.text.indptr[d + 1]; i++) overview.push(textIds[table.text.ids[i]]);
      const keywords: number[] = [];
      listTerms(table.keywords, this.keywordPhraseTerms, d, keywords);
      const people: number[] = [];
      listTerms(table.cast, this.castTerms, d, people);
      listTerms(table.directors, this.directorTerms, d, people);
      const characters: number[] = [];
      listTerms(table.characters, this.characterTerms, d, characters);
      const genres: number[] = [];
      const mask = catalog.genreMask[d];
      for (let g = 0; g < this.genreTerms.length; g++) if (mask & (1 << g)) for (const t of this.genreTerms[g]) genres.push(t);
      const perField = [title, overview, keywords, people, characters, genres];
      perField.forEach((terms, f) => builders[f].addDoc(terms));
      if (bag) bag.addDoc([...perField.flat(), ...(catalog.years[d] ? [intern(String(catalog.years[d]))] : [])]);
    }
    const v = this.vocabulary.length;
    this.fields = builders.map((b) => b.build(v));
    this.bag = bag ? bag.build(v) : null;
    this.df = new Uint32Array(v);
    const stamp = new Int32Array(n).fill(-1);
    for (let t = 0; t < v; t++)
      for (const p of this.fields)
        for (let i = p.ptr[t]; i < p.ptr[t + 1]; i++) {
          const d = p.docs[i];
          if (stamp[d] !== t) {
            stamp[d] = t;
            this.df[t]++;
          }
        }
    this.prior = new Float32Array(n);
    this.setPrior(this.model.prior, this.model);
    this.scratch = new Float32Array(n);
    this.scores = new Float32Array(n);
    this.bmScratch = new Float32Array(n);
    this.exScratch = new Float32Array(n);
    this.seenScratch = new Uint8Array(n);
  }

  /** Which prior bucket a film is in: its vote count (log2 steps), whether it has an overview, and 5+ keywords. */
  priorBucket(row: number): number {
    const votes = Math.min(PRIOR_VOTE_STEPS - 1, Math.floor(Math.log2(1 + this.catalog.voteCount[row])));
    const overview = this.table.text.indptr[row + 1] > this.table.text.indptr[row] ? 1 : 0;
    const keywords = this.table.keywords.indptr[row + 1] - this.table.keywords.indptr[row] >= 5 ? 1 : 0;
    return votes * 4 + overview * 2 + keywords;
  }

  /**
   * The prior feature, 0..1: the learned log-odds of the film's bucket (model.prior), else log(1 + votes); plus, when the
   * model has them, the mean log-odds of its genres and weight × log(1 + training questions naming it).
   */
  setPrior(table: number[] | undefined, extra: Pick<DescribeModel, 'genrePrior' | 'asked'> = {}): void {
    const raw = Float32Array.from({ length: this.rows }, (_, d) =>
      table && table.length === PRIOR_BUCKETS ? table[this.priorBucket(d)] : Math.log1p(this.catalog.voteCount[d]),
    );
    if (extra.genrePrior) {
      const odds = this.catalog.genreNames.map((g) => extra.genrePrior![g] ?? 0);
      const none = extra.genrePrior[''] ?? 0;
      for (let d = 0; d < this.rows; d++) {
        const mask = this.catalog.genreMask[d];
        if (mask === 0) raw[d] += none;
        else {
          let sum = 0;
          for (let g = 0; g < odds.length; g++) if (mask & (1 << g)) sum += odds[g];
          raw[d] += sum / popcount(mask);
        }
      }
    }
    const ids = this.catalog.ids;
    if (extra.asked && ids && extra.asked.weight !== 0) {
      const count = new Map(extra.asked.ids.map((id, i) => [id, extra.asked!.counts[i]]));
      for (let d = 0; d < this.rows; d++) {
        const c = count.get(ids[d]);
        if (c) raw[d] += extra.asked.weight * Math.log1p(c);
      }
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of raw) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    for (let d = 0; d < this.rows; d++) this.prior[d] = hi > lo ? (raw[d] - lo) / (hi - lo) : 0;
  }

  /** Distinct term ids of a film's keywords (training the expansion). */
  keywordTermsOf(row: number): Set<number> {
    const out = new Set<number>();
    const k = this.table.keywords;
    for (let i = k.indptr[row]; i < k.indptr[row + 1]; i++) for (const t of this.keywordPhraseTerms[k.ids[i]]) out.add(t);
    return out;
  }

  /** Whether the film holds `term` in any field (training the term weights). */
  hasTerm(row: number, term: number): boolean {
    return term >= 0 && this.fields.some((p) => termFrequency(p, term, row) > 0);
  }

  idOf(term: string): number {
    return this.termId.get(term) ?? -1;
  }

  /** The query's distinct terms (first MAX_DISTINCT_TERMS), each with its learned weight. */
  queryTerms(query: string, model: DescribeModel = this.model, useTermWeights = true): QueryTerm[] {
    const text = query.slice(0, MAX_DESCRIBE_CHARS);
    const tokens = tokenize(text, MAX_DESCRIBE_TERMS);
    const counts = new Map<string, number>();
    for (const t of tokens) if (counts.has(t) || counts.size < MAX_DISTINCT_TERMS) counts.set(t, (counts.get(t) ?? 0) + 1);
    // The first line of a longer question is usually its summary (a post's title): its words weigh more.
    const newline = text.indexOf('\n');
    const headline = useTermWeights && newline > 0 && (model.headlineBoost ?? 1) !== 1 ? new Set(tokenize(text.slice(0, newline))) : null;
    const exponent = useTermWeights ? (model.termWeightPower ?? 1) : 1;
    return [...counts.entries()].map(([term, count]) => ({
      term,
      id: this.idOf(term),
      weight:
        (useTermWeights && Object.hasOwn(model.termWeights, term) ? model.termWeights[term] ** exponent : 1) *
        (1 + 0.5 * Math.log(count)) *
        (headline?.has(term) ? model.headlineBoost! : 1),
    }));
  }

  /**
   * BM25F: per term, field frequencies weighted and length-normalised per field, summed, then saturated once
   * (Robertson, Zaragoza & Taylor 2004). Adds into `out`; returns the docs it touched (once each).
   */
  bm25f(terms: QueryTerm[], model: DescribeModel, out: Float32Array, touched: number[], seen: Uint8Array): void {
    const acc = this.scratch;
    const k1 = model.k1;
    const local: number[] = [];
    const norms = this.fieldNorms(model);
    for (const q of terms) {
      if (q.id < 0 || q.weight <= 0) continue;
      local.length = 0;
      for (let f = 0; f < this.fields.length; f++) {
        const norm = norms[f];
        if (!norm) continue;
        const p = this.fields[f];
        for (let i = p.ptr[q.id]; i < p.ptr[q.id + 1]; i++) {
          const d = p.docs[i];
          if (acc[d] === 0) local.push(d);
          acc[d] += p.tfs[i] * norm[d];
        }
      }
      const weight = q.weight * idf(this.rows, this.df[q.id]);
      for (const d of local) {
        out[d] += (weight * acc[d]) / (k1 + acc[d]);
        acc[d] = 0;
        if (!seen[d]) {
          seen[d] = 1;
          touched.push(d);
        }
      }
    }
  }

  private normsFor: DescribeModel | null = null;
  private norms: (Float32Array | null)[] = [];

  /** Per field and film: weight / (1 − b + b·length/average), computed once per model (null: field weight 0). */
  private fieldNorms(model: DescribeModel): (Float32Array | null)[] {
    if (this.normsFor === model) return this.norms;
    this.norms = this.fields.map((p, f) => {
      const w = model.fieldWeights[f];
      const b = model.fieldB[f];
      if (w <= 0) return null;
      return Float32Array.from(p.lengths, (length) => w / (1 - b + (b * length) / p.averageLength));
    });
    this.normsFor = model;
    return this.norms;
  }

  /** Plain BM25 over one bag of all fields (k1 0.9, b 0.4): the baseline, best first. Needs `baseline: true`. */
  searchBaseline(query: string, limit = 100): number[] {
    if (!this.bag) throw new Error('DescribeIndex was built without the baseline bag');
    const scores = this.scores.fill(0);
    const p = this.bag;
    const k1 = 0.9;
    const b = 0.4;
    for (const q of this.queryTerms(query, this.model, false)) {
      if (q.id < 0) continue;
      const weight = q.weight * idf(this.rows, p.ptr[q.id + 1] - p.ptr[q.id]);
      for (let i = p.ptr[q.id]; i < p.ptr[q.id + 1]; i++) {
        const d = p.docs[i];
        const tf = p.tfs[i];
        scores[d] += (weight * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * p.lengths[d]) / p.averageLength));
      }
    }
    return topRows(scores, limit, this.catalog.voteCount);
  }

  /** Each query term's learned keyword terms: target id → summed weight and the query word that weighs most. */
  expansionTargets(terms: QueryTerm[], model: DescribeModel): Map<number, { weight: number; from: string; best: number }> {
    const targets = new Map<number, { weight: number; from: string; best: number }>();
    for (const q of terms) {
      const list = Object.hasOwn(model.expansion, q.term) ? model.expansion[q.term] : undefined;
      if (!list) continue;
      for (const [target, w] of list) {
        const id = this.idOf(target);
        if (id < 0) continue;
        const weight = w * Math.min(q.weight, 1.5);
        const entry = targets.get(id);
        if (!entry) targets.set(id, { weight, from: q.term, best: weight });
        else {
          entry.weight += weight;
          if (weight > entry.best) Object.assign(entry, { from: q.term, best: weight });
        }
      }
    }
    return targets;
  }

  /**
   * Expansion: the learned keyword terms as extra query terms weighted by their summed association, scored by BM25F
   * like the question's own words (idf and saturation keep generic keywords such as "relationship" small).
   */
  expansionScores(targets: Map<number, { weight: number }>, model: DescribeModel, out: Float32Array, touched: number[], seen: Uint8Array): void {
    const terms: QueryTerm[] = [];
    for (const [id, { weight }] of targets) terms.push({ term: this.vocabulary[id], id, weight });
    this.bm25f(terms, model, out, touched, seen);
  }

  /** Lexical and expansion scores of a query (what training caches; the hints' features are cheap to recompute). */
  features(query: string, options: DescribeOptions = {}): QueryFeatures {
    const model = options.model ?? this.model;
    const terms = this.queryTerms(query, model, !options.without?.termWeights);
    const bm = this.bmScratch.fill(0);
    const ex = this.exScratch.fill(0);
    const touched: number[] = [];
    const seen = this.seenScratch.fill(0);
    this.bm25f(terms, model, bm, touched, seen);
    const expansionTargets = options.without?.expansion ? new Map() : this.expansionTargets(terms, model);
    this.expansionScores(expansionTargets, model, ex, touched, seen);
    const hints = parseHints(query.slice(0, MAX_DESCRIBE_CHARS), options.nowYear ?? new Date().getFullYear());
    if (options.without?.year) hints.years = [];
    if (options.without?.genre) hints.genres = [];
    const docs = Uint32Array.from(touched);
    const bmValues = new Float32Array(docs.length);
    const exValues = new Float32Array(docs.length);
    for (let i = 0; i < docs.length; i++) {
      bmValues[i] = bm[docs[i]];
      exValues[i] = ex[docs[i]];
    }
    return { terms, hints, touched: docs, bm25f: bmValues, expansion: exValues, expansionTargets };
  }

  /** Year hint feature of one film: 1 inside a hinted range, decaying by 3-year steps outside; 0 without hints. */
  yearFeature(hints: QueryHints, row: number): number {
    return this.yearValue(hints, this.catalog.years[row]);
  }

  private yearValue(hints: QueryHints, y: number): number {
    if (!y || hints.years.length === 0) return 0;
    let best = 0;
    for (const r of hints.years) {
      const distance = y < r.from ? r.from - y : y > r.to ? y - r.to : 0;
      best = Math.max(best, Math.exp(-distance / 3));
    }
    return best;
  }

  /** Share of the hinted genres the film has. */
  genreFeature(hints: QueryHints, row: number): number {
    if (hints.genres.length === 0) return 0;
    let hit = 0;
    for (const g of hints.genres) {
      const bit = this.genreBit.get(g);
      if (bit !== undefined && this.catalog.genreMask[row] & (1 << bit)) hit++;
    }
    return hit / hints.genres.length;
  }

  /** Final scores of every film for these features (each feature scaled to 0..1 within the query). */
  combine(f: QueryFeatures, weights: number[], out: Float32Array = this.scores, without: DescribeOptions['without'] = {}): Float32Array {
    let maxBm = 0;
    let maxEx = 0;
    for (let i = 0; i < f.touched.length; i++) {
      maxBm = Math.max(maxBm, f.bm25f[i]);
      maxEx = Math.max(maxEx, f.expansion[i]);
    }
    const [wBm, wEx, wPrior, wYear, wGenre] = weights;
    const priorWeight = without?.prior ? 0 : wPrior;
    for (let d = 0; d < this.rows; d++) out[d] = priorWeight * this.prior[d];
    const bmScale = maxBm > 0 ? wBm / maxBm : 0;
    const exScale = maxEx > 0 ? wEx / maxEx : 0;
    for (let i = 0; i < f.touched.length; i++) out[f.touched[i]] += bmScale * f.bm25f[i] + exScale * f.expansion[i];
    const years = this.catalog.years;
    if (f.hints.years.length > 0 && wYear !== 0) {
      // One value per calendar year, then a lookup per film.
      const byYear = new Float32Array(YEAR_SLOTS);
      for (let y = 1; y < YEAR_SLOTS; y++) byYear[y] = wYear * this.yearValue(f.hints, y);
      for (let d = 0; d < this.rows; d++) out[d] += byYear[Math.min(years[d], YEAR_SLOTS - 1)];
    }
    if (f.hints.genres.length > 0 && wGenre !== 0) {
      let hinted = 0;
      for (const g of f.hints.genres) {
        const bit = this.genreBit.get(g);
        if (bit !== undefined) hinted |= 1 << bit;
      }
      const per = wGenre / f.hints.genres.length;
      const mask = this.catalog.genreMask;
      if (hinted !== 0) for (let d = 0; d < this.rows; d++) if (mask[d] & hinted) out[d] += per * popcount(mask[d] & hinted);
    }
    return out;
  }

  /** The shipped search: best `limit` films for a description, each with why. */
  search(query: string, options: DescribeOptions = {}): DescribeHit[] {
    const limit = Math.max(0, Math.min(200, Math.floor(options.limit ?? 20)));
    if (limit === 0) return [];
    const model = options.model ?? this.model;
    const f = this.features(query, options);
    if (f.touched.length === 0 && f.hints.years.length === 0 && f.hints.genres.length === 0) return [];
    const scores = this.combine(f, model.featureWeights, this.scores, options.without);
    // Ranked over the whole catalog (as eval-describe counts), then films that match nothing but the prior are left out.
    const matched = new Uint8Array(this.rows);
    for (const d of f.touched) matched[d] = 1;
    return topRows(scores, limit, this.catalog.voteCount)
      .filter((row) => matched[row] || this.yearFeature(f.hints, row) === 1 || this.genreFeature(f.hints, row) > 0)
      .map((row) => ({ row, score: scores[row], why: this.explain(row, f, model) }));
  }

  /** Rank (1-based) of `row` among all films for this query, ties going to the more voted film. */
  rankOf(scores: Float32Array, row: number): number {
    const s = scores[row];
    const votes = this.catalog.voteCount;
    let rank = 1;
    for (let d = 0; d < scores.length; d++)
      if (scores[d] > s || (scores[d] === s && d !== row && (votes[d] > votes[row] || (votes[d] === votes[row] && d < row)))) rank++;
    return rank;
  }

  /** Human reasons: which query words hit which field of this film, strongest first (at most 6). */
  explain(row: number, f: QueryFeatures, model: DescribeModel = this.model): string[] {
    const reasons = new Map<string, number>();
    const add = (text: string, weight: number) => reasons.set(text, (reasons.get(text) ?? 0) + weight);
    // Query terms by id with their BM25 weight: each of the film's own (few) terms is looked up here, not the reverse.
    const asked = new Map<number, { term: string; weight: number }>();
    for (const q of f.terms) if (q.id >= 0 && q.weight > 0) asked.set(q.id, { term: q.term, weight: q.weight * idf(this.rows, this.df[q.id]) });
    const fw = model.fieldWeights;
    for (const t of tokenize(this.catalog.titles[row])) {
      const hit = asked.get(this.idOf(t));
      if (hit) add(`title: ${hit.term}`, hit.weight * fw[FIELD.title]);
    }
    const t = this.table;
    const phrases = (column: DescribeTable['cast'], termTable: Uint32Array[], label: string, field: number) => {
      for (let i = column.indptr[row]; i < column.indptr[row + 1]; i++) {
        let weight = 0;
        for (const id of termTable[column.ids[i]]) weight += asked.get(id)?.weight ?? 0;
        if (weight > 0) add(`${label}: ${column.table[column.ids[i]]}`, weight * fw[field]);
      }
    };
    phrases(t.keywords, this.keywordPhraseTerms, 'keyword', FIELD.keywords);
    phrases(t.characters, this.characterTerms, 'character', FIELD.characters);
    phrases(t.cast, this.castTerms, 'cast', FIELD.people);
    phrases(t.directors, this.directorTerms, 'director', FIELD.people);
    const plot = new Map<string, number>();
    for (let i = t.text.indptr[row]; i < t.text.indptr[row + 1]; i++) {
      const hit = asked.get(this.textIds[t.text.ids[i]]);
      if (hit) plot.set(hit.term, hit.weight);
    }
    if (plot.size > 0)
      add(
        `plot: ${[...plot.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([term]) => term)
          .join(', ')}`,
        0.5 * Math.min(plot.size, 6),
      );
    const mask = this.catalog.genreMask[row];
    for (let g = 0; g < this.genreTerms.length; g++) {
      if (!(mask & (1 << g))) continue;
      let weight = 0;
      for (const id of this.genreTerms[g]) weight += asked.get(id)?.weight ?? 0;
      if (weight > 0 || f.hints.genres.includes(this.catalog.genreNames[g]))
        add(`genre: ${this.catalog.genreNames[g]}`, weight * fw[FIELD.genres] + (f.hints.genres.includes(this.catalog.genreNames[g]) ? 1.5 : 0));
    }
    // Expansion: a keyword of the film reached through a learned association ("robot" → android).
    const expanded: { phrase: string; from: string; w: number }[] = [];
    for (let i = t.keywords.indptr[row]; i < t.keywords.indptr[row + 1]; i++) {
      const phrase = t.keywords.table[t.keywords.ids[i]];
      if (reasons.has(`keyword: ${phrase}`)) continue;
      for (const id of this.keywordPhraseTerms[t.keywords.ids[i]]) {
        const via = f.expansionTargets.get(id);
        if (via && via.from !== this.vocabulary[id]) {
          expanded.push({ phrase, from: via.from, w: via.weight });
          break;
        }
      }
    }
    for (const e of expanded.sort((a, b) => b.w - a.w).slice(0, 2)) add(`keyword: ${e.phrase} (from “${e.from}”)`, e.w * 0.5);
    if (this.yearFeature(f.hints, row) === 1) {
      const year = this.catalog.years[row];
      const range = f.hints.years.find((r) => year >= r.from && year <= r.to);
      add(range && range.label !== String(year) ? `${Math.floor(year / 10) * 10}s (${range.label})` : `${Math.floor(year / 10) * 10}s`, 2);
    }
    return [...reasons.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([text]) => text);
  }
}

export { FEATURES };
