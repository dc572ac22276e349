// Describe search (issue 19, src/engine/describe): tokenising, hint parsing, the describe.bin round trip and refusals,
// BM25F scoring and the ranking with its "why" on a small hand-made catalog.
import { describe, expect, it } from 'vitest';
import { parseHints } from '../../src/engine/describe/hints';
import { DescribeIndex, MAX_DESCRIBE_CHARS, topRows, type DescribeCatalog } from '../../src/engine/describe/index';
import { DEFAULT_MODEL, type DescribeModel } from '../../src/engine/describe/model';
import { decodeDescribe, encodeDescribe, type DescribeRow } from '../../src/engine/describe/shard';
import { stem, tokenize } from '../../src/engine/describe/tokenize';
import { decodeIdLists, encodeIdLists } from '../../src/engine/describe/varint';
import { ablation, metricsOfRanks, parseTotQueries } from '../../src/engine/describe/evaluate';
import { coordinateAscent, learnAsked, learnExpansion, learnGenrePrior, learnPrior, learnTermWeights } from '../../src/engine/describe/train';
import { checkModel } from '../../src/engine/describe/model';
import { readShard, ShardError, writeShard, strings } from '../../src/engine/shards/format';
import { describeStatusText, isDescriptive, wordCount } from '../../src/app/search/describeQuery';

const GENRES = ['Animation', 'Comedy', 'Horror', 'Family'];
const bit = (...names: string[]) => names.reduce((m, n) => m | (1 << GENRES.indexOf(n)), 0);

const CATALOG: DescribeCatalog = {
  titles: ['Toy Story', 'The Shining', 'Groundhog Day', 'Gold Rush Grandma', 'Space Toys'],
  years: Uint16Array.from([1995, 1980, 1993, 1998, 2010]),
  voteCount: Uint32Array.from([5000, 3000, 2500, 40, 10]),
  genreMask: Uint32Array.from([bit('Animation', 'Family', 'Comedy'), bit('Horror'), bit('Comedy'), bit('Comedy', 'Family'), bit('Animation')]),
  genreNames: GENRES,
};

const ROWS: DescribeRow[] = [
  {
    text: "Led by Woody, Andy's toys live happily in his room until Andy's birthday brings Buzz Lightyear onto the scene. Jealous cowboy doll.",
    keywords: ['jealousy', 'toy', 'friendship'],
    cast: ['Tom Hanks', 'Tim Allen'],
    characters: ['Woody (voice)', 'Buzz Lightyear (voice)'],
    directors: ['John Lasseter'],
  },
  {
    text: 'Jack Torrance becomes winter caretaker at the isolated Overlook Hotel in Colorado.',
    keywords: ['hotel', 'isolation', 'writer'],
    cast: ['Jack Nicholson'],
    characters: ['Jack Torrance'],
    directors: ['Stanley Kubrick'],
  },
  {
    text: 'A weatherman finds himself living the same day over and over again.',
    keywords: ['time loop', 'weatherman'],
    cast: ['Bill Murray'],
    characters: [''],
    directors: ['Harold Ramis'],
  },
  { text: 'Kids turn their grandma into liquid gold and carry her in buckets.', keywords: ['gold', 'grandmother'], cast: [], characters: [], directors: [] },
  { text: '', keywords: ['toy', 'space'], cast: [], characters: [], directors: [] },
];

function index(model: DescribeModel = DEFAULT_MODEL, baseline = false) {
  return new DescribeIndex(CATALOG, decodeDescribe(encodeDescribe(ROWS, model), ROWS.length), { baseline });
}

describe('tokenize', () => {
  it('folds case and accents, drops stop words and one-letter words, strips plurals', () => {
    expect(tokenize("The Toys of AMÉLIE's grandmas, and a doll's buckets")).toEqual(['toy', 'amelie', 'grandma', 'doll', 'bucket']);
  });
  it('keeps numbers and splits on punctuation', () => {
    expect(tokenize('late-90s movie (1997), 2 kids')).toEqual(['late', '90s', 'movie', '1997', '2', 'kid']);
  });
  it('stems plurals but not -ss/-us words', () => {
    expect(['stories', 'boxes', 'glass', 'virus', 'cats', 'gas'].map(stem)).toEqual(['story', 'boxe', 'glass', 'virus', 'cat', 'gas']);
  });
  it('caps the number of terms', () => {
    expect(tokenize('alpha beta gamma delta', 2)).toEqual(['alpha', 'beta']);
  });
  it('handles scripts other than Latin', () => {
    expect(tokenize('千と千尋 Москва')).toEqual(['千と千尋', 'москва']);
  });
});

describe('parseHints', () => {
  it('reads decades with early/mid/late and two-digit forms', () => {
    expect(parseHints('late 90s movie', 2018).years).toEqual([{ from: 1996, to: 2000, label: 'late 1990s' }]);
    expect(parseHints("early 2000's", 2018).years[0]).toMatchObject({ from: 2000, to: 2004 });
    expect(parseHints('the 1980s', 2018).years[0]).toMatchObject({ from: 1980, to: 1989 });
    expect(parseHints('mid-eighties', 2018).years[0]).toMatchObject({ from: 1983, to: 1987 });
  });
  it('reads single years, not future ones', () => {
    expect(parseHints('I saw it in 2005', 2018).years).toEqual([{ from: 2003, to: 2006, label: '2005' }]);
    expect(parseHints('set in 2077', 2018).years).toEqual([]);
  });
  it('counts "as a kid" back from the time of asking', () => {
    expect(parseHints('I watched it as a kid', 2018).years).toEqual([{ from: 1994, to: 2012, label: 'seen as a kid' }]);
    expect(parseHints('I watched it as a kid', 2030).years[0].from).toBe(2006);
  });
  it('maps genre words to catalog genres', () => {
    expect(parseHints('an animated cartoon about a scary doll', 2018).genres).toEqual(['Animation', 'Horror']);
    expect(parseHints('a movie about a dog', 2018)).toEqual({ years: [], genres: [] });
  });
  it('does not read an age as a decade', () => {
    expect(parseHints("I'm mid 30s and saw it in the 80s", 2018).years).toEqual([{ from: 1980, to: 1989, label: '1980s' }]);
    expect(parseHints('a man in my 40s', 2018).years).toEqual([]);
  });
  it('reads a span of years as one range', () => {
    expect(parseHints('[1985-1995] slasher', 2018).years).toEqual([{ from: 1985, to: 1995, label: '1985–1995' }]);
  });
  it('reads black and white as old', () => {
    expect(parseHints('black and white film', 2018).years[0]).toMatchObject({ from: 1920, to: 1965 });
  });
});

describe('describe.bin', () => {
  it('round-trips lists, characters and the model', () => {
    const model: DescribeModel = { ...DEFAULT_MODEL, termWeights: { remember: 0.2 }, expansion: { robot: [['android', 1.5]] } };
    const table = decodeDescribe(encodeDescribe(ROWS, model), ROWS.length);
    const list = (c: typeof table.cast, r: number) => Array.from(c.ids.subarray(c.indptr[r], c.indptr[r + 1]), (i) => c.table[i]);
    expect(list(table.cast, 0)).toEqual(['Tom Hanks', 'Tim Allen']);
    expect(list(table.characters, 0)).toEqual(['Woody (voice)', 'Buzz Lightyear (voice)']);
    expect(list(table.directors, 1)).toEqual(['Stanley Kubrick']);
    expect(list(table.keywords, 2).sort()).toEqual(['time loop', 'weatherman']);
    // Overview terms of one film only are left out (DESCRIBE_MIN_TEXT_FILMS).
    const shared = decodeDescribe(encodeDescribe([...ROWS, { ...ROWS[3], text: 'grandma gold buckets' }], model), ROWS.length + 1);
    expect(list(shared.text, 3).sort()).toEqual(['bucket', 'gold', 'grandma']);
    expect(list(table.text, 3)).toEqual([]);
    expect(list(table.cast, 4)).toEqual([]);
    expect(table.model).toEqual(model);
  });
  it('refuses a copy for another catalog size, a list pointing outside its table and a broken model', () => {
    const bytes = encodeDescribe(ROWS, DEFAULT_MODEL);
    expect(() => decodeDescribe(bytes, ROWS.length + 1)).toThrow(ShardError);
    const contents = readShard('describe.bin', bytes);
    contents.castTable = strings(['Only One']);
    expect(() => decodeDescribe(writeShard(contents), ROWS.length)).toThrow(/castLists.*points at \d+, the table has 1 entries/);
    const broken = readShard('describe.bin', bytes);
    broken.model = strings(['{"k1": -1}']);
    expect(() => decodeDescribe(writeShard(broken), ROWS.length)).toThrow(/not a valid describe model/);
  });
  it('varint id lists round-trip and refuse truncation', () => {
    const lists = [[0, 3, 3, 200, 70000], [], [5]];
    const bytes = encodeIdLists(lists, true);
    const { indptr, ids } = decodeIdLists(bytes, 3, true, 70001, 'x');
    expect(Array.from(indptr)).toEqual([0, 5, 5, 6]);
    expect(Array.from(ids)).toEqual([0, 3, 3, 200, 70000, 5]);
    expect(() => decodeIdLists(bytes.subarray(0, bytes.length - 1), 3, true, 70001, 'x')).toThrow(/end early/);
    expect(() => encodeIdLists([[3, 1]], true)).toThrow(/out of order/);
  });
});

describe('BM25F and the ranking', () => {
  it('scores BM25F by hand: one term, one field', () => {
    const model: DescribeModel = { ...DEFAULT_MODEL, k1: 1, fieldWeights: [0, 0, 1, 0, 0, 0], fieldB: [0, 0, 0, 0, 0, 0] };
    const idx = index(model);
    const out = new Float32Array(idx.rows);
    const terms = idx.queryTerms('weatherman', model, false);
    idx.bm25f(terms, model, out, [], new Uint8Array(idx.rows));
    // df 1 of 5: idf = ln(1 + 4.5 / 1.5); tf 1, b 0: 1 / (1 + 1).
    expect(out[2]).toBeCloseTo(Math.log(1 + 4.5 / 1.5) * 0.5, 5);
    expect(Array.from(out).filter((x) => x > 0)).toHaveLength(1);
  });
  it('field weights move a film up: a title match over a keyword match', () => {
    const titleHeavy = index({ ...DEFAULT_MODEL, fieldWeights: [5, 0, 1, 0, 0, 0], featureWeights: [1, 0, 0, 0, 0] });
    const keywordHeavy = index({ ...DEFAULT_MODEL, fieldWeights: [1, 0, 5, 0, 0, 0], featureWeights: [1, 0, 0, 0, 0] });
    // "space" is in film 4's title and keywords; "toy" in film 0's title and keywords and film 4's title and keywords.
    expect(titleHeavy.search('toy story doll')[0].row).toBe(0);
    expect(keywordHeavy.search('space').map((h) => h.row)).toEqual([4]);
  });
  it('finds the film from a description and says why', () => {
    const idx = index();
    const hits = idx.search('mid 90s cartoon where a cowboy doll feels jealousy when Buzz arrives', { nowYear: 2018 });
    expect(hits[0].row).toBe(0);
    expect(hits[0].why).toEqual(expect.arrayContaining(['character: Buzz Lightyear (voice)', 'keyword: jealousy', 'genre: Animation', '1990s (mid 1990s)']));
    const loop = idx.search('a weatherman stuck in a time loop', { nowYear: 2018 });
    expect(loop[0].row).toBe(2);
    expect(loop[0].why).toContain('keyword: time loop');
  });
  it('uses the learned expansion and term weights', () => {
    const plain = index({ ...DEFAULT_MODEL, featureWeights: [1, 1, 0, 0, 0] });
    expect(plain.search('remembering a grumpy granny').map((h) => h.row)).toEqual([]);
    const learned = index({ ...DEFAULT_MODEL, featureWeights: [1, 1, 0, 0, 0], expansion: { granny: [['grandmother', 2]] }, termWeights: { grumpy: 0 } });
    const hits = learned.search('remembering a grumpy granny');
    expect(hits[0].row).toBe(3);
    expect(hits[0].why).toContain('keyword: grandmother (from “granny”)');
  });
  it('year hints and the prior change the order of otherwise equal films', () => {
    const idx = index({ ...DEFAULT_MODEL, featureWeights: [1, 0, 0, 1, 0] });
    expect(idx.search('toy from the 2010s', { nowYear: 2018 })[0].row).toBe(4);
    expect(idx.search('toy from the 1990s', { nowYear: 2018 })[0].row).toBe(0);
  });
  it('is bounded for any input: a 100 KB query reads only its first part', () => {
    const idx = index();
    const long = 'time loop weatherman '.repeat(5000);
    expect(long.length).toBeGreaterThan(100_000);
    const started = performance.now();
    expect(idx.search(long)[0].row).toBe(2);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(idx.queryTerms('x'.repeat(MAX_DESCRIBE_CHARS + 10) + ' weatherman')).toEqual([{ term: 'x'.repeat(MAX_DESCRIBE_CHARS), id: -1, weight: 1 }]);
    expect(idx.search('')).toEqual([]);
    expect(idx.search('the and of', { limit: 5 })).toEqual([]);
  });
  it('the BM25 baseline bag ranks by plain BM25 with the year as a word', () => {
    const idx = index(DEFAULT_MODEL, true);
    expect(idx.searchBaseline('1980 hotel', 5)[0]).toBe(1);
  });
  it('topRows keeps the k best, ties to the more voted', () => {
    expect(topRows(Float32Array.from([1, 3, 3, 0, 2]), 3, [0, 1, 9, 0, 0])).toEqual([2, 1, 4]);
  });
});

describe('training and metrics', () => {
  it('metrics count success@k and MRR', () => {
    expect(metricsOfRanks([1, 5, 50, Infinity])).toEqual({ n: 4, s1: 0.25, s10: 0.5, s100: 0.75, mrr: (1 + 0.2 + 0.02) / 4 });
  });
  it('parses query files and names bad lines', () => {
    expect(parseTotQueries('{"id":"a","query":"q","tmdbId":5}\n\n', 'f.jsonl')).toEqual([{ id: 'a', query: 'q', tmdbId: 5 }]);
    expect(() => parseTotQueries('{"id":"a","query":"q"}', 'f.jsonl')).toThrow('f.jsonl: line 1 has no integer field "tmdbId"');
    expect(() => parseTotQueries('nope', 'f.jsonl')).toThrow('f.jsonl: line 1 is not valid JSON');
  });
  it('learns that chat words are rarely in the film and which words point to which keywords', () => {
    const idx = index();
    const examples = Array.from({ length: 6 }, () => [
      { query: 'I remember a granny made of gold', row: 3 },
      { query: 'I remember a hotel in winter', row: 1 },
    ]).flat();
    const weights = learnTermWeights(idx, examples, { minQueries: 5, smoothing: 1 });
    expect(weights.remember).toBeLessThan(0.5);
    expect(weights.hotel).toBeGreaterThan(1);
    // Counted per film (the six copies of a question count once): granny → the keywords of film 3 only.
    const expansion = learnExpansion(idx, [...examples, { query: 'a hotel weatherman', row: 2 }], { minPairs: 1, minGain: 0.05, perTerm: 5, smoothing: 0 });
    expect(expansion.granny.map(([t]) => t).sort()).toEqual(['gold', 'grandmother']);
    // P(gold | granny) = 1, P(gold) = 1/3 of the asked-about films.
    expect(expansion.granny.find(([t]) => t === 'gold')![1]).toBeCloseTo(2 / 3, 3);
    expect(expansion.hotel.map(([t]) => t)).not.toContain('gold');
    expect(learnExpansion(idx, examples, { minPairs: 2, minGain: 0.05, perTerm: 5 })).toEqual({});
  });
  it('the learned prior favours the buckets of asked-about films', () => {
    const idx = index();
    const prior = learnPrior(
      idx,
      [
        { query: 'x', row: 0 },
        { query: 'y', row: 1 },
      ],
      0,
    );
    expect(prior[idx.priorBucket(0)]).toBeGreaterThan(0);
    expect(prior[idx.priorBucket(4)]).toBeLessThan(prior[idx.priorBucket(0)]);
    idx.setPrior(prior);
    expect(idx.prior[0]).toBe(1);
    expect(idx.prior[4]).toBe(0);
  });
  it('the genre prior favours the genres of asked-about films', () => {
    const idx = index();
    // Asked about: the two horror/comedy-only films; never an animated one.
    const odds = learnGenrePrior(
      idx,
      [
        { query: 'x', row: 1 },
        { query: 'y', row: 2 },
      ],
      0,
    );
    expect(odds.Horror).toBeGreaterThan(0);
    expect(odds.Animation).toBeLessThan(odds.Comedy);
    idx.setPrior(undefined);
    const plain = Array.from(idx.prior);
    idx.setPrior(undefined, { genrePrior: { Horror: 5 } });
    // Log votes alone put The Shining (3,000 votes) under Toy Story (5,000); the horror log-odds lift it to the top.
    expect(plain[1]).toBeLessThan(plain[0]);
    expect(idx.prior[1]).toBe(1);
  });
  it('films named by training questions get a prior boost by their count, matched by TMDB id', () => {
    const ids = [862, 694, 137, 9001, 9002];
    const asked = learnAsked(
      ids,
      [
        { query: 'a', row: 4 },
        { query: 'b', row: 4 },
        { query: 'c', row: 3 },
      ],
      10,
    );
    expect(asked).toEqual({ weight: 10, ids: [9001, 9002], counts: [1, 2] });
    const withIds = new DescribeIndex({ ...CATALOG, ids: Int32Array.from(ids) }, decodeDescribe(encodeDescribe(ROWS, DEFAULT_MODEL), ROWS.length));
    withIds.setPrior(undefined, { asked });
    // Space Toys (10 votes, asked twice) now outranks every film; Gold Rush Grandma (asked once) outranks The Shining.
    expect(withIds.prior[4]).toBe(1);
    expect(withIds.prior[3]).toBeGreaterThan(withIds.prior[1]);
    // The model carries it through describe.bin, and a malformed one is refused naming the field.
    const model = { ...DEFAULT_MODEL, asked, genrePrior: { Horror: 1 } };
    expect(decodeDescribe(encodeDescribe(ROWS, model), ROWS.length).model.asked).toEqual(asked);
    expect(() => checkModel({ ...model, asked: { weight: 1, ids: [1, 2], counts: [1] } }, 'x')).toThrow(/asked.ids and asked.counts/);
    expect(() => checkModel({ ...model, genrePrior: { Horror: 'a' } }, 'x')).toThrow(/genrePrior/);
    // Without ids (a catalog that lacks them) the asked part is off, not misapplied.
    const noIds = index();
    noIds.setPrior(undefined, { asked });
    expect(noIds.prior[0]).toBe(1);
  });
  it('the ablation ends with the genre and asked-about prior and leaves the shipped prior in place', () => {
    const ids = [862, 694, 137, 9001, 9002];
    const model = { ...DEFAULT_MODEL, featureWeights: [1, 0, 2, 0.3, 0.2], asked: { weight: 10, ids: [9002], counts: [2] }, genrePrior: { Horror: 1 } };
    const idx = new DescribeIndex({ ...CATALOG, ids: Int32Array.from(ids) }, decodeDescribe(encodeDescribe(ROWS, model), ROWS.length), { baseline: true });
    const before = Array.from(idx.prior);
    const rowOf = (id: number) => ids.indexOf(id);
    // "toys" matches Toy Story best and Space Toys too; only the asked-about prior puts Space Toys (10 votes) first.
    const steps = ablation(idx, rowOf, [{ id: '1', query: 'toys', tmdbId: 9002 }], 2018);
    expect(steps.at(-1)!.name).toMatch(/asked-about prior \(shipped\)/);
    expect(steps.at(-1)!.metrics.s1).toBe(1);
    expect(steps.at(-2)!.metrics.s1).toBe(0);
    expect(Array.from(idx.prior)).toEqual(before);
  });
  it('the first line of a question weighs more, and term weights are softened by their power', () => {
    const idx = index({ ...DEFAULT_MODEL, headlineBoost: 2, termWeightPower: 0.5, termWeights: { hotel: 4 } });
    const terms = idx.queryTerms('hotel ghost\nwinter ghost');
    expect(terms.find((t) => t.term === 'hotel')!.weight).toBeCloseTo(4, 5);
    expect(terms.find((t) => t.term === 'winter')!.weight).toBeCloseTo(1, 5);
    expect(terms.find((t) => t.term === 'ghost')!.weight).toBeCloseTo(2 * (1 + 0.5 * Math.log(2)), 5);
  });
  it('coordinate ascent climbs to the best point of a simple objective', () => {
    const best = coordinateAscent([1, 1], (p) => -((p[0] - 4) ** 2) - (p[1] - 0.25) ** 2, { steps: [0.5, 2], rounds: 5 });
    expect(best).toEqual([4, 0.25]);
  });
});

describe('the search box rule', () => {
  it('four words make a description', () => {
    expect(wordCount('toy story')).toBe(2);
    expect(isDescriptive('toy story 2')).toBe(false);
    expect(isDescriptive('cowboy doll gets jealous')).toBe(true);
    expect(isDescriptive('a'.repeat(100_000))).toBe(false);
  });
  it('says what the section is doing', () => {
    expect(describeStatusText({ pending: true, loadingShard: { loadedBytes: 50, totalBytes: 200 }, count: null })).toBe('Loading the description index… 25%');
    expect(describeStatusText({ pending: false, loadingShard: null, count: 3 })).toBe('3 movies match your description, best first.');
    expect(describeStatusText({ pending: false, loadingShard: null, count: 0 })).toMatch(/^No movie matches/);
  });
});
