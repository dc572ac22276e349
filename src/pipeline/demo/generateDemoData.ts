// Deterministic synthetic stand-in for the Kaggle "The Movies Dataset" files: same headers, quoting, line endings,
// Python-literal cells and the same kinds of dirt, with ratings drawn from a known latent-factor model.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pythonFloatRepr, toPythonRepr, type PyValue } from '../pythonLiteral';
import { csvDocument } from './csvWriter';
import { deriveSeed, Random } from './random';
import * as vocab from './vocabulary';

export { TMDB_GENRES } from './vocabulary';

export const DEMO_DEFAULT_SEED = 20171110;
export const DEMO_DEFAULT_MOVIES = 1500;
export const DEMO_DEFAULT_USERS = 300;
/** Latent dimensions of the generating model (the recommender's own rank is independent of this). */
export const DEMO_LATENT_DIMS = 8;

export interface DemoDataOptions {
  seed?: number;
  /** Complete, well-formed catalog movies (dirt rows come on top). Default 1500. */
  movies?: number;
  /** Users in ratings_small.csv. Default 300. */
  users?: number;
}

export type DemoFileName =
  | 'movies_metadata.csv'
  | 'credits.csv'
  | 'keywords.csv'
  | 'links.csv'
  | 'links_small.csv'
  | 'ratings_small.csv';

export const DEMO_FILE_NAMES: readonly DemoFileName[] = [
  'movies_metadata.csv',
  'credits.csv',
  'keywords.csv',
  'links.csv',
  'links_small.csv',
  'ratings_small.csv',
];

export const METADATA_HEADER = [
  'adult', 'belongs_to_collection', 'budget', 'genres', 'homepage', 'id', 'imdb_id', 'original_language', 'original_title',
  'overview', 'popularity', 'poster_path', 'production_companies', 'production_countries', 'release_date', 'revenue',
  'runtime', 'spoken_languages', 'status', 'tagline', 'title', 'video', 'vote_average', 'vote_count',
] as const;
export const CREDITS_HEADER = ['cast', 'crew', 'id'] as const;
export const KEYWORDS_HEADER = ['id', 'keywords'] as const;
export const LINKS_HEADER = ['movieId', 'imdbId', 'tmdbId'] as const;
export const RATINGS_HEADER = ['userId', 'movieId', 'rating', 'timestamp'] as const;

/** Line endings of the originals: links*.csv and ratings_small.csv are CRLF, the pandas-written files LF. */
export const DEMO_LINE_ENDINGS: Record<DemoFileName, '\n' | '\r\n'> = {
  'movies_metadata.csv': '\n',
  'credits.csv': '\n',
  'keywords.csv': '\n',
  'links.csv': '\r\n',
  'links_small.csv': '\r\n',
  'ratings_small.csv': '\r\n',
};

/** A movie every seed generates with these exact values; tests can rely on it. */
export const DEMO_ANCHOR_MOVIE = {
  id: 40001,
  movieLensId: 1,
  imdbId: 'tt0400001',
  title: "The Clockmaker's Garden",
  year: 1995,
  releaseDate: '1995-11-17',
  genres: ['Animation', 'Comedy', 'Family'],
  director: 'Hedda Lindqvist',
  leadActor: "Zoë O'Brien",
  keywords: ['toy comes to life', 'friendship', 'clockwork garden', 'rivalry', 'jealousy', 'toy'],
  collection: "The Clockmaker's Garden Collection",
  popularity: 24.5,
  voteAverage: 7.7,
  voteCount: 5012,
} as const;

/** Its sequel: same collection, director, lead actor and genres, most keywords shared. */
export const DEMO_ANCHOR_SEQUEL = {
  id: 40002,
  movieLensId: 2,
  imdbId: 'tt0400002',
  title: "The Clockmaker's Garden 2",
  year: 1999,
  releaseDate: '1999-11-19',
  genres: ['Animation', 'Comedy', 'Family'],
  director: 'Hedda Lindqvist',
  leadActor: "Zoë O'Brien",
  keywords: ['toy comes to life', 'friendship', 'clockwork garden', 'sequel', 'toy', 'best friend'],
  collection: "The Clockmaker's Garden Collection",
  popularity: 15.3,
  voteAverage: 7.3,
  voteCount: 3208,
} as const;

interface PlantedTitle {
  title: string;
  originalTitle: string;
  language: string;
  genres: string[];
  year: number;
  overview?: string;
}

/** Titles present for every seed (ids vary): apostrophes, quotes, commas, non-ASCII, a CJK original title, a remake. */
export const DEMO_PLANTED_TITLES: readonly PlantedTitle[] = [
  { title: "The Baker's Dozen", originalTitle: "The Baker's Dozen", language: 'en', genres: ['Comedy', 'Family'], year: 2004 },
  { title: 'Le Café des Étoiles', originalTitle: 'Le Café des Étoiles', language: 'fr', genres: ['Romance', 'Drama', 'Foreign'], year: 2001 },
  { title: "Søren's Winter", originalTitle: 'Sørens vinter', language: 'da', genres: ['Drama'], year: 2011 },
  {
    title: 'The "Perfect" Heist',
    originalTitle: 'The "Perfect" Heist',
    language: 'en',
    genres: ['Crime', 'Comedy'],
    year: 2013,
    overview: 'A "perfect" plan, a safe in Zürich, and one very bad idea.',
  },
  {
    title: 'Night Train, Day Train',
    originalTitle: 'Night Train, Day Train',
    language: 'en',
    genres: ['Thriller', 'Mystery'],
    year: 1987,
    overview: 'Two strangers share a sleeper compartment.\nOnly one of them gets off in the morning.',
  },
  { title: 'Tokyo Nights', originalTitle: '東京の夜', language: 'ja', genres: ['Drama', 'Romance'], year: 1962 },
  { title: 'The Silent Harbor', originalTitle: 'The Silent Harbor', language: 'en', genres: ['Drama', 'Mystery'], year: 1958 },
  { title: 'The Silent Harbor', originalTitle: 'The Silent Harbor', language: 'en', genres: ['Thriller', 'Mystery'], year: 2009 },
];

type GenreRef = { id: number; name: string };
type KeywordRef = { id: number; name: string };

export interface DemoCastEntry {
  cast_id: number;
  character: string;
  credit_id: string;
  gender: number;
  id: number;
  name: string;
  order: number;
  profile_path: string | null;
}

export interface DemoCrewEntry {
  credit_id: string;
  department: string;
  gender: number;
  id: number;
  job: string;
  name: string;
  profile_path: string | null;
}

export interface DemoMovie {
  /** TMDB id. */
  id: number;
  movieLensId: number;
  imdbId: string;
  title: string;
  originalTitle: string;
  originalLanguage: string;
  year: number;
  /** '' when the row is written without a release date (year then unknown to readers). */
  releaseDate: string;
  genres: GenreRef[];
  keywords: KeywordRef[];
  cast: DemoCastEntry[];
  crew: DemoCrewEntry[];
  directors: string[];
  collection: { id: number; name: string; poster_path: string | null; backdrop_path: string | null } | null;
  overview: string;
  tagline: string;
  homepage: string;
  posterPath: string;
  budget: number;
  revenue: number;
  runtime: number | null;
  status: string;
  popularity: number;
  voteAverage: number;
  voteCount: number;
  productionCompanies: { name: string; id: number }[];
  language: { iso: string; spoken: string; country: string; countryName: string };
  /** Generating model: rating = 3.5 + userBias + bias + user·factors + noise. */
  bias: number;
  factors: number[];
  /** In links_small.csv, i.e. rateable in ratings_small.csv. */
  inLinksSmall: boolean;
  kind: 'catalog' | 'split';
}

export interface DemoUser {
  userId: number;
  bias: number;
  factors: number[];
  likedGenres: string[];
  dislikedGenres: string[];
  wholeStarsOnly: boolean;
}

export interface DemoRating {
  userId: number;
  movieId: number;
  rating: number;
  timestamp: number;
}

/** A MovieLens-only movie: in links with an empty tmdbId, so its ratings cannot be mapped to metadata. */
export interface DemoUnlinkedMovie {
  movieLensId: number;
  imdbId: string;
  inLinksSmall: boolean;
  bias: number;
  factors: number[];
  popularity: number;
}

export interface DemoDirt {
  /** id cells of the 3 shifted rows (dates, like '1997-08-20' in the real file). */
  malformedIdCells: string[];
  /** Valid ids whose row is cut after `overview` (the first half of each shifted row): title and later columns empty. */
  truncatedIds: number[];
  /** Ids with two metadata rows differing only in popularity (keywords and credits rows also repeat). */
  duplicatedIds: number[];
  unparseableGenresIds: number[];
  emptyGenresIds: number[];
  emptyReleaseDateIds: number[];
  emptyOverviewIds: number[];
  overviewWithLineBreakIds: number[];
  emptyKeywordsIds: number[];
  emptyCastIds: number[];
  emptyCrewIds: number[];
  orphanKeywordIds: number[];
  orphanCreditIds: number[];
  /** MovieLens ids in links*.csv with an empty tmdbId. */
  linksWithoutTmdbIdMovieIds: number[];
  /** MovieLens ids in ratings_small.csv that no links file lists. */
  unknownRatingMovieIds: number[];
}

export interface DemoCatalog {
  seed: number;
  movies: DemoMovie[];
  unlinkedMovies: DemoUnlinkedMovie[];
  users: DemoUser[];
  ratings: DemoRating[];
  dirt: DemoDirt;
  /** Rows as written, in file order (dirt included). */
  metadataRows: string[][];
  keywordRows: string[][];
  creditRows: string[][];
  linkRows: string[][];
  linkSmallRows: string[][];
}

export interface DemoDataSummary {
  outDir: string;
  seed: number;
  files: Record<DemoFileName, { path: string; rows: number; bytes: number }>;
  /** Distinct complete catalog movies (= options.movies). */
  movies: number;
  users: number;
  /** Rows of ratings_small.csv, dirt included. */
  ratings: number;
  /** Rows whose id column holds a date (content shifted 9 columns left). */
  malformedMetadataRows: number;
  /** First halves of the shifted rows: valid id and original_title, everything from popularity on empty (title too). */
  truncatedMetadataRows: number;
  /** Distinct ids that appear in more than one metadata row. */
  duplicatedIds: number;
  /** Extra metadata rows caused by duplicated ids. */
  duplicateMetadataRows: number;
  // The empty/unparseable counts below are over the `movies` complete movies (one row per id, dirt rows excluded):
  // e.g. the truncated halves also lack release_date but are counted only in truncatedMetadataRows.
  unparseableGenresRows: number;
  /** genres '[]'. */
  emptyGenresRows: number;
  emptyReleaseDateRows: number;
  emptyOverviewRows: number;
  /** keywords.csv rows with '[]'. */
  emptyKeywordsRows: number;
  /** credits.csv rows of metadata movies with cast '[]' (the orphan credit rows have cast but crew '[]'). */
  emptyCastRows: number;
  /** credits.csv rows of metadata movies with crew '[]' (no director). */
  emptyCrewRows: number;
  duplicateKeywordRows: number;
  duplicateCreditRows: number;
  orphanKeywordRows: number;
  orphanCreditRows: number;
  linksWithoutTmdbId: number;
  linksSmallWithoutTmdbId: number;
  /** Ratings whose movieId is in no links file. */
  ratingsForUnknownMovieIds: number;
  /** Ratings whose movieId is linked but has an empty tmdbId. */
  ratingsForMoviesWithoutTmdbId: number;
  /** Ratings that map to a metadata movie through links_small.csv. */
  mappableRatings: number;
  dirt: DemoDirt;
  elapsedMs: number;
}

const GENRE_BY_NAME = new Map(vocab.TMDB_GENRES.map((genre) => [genre.name, genre]));
const HEX = '0123456789abcdef';
const PATH_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const SECONDS_PER_DAY = 86_400;
/** Latest rating time: 2017-07-01, after the last release year. */
const LAST_TIMESTAMP = Date.UTC(2017, 6, 1) / 1000;
const FIRST_USER_START = Date.UTC(2000, 0, 1) / 1000;
const LAST_USER_START = Date.UTC(2016, 8, 1) / 1000;

function genreRefs(names: readonly string[]): GenreRef[] {
  return names.map((name) => {
    const genre = GENRE_BY_NAME.get(name);
    if (!genre) throw new Error(`demo data: unknown genre ${JSON.stringify(name)}`);
    return { id: genre.id, name: genre.name };
  });
}

/** Stable keyword ids (they do not depend on the seed), spread like TMDB's. */
function buildKeywordVocabulary(): Map<string, KeywordRef> {
  const names: string[] = [];
  for (const genre of vocab.TMDB_GENRES) for (const keyword of vocab.GENRE_KEYWORDS[genre.name]) names.push(keyword);
  names.push(...vocab.GENERAL_KEYWORDS);
  const byName = new Map<string, KeywordRef>();
  for (const name of names) {
    if (!byName.has(name)) byName.set(name, { id: 931 + byName.size * 1361, name });
  }
  return byName;
}

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

function clip(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function slug(text: string): string {
  return text.normalize('NFD').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

interface Person {
  id: number;
  name: string;
  gender: number;
  profilePath: string | null;
  genres: string[];
  /** Bit i set = affinity for TMDB_GENRES[i]; lets casting weigh 700 actors per movie cheaply. */
  genreMask: number;
  weight: number;
}

const GENRE_BIT = new Map(vocab.TMDB_GENRES.map((genre, index) => [genre.name, 1 << index]));

function genreMask(genres: readonly string[]): number {
  let mask = 0;
  for (const genre of genres) mask |= GENRE_BIT.get(genre) ?? 0;
  return mask;
}

class CatalogBuilder {
  private readonly rng: Random;
  private readonly keywords = buildKeywordVocabulary();
  private readonly usedTmdbIds = new Set<number>([DEMO_ANCHOR_MOVIE.id, DEMO_ANCHOR_SEQUEL.id]);
  private readonly usedImdbIds = new Set<number>([400001, 400002]);
  private readonly usedTitles = new Set<string>();
  private readonly usedPersonIds = new Set<number>();
  private readonly genreVectors = new Map<string, number[]>();
  private readonly actors: Person[] = [];
  private readonly directors: Person[] = [];
  private readonly crewPool: Person[] = [];
  private readonly companies: { name: string; id: number }[] = [];
  private nextCastId = 1;
  private nextCollectionId = 10000;

  constructor(seed: number) {
    this.rng = new Random(deriveSeed(seed, 'catalog'));
    for (const genre of vocab.TMDB_GENRES) {
      this.genreVectors.set(genre.name, Array.from({ length: DEMO_LATENT_DIMS }, () => this.rng.normal(0, 0.6)));
    }
    this.buildPeople();
    for (const word of vocab.COMPANY_WORDS) {
      for (const suffix of vocab.COMPANY_SUFFIXES) {
        if (this.rng.chance(0.4)) this.companies.push({ name: `${word} ${suffix}`, id: this.rng.int(1, 90000) });
      }
    }
  }

  get random(): Random {
    return this.rng;
  }

  genreVector(name: string): number[] {
    return this.genreVectors.get(name)!;
  }

  private newPersonId(): number {
    let id = this.rng.int(1, 1_900_000);
    while (this.usedPersonIds.has(id)) id = this.rng.int(1, 1_900_000);
    this.usedPersonIds.add(id);
    return id;
  }

  private person(name: string, rank: number): Person {
    const genreNames = vocab.TMDB_GENRES.map((genre) => genre.name);
    const genres = this.rng.sample(genreNames, 2);
    return {
      id: this.newPersonId(),
      name,
      gender: this.rng.chance(0.12) ? 0 : this.rng.int(1, 2),
      profilePath: this.rng.chance(0.8) ? `/${this.rng.chars(PATH_CHARS, 27)}.jpg` : null,
      genres,
      genreMask: genreMask(genres),
      // Zipf-like fame: a few people appear in many movies.
      weight: 1 / (rank + 8),
    };
  }

  private buildPeople(): void {
    const names: string[] = [];
    for (const first of vocab.FIRST_NAMES) for (const last of vocab.LAST_NAMES) names.push(`${first} ${last}`);
    const shuffled = this.rng.sample(names, names.length).filter((name) => name !== DEMO_ANCHOR_MOVIE.leadActor);
    const actorNames = [DEMO_ANCHOR_MOVIE.leadActor, ...shuffled.slice(0, 699)];
    actorNames.forEach((name, rank) => this.actors.push(this.person(name, rank)));
    this.directors.push(this.person(DEMO_ANCHOR_MOVIE.director, 0));
    shuffled.slice(699, 860).forEach((name, rank) => this.directors.push(this.person(name, rank + 1)));
    shuffled.slice(860, 1160).forEach((name, rank) => this.crewPool.push(this.person(name, rank)));
  }

  newTmdbId(): number {
    let id = this.rng.int(2, 469_000);
    while (this.usedTmdbIds.has(id)) id = this.rng.int(2, 469_000);
    this.usedTmdbIds.add(id);
    return id;
  }

  newImdbId(): string {
    let id = this.rng.int(10_000, 6_999_999);
    while (this.usedImdbIds.has(id)) id = this.rng.int(10_000, 6_999_999);
    this.usedImdbIds.add(id);
    return 'tt' + String(id).padStart(7, '0');
  }

  private creditId(): string {
    return this.rng.chars(HEX, 24);
  }

  private pickWeighted<T>(items: readonly T[], weight: (item: T) => number, count: number, exclude = new Set<T>()): T[] {
    const weights = items.map((item) => (exclude.has(item) ? 0 : weight(item)));
    return this.rng.weightedSample(weights, count).map((index) => items[index]);
  }

  pickGenres(language: string): string[] {
    const names = vocab.TMDB_GENRES.map((genre) => genre.name).filter((name) => name !== 'Foreign' && name !== 'TV Movie');
    const roll = this.rng.float();
    const count = roll < 0.35 ? 1 : roll < 0.7 ? 2 : roll < 0.9 ? 3 : 4;
    const picked = this.pickWeighted(names, (name) => vocab.GENRE_WEIGHTS[name], count);
    if (language !== 'en' && this.rng.chance(0.4) && picked.length < 4) picked.push('Foreign');
    if (this.rng.chance(0.005) && picked.length < 4) picked.push('TV Movie');
    return picked;
  }

  pickLanguage(): string {
    const roll = this.rng.float();
    if (roll < 0.8) return 'en';
    return this.rng.pick(['fr', 'es', 'de', 'sv', 'da', 'it', 'ja']);
  }

  pickYear(): number {
    // Skewed towards recent years like the real catalog; 1930..2017.
    return clip(1930 + Math.floor(88 * this.rng.float() ** 0.55), 1930, 2017);
  }

  releaseDate(year: number): string {
    const month = this.rng.int(1, 12);
    const day = this.rng.int(1, 28);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  /** A made-up title, unique within the catalog, in English or the original language. */
  makeTitle(language: string): { title: string; originalTitle: string } {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const candidate = this.titleCandidate(language);
      if (!this.usedTitles.has(candidate.title)) {
        this.usedTitles.add(candidate.title);
        return candidate;
      }
    }
    throw new Error('demo data: could not find an unused title');
  }

  isTitleUsed(title: string): boolean {
    return this.usedTitles.has(title);
  }

  reserveTitle(title: string): void {
    this.usedTitles.add(title);
  }

  private englishTitle(): string {
    const r = this.rng;
    switch (r.int(0, 6)) {
      case 0: return `The ${r.pick(vocab.TITLE_ADJECTIVES)} ${r.pick(vocab.TITLE_NOUNS)}`;
      case 1: return `${r.pick(vocab.TITLE_ADJECTIVES)} ${r.pick(vocab.TITLE_NOUNS)}s`;
      case 2: return `The ${r.pick(vocab.TITLE_PEOPLE)}'s ${r.pick(vocab.TITLE_NOUNS)}`;
      case 3: return `${r.pick(vocab.FIRST_NAMES)}'s ${r.pick(vocab.TITLE_NOUNS)}`;
      case 4: return `${r.pick(vocab.TITLE_NOUNS)} in ${r.pick(vocab.TITLE_PLACES)}`;
      case 5: return `The ${r.pick(vocab.TITLE_NOUNS)} of ${r.pick(vocab.TITLE_PLACES)}`;
      default: return `${r.pick(vocab.TITLE_ADJECTIVES)} ${r.pick(vocab.TITLE_PEOPLE)}`;
    }
  }

  private titleCandidate(language: string): { title: string; originalTitle: string } {
    const foreign = vocab.FOREIGN_TITLES[language];
    if (!foreign) {
      const title = this.englishTitle();
      return { title, originalTitle: title };
    }
    const pattern = this.rng.pick(foreign.patterns);
    const words = this.rng.sample(foreign.words, 2);
    const original = pattern.replace('{0}', words[0]).replace('{1}', words[1] ?? words[0]);
    // Half of the foreign films are known by their original title, the rest by an English one.
    return { title: this.rng.chance(0.5) ? original : this.englishTitle(), originalTitle: original };
  }

  pickKeywords(genres: readonly string[], count: number): KeywordRef[] {
    const fromGenres = [...new Set(genres.flatMap((genre) => vocab.GENRE_KEYWORDS[genre]))];
    const genreCount = Math.min(fromGenres.length, Math.round(count * 0.65));
    const names = new Set(this.rng.sample(fromGenres, genreCount));
    while (names.size < count) names.add(this.rng.pick(vocab.GENERAL_KEYWORDS));
    return [...names].map((name) => this.keyword(name));
  }

  keyword(name: string): KeywordRef {
    const keyword = this.keywords.get(name);
    if (!keyword) throw new Error(`demo data: keyword ${JSON.stringify(name)} is not in the vocabulary`);
    return { id: keyword.id, name: keyword.name };
  }

  pickDirectors(genres: readonly string[]): Person[] {
    const mask = genreMask(genres);
    const count = this.rng.chance(0.1) ? 2 : 1;
    // The anchor director (index 0) only directs the anchor films, so tests can count on it.
    return this.pickWeighted(
      this.directors.slice(1),
      (person) => person.weight * ((person.genreMask & mask) !== 0 ? 6 : 1),
      count,
    );
  }

  directorByName(name: string): Person | undefined {
    return this.directors.find((person) => person.name === name);
  }

  actorByName(name: string): Person | undefined {
    return this.actors.find((person) => person.name === name);
  }

  pickCast(genres: readonly string[], count: number, leads: readonly Person[]): Person[] {
    const exclude = new Set<Person>([...leads, this.actors[0]]);
    const mask = genreMask(genres);
    const rest = this.pickWeighted(
      this.actors,
      (person) => person.weight * ((person.genreMask & mask) !== 0 ? 5 : 1),
      Math.max(0, count - leads.length),
      exclude,
    );
    return [...leads, ...rest];
  }

  characterName(): string {
    if (this.rng.chance(0.15)) return this.rng.pick(vocab.CHARACTER_ROLES);
    const first = this.rng.pick(vocab.FIRST_NAMES);
    if (this.rng.chance(0.4)) return first;
    const name = `${first} ${this.rng.pick(vocab.LAST_NAMES)}`;
    // Animated films credit voices like the real data: 'Woody (voice)'.
    return this.rng.chance(0.05) ? `${name} (voice)` : name;
  }

  castEntries(actors: readonly Person[]): DemoCastEntry[] {
    return actors.map((actor, order) => ({
      cast_id: this.nextCastId++,
      character: this.characterName(),
      credit_id: this.creditId(),
      gender: actor.gender,
      id: actor.id,
      name: actor.name,
      order,
      profile_path: actor.profilePath,
    }));
  }

  crewEntries(directors: readonly Person[]): DemoCrewEntry[] {
    const entries: DemoCrewEntry[] = [];
    const entry = (person: Person, job: string, department: string): DemoCrewEntry => ({
      credit_id: this.creditId(),
      department,
      gender: person.gender,
      id: person.id,
      job,
      name: person.name,
      profile_path: person.profilePath,
    });
    for (const director of directors) entries.push(entry(director, 'Director', 'Directing'));
    // Directors often write their own films.
    if (this.rng.chance(0.3)) entries.push(entry(directors[0], 'Screenplay', 'Writing'));
    const others = this.rng.int(2, 8);
    for (let i = 0; i < others; i++) {
      const job = this.rng.pick(vocab.CREW_JOBS);
      entries.push(entry(this.pickWeighted(this.crewPool, (person) => person.weight, 1)[0], job.job, job.department));
    }
    // TMDB lists crew in no particular order; the director is not always first.
    return this.rng.sample(entries, entries.length);
  }

  companiesFor(): { name: string; id: number }[] {
    return this.rng.sample(this.companies, this.rng.int(0, 3)).map((company) => ({ name: company.name, id: company.id }));
  }

  collectionFor(title: string): DemoMovie['collection'] {
    return {
      id: this.nextCollectionId++ * 7 + 3,
      name: `${title} Collection`,
      poster_path: this.rng.chance(0.9) ? `/${this.rng.chars(PATH_CHARS, 27)}.jpg` : null,
      backdrop_path: this.rng.chance(0.8) ? `/${this.rng.chars(PATH_CHARS, 27)}.jpg` : null,
    };
  }

  overview(title: string, cast: readonly DemoCastEntry[], keywords: readonly KeywordRef[]): string {
    const r = this.rng;
    const firstName = (entry: DemoCastEntry | undefined): string =>
      entry ? entry.character.split(' ')[0].replace(/[()]/g, '') || 'someone' : r.pick(vocab.FIRST_NAMES);
    const fill = (template: string): string =>
      template
        .replace('{name}', firstName(cast[0]))
        .replace('{name2}', firstName(cast[1]))
        .replace('{adj}', r.pick(vocab.TITLE_ADJECTIVES).toLowerCase())
        .replace('{person}', r.pick(vocab.TITLE_PEOPLE).toLowerCase())
        .replace('{kw1}', keywords[0]?.name ?? 'a secret')
        .replace('{kw2}', keywords[1]?.name ?? 'the past')
        .replace('{noun}', r.pick(vocab.TITLE_NOUNS).toLowerCase())
        .replace('{place}', r.pick(vocab.TITLE_PLACES))
        .replace('{pronoun}', r.chance(0.5) ? 'she' : 'he');
    let text = fill(r.pick(vocab.OVERVIEW_TEMPLATES));
    if (r.chance(0.4)) text += ' ' + fill(r.pick(vocab.OVERVIEW_TEMPLATES));
    if (r.chance(0.05)) text += ` "${title}" was shot in ${r.int(18, 90)} days.`;
    return text;
  }

  tagline(keywords: readonly KeywordRef[]): string {
    if (!this.rng.chance(0.6)) return '';
    return this.rng
      .pick(vocab.TAGLINE_TEMPLATES)
      .replace('{noun}', this.rng.pick(vocab.TITLE_NOUNS).toLowerCase())
      .replace('{adj}', this.rng.pick(vocab.TITLE_ADJECTIVES))
      .replace('{person}', this.rng.pick(vocab.TITLE_PEOPLE))
      .replace('{kw1}', keywords[0]?.name ?? 'time');
  }

  /** q_i = mean of the movie's genre vectors + idiosyncratic noise. */
  movieFactors(genres: readonly string[]): number[] {
    const factors = new Array<number>(DEMO_LATENT_DIMS).fill(0);
    for (const genre of genres) {
      const vector = this.genreVector(genre);
      for (let k = 0; k < DEMO_LATENT_DIMS; k++) factors[k] += vector[k] / genres.length;
    }
    return factors.map((value) => roundTo(value + this.rng.normal(0, 0.35), 6));
  }

  /** Observed TMDB-like stats: popularity and votes grow with quality (bias) and recency. */
  observedStats(bias: number, year: number): { popularity: number; voteCount: number; voteAverage: number } {
    const logPopularity = this.rng.normal(0.2, 1.1) + 1.1 * bias + 0.015 * (year - 1990);
    const popularity = Math.max(1e-6, roundTo(Math.exp(logPopularity), 6));
    const voteCount = Math.max(0, Math.round(popularity * 45 * Math.exp(this.rng.normal(0, 0.5)) - 3));
    const voteAverage = voteCount === 0 ? 0 : roundTo(clip(6.1 + 1.7 * bias + this.rng.normal(0, 0.3 + 2 / Math.sqrt(voteCount + 4)), 1, 9.6), 1);
    return { popularity, voteCount, voteAverage };
  }
}

interface Slot {
  kind: 'anchor' | 'sequelOfAnchor' | 'planted' | 'catalog' | 'split' | 'unlinked';
  planted?: PlantedTitle;
}

/** The whole synthetic dataset in memory (files are rendered from it by renderDemoFiles). */
export function buildDemoCatalog(options: DemoDataOptions = {}): DemoCatalog {
  const seed = options.seed ?? DEMO_DEFAULT_SEED;
  const movieCount = options.movies ?? DEMO_DEFAULT_MOVIES;
  const userCount = options.users ?? DEMO_DEFAULT_USERS;
  const minimumMovies = 2 + DEMO_PLANTED_TITLES.length + 30;
  if (!Number.isInteger(movieCount) || movieCount < minimumMovies) {
    throw new Error(`demo data: movies must be an integer >= ${minimumMovies}, got ${movieCount}`);
  }
  if (!Number.isInteger(userCount) || userCount < 10) throw new Error(`demo data: users must be an integer >= 10, got ${userCount}`);
  if (!Number.isInteger(seed)) throw new Error(`demo data: seed must be an integer, got ${seed}`);

  const builder = new CatalogBuilder(seed);
  const rng = builder.random;

  // Slot order = MovieLens id order = metadata/links row order; dirt slots sit at random positions.
  const slots: Slot[] = [{ kind: 'anchor' }, { kind: 'sequelOfAnchor' }];
  for (const planted of DEMO_PLANTED_TITLES) slots.push({ kind: 'planted', planted });
  for (let i = slots.length; i < movieCount; i++) slots.push({ kind: 'catalog' });
  for (const kind of ['split', 'split', 'split', 'unlinked', 'unlinked', 'unlinked'] as const) {
    slots.splice(rng.int(12, slots.length), 0, { kind });
  }

  const movies: DemoMovie[] = [];
  const unlinkedMovies: DemoUnlinkedMovie[] = [];
  const sequelCandidates: DemoMovie[] = [];
  let movieLensId = 0;
  for (const slot of slots) {
    movieLensId += slot.kind === 'anchor' || slot.kind === 'sequelOfAnchor' ? 1 : rng.chance(0.7) ? 1 : rng.int(2, 40);
    if (slot.kind === 'unlinked') {
      const bias = rng.normal(0, 0.45);
      unlinkedMovies.push({
        movieLensId,
        imdbId: builder.newImdbId(),
        inLinksSmall: unlinkedMovies.length < 2,
        bias,
        factors: builder.movieFactors(builder.pickGenres('en')),
        popularity: roundTo(Math.exp(rng.normal(1.5, 0.5)), 6),
      });
      continue;
    }
    const movie = makeMovie(builder, slot, movieLensId, movies, sequelCandidates);
    movies.push(movie);
    // Originals only (no "X 2 2"), early enough for a sequel by 2017.
    if (slot.kind === 'catalog' && !/ \d+$/.test(movie.title) && movie.year <= 2012) sequelCandidates.push(movie);
  }

  // links_small = the better-known ~70% of the catalog (MovieLens users rate what they have heard of).
  const catalogMovies = movies.filter((movie) => movie.kind === 'catalog');
  const byPopularity = catalogMovies.slice().sort((a, b) => b.popularity - a.popularity || a.movieLensId - b.movieLensId);
  const smallCount = Math.round(byPopularity.length * 0.7);
  byPopularity.forEach((movie, rank) => {
    movie.inLinksSmall = rank < smallCount || movie.id === DEMO_ANCHOR_MOVIE.id || movie.id === DEMO_ANCHOR_SEQUEL.id;
  });

  const dirt = chooseDirt(builder, catalogMovies, unlinkedMovies);
  const { users, ratings } = makeRatings(seed, userCount, movies, unlinkedMovies, builder, dirt);
  const rows = renderRows(builder, movies, unlinkedMovies, dirt);
  return { seed, movies, unlinkedMovies, users, ratings, dirt, ...rows };
}

function makeMovie(
  builder: CatalogBuilder,
  slot: Slot,
  movieLensId: number,
  earlier: readonly DemoMovie[],
  sequelCandidates: DemoMovie[],
): DemoMovie {
  const rng = builder.random;
  let id: number;
  let imdbId: string;
  let title: string;
  let originalTitle: string;
  let language: string;
  let year: number;
  let releaseDate: string;
  let genres: string[];
  let keywords: KeywordRef[];
  let directors: Person[];
  let leads: Person[] = [];
  let collection: DemoMovie['collection'] = null;
  let bias: number;
  let stats: { popularity: number; voteCount: number; voteAverage: number } | null = null;
  let overview: string | undefined;

  if (slot.kind === 'anchor' || slot.kind === 'sequelOfAnchor') {
    const spec = slot.kind === 'anchor' ? DEMO_ANCHOR_MOVIE : DEMO_ANCHOR_SEQUEL;
    ({ id, imdbId, title, year, releaseDate } = spec);
    originalTitle = title;
    language = 'en';
    genres = [...spec.genres];
    keywords = spec.keywords.map((name) => builder.keyword(name));
    directors = [builder.directorByName(spec.director)!];
    leads = [builder.actorByName(spec.leadActor)!];
    collection = slot.kind === 'anchor' ? builder.collectionFor(DEMO_ANCHOR_MOVIE.title) : earlier[0].collection;
    bias = slot.kind === 'anchor' ? 0.55 : 0.35;
    stats = { popularity: spec.popularity, voteCount: spec.voteCount, voteAverage: spec.voteAverage };
    builder.reserveTitle(title);
  } else {
    id = builder.newTmdbId();
    imdbId = builder.newImdbId();
    const sequelOf =
      slot.kind === 'catalog' && sequelCandidates.length > 0 && rng.chance(0.05) ? rng.pick(sequelCandidates) : null;
    if (slot.planted) {
      ({ title, originalTitle, language, year } = slot.planted);
      genres = [...slot.planted.genres];
      overview = slot.planted.overview;
      builder.reserveTitle(title);
    } else if (sequelOf) {
      // A sequel shares collection, director, leads, genres and most keywords with its original.
      const inCollection = sequelOf.collection ? earlier.filter((movie) => movie.collection?.id === sequelOf.collection?.id).length : 1;
      let number = inCollection + 1;
      while (builder.isTitleUsed(`${sequelOf.title} ${number}`)) number++;
      title = `${sequelOf.title} ${number}`;
      builder.reserveTitle(title);
      originalTitle = sequelOf.originalTitle === sequelOf.title ? title : `${sequelOf.originalTitle} ${number}`;
      language = sequelOf.originalLanguage;
      year = Math.min(2017, sequelOf.year + rng.int(2, 6));
      genres = sequelOf.genres.map((genre) => genre.name);
      sequelOf.collection ??= builder.collectionFor(sequelOf.title);
      collection = sequelOf.collection;
    } else {
      language = builder.pickLanguage();
      ({ title, originalTitle } = builder.makeTitle(language));
      year = builder.pickYear();
      genres = builder.pickGenres(language);
    }
    releaseDate = builder.releaseDate(year);
    if (sequelOf) {
      const inherited = rng.sample(sequelOf.keywords, Math.ceil(sequelOf.keywords.length * 0.6));
      keywords = [...inherited, builder.keyword('sequel')];
      for (const extra of builder.pickKeywords(genres, rng.int(1, 4))) {
        if (!keywords.some((keyword) => keyword.id === extra.id)) keywords.push(extra);
      }
      directors = sequelOf.crew
        .filter((entry) => entry.job === 'Director')
        .map((entry) => builder.directorByName(entry.name))
        .filter((director): director is Person => director !== undefined);
      if (directors.length === 0) directors = builder.pickDirectors(genres);
      leads = sequelOf.cast
        .slice(0, rng.int(2, 4))
        .map((entry) => builder.actorByName(entry.name))
        .filter((actor): actor is Person => actor !== undefined);
      bias = roundTo(sequelOf.bias - 0.15 + rng.normal(0, 0.25), 6);
    } else {
      keywords = builder.pickKeywords(genres, rng.int(3, 15));
      directors = builder.pickDirectors(genres);
      bias = roundTo(rng.normal(0, 0.45), 6);
    }
  }

  const castCount = slot.kind === 'anchor' || slot.kind === 'sequelOfAnchor' ? 10 : rng.int(5, 12);
  const cast = builder.castEntries(builder.pickCast(genres, castCount, leads));
  const crew = builder.crewEntries(directors);
  const observed = stats ?? builder.observedStats(bias, year);
  const spec = vocab.LANGUAGES[language];
  const budget = rng.chance(0.45) ? 0 : Math.round(Math.exp(rng.normal(16.5, 1.2)) / 1e5) * 1e5;
  const revenue = rng.chance(0.5) ? 0 : Math.round((budget || 1e7) * Math.exp(rng.normal(0.4 + bias, 0.8)));
  const genreRefList = genreRefs(genres);
  return {
    id,
    movieLensId,
    imdbId,
    title,
    originalTitle,
    originalLanguage: language,
    year,
    releaseDate,
    genres: genreRefList,
    keywords,
    cast,
    crew,
    directors: directors.map((director) => director.name),
    collection,
    overview: overview ?? builder.overview(title, cast, keywords),
    tagline: builder.tagline(keywords),
    homepage: rng.chance(0.12) ? `http://www.${slug(title) || 'film'}.com/` : '',
    posterPath: rng.chance(0.98) ? `/${rng.chars(PATH_CHARS, 27)}.jpg` : '',
    budget,
    revenue,
    runtime: rng.chance(0.01) ? null : clip(Math.round(rng.normal(104, 18)), 62, 210),
    status: rng.chance(0.985) ? 'Released' : rng.pick(['Rumored', 'Post Production']),
    popularity: observed.popularity,
    voteAverage: observed.voteAverage,
    voteCount: observed.voteCount,
    productionCompanies: builder.companiesFor(),
    language: { iso: language, ...spec },
    bias,
    factors: builder.movieFactors(genres.length > 0 ? genres : ['Drama']),
    inLinksSmall: false,
    kind: slot.kind === 'split' ? 'split' : 'catalog',
  };
}

/** Picks disjoint catalog movies for each kind of dirt (never the anchor films or planted titles). */
function chooseDirt(builder: CatalogBuilder, catalogMovies: readonly DemoMovie[], unlinked: readonly DemoUnlinkedMovie[]): DemoDirt {
  const rng = builder.random;
  const protectedIds = new Set<number>([DEMO_ANCHOR_MOVIE.id, DEMO_ANCHOR_SEQUEL.id]);
  const plantedTitles = new Set(DEMO_PLANTED_TITLES.map((planted) => planted.title));
  const pool = rng.sample(
    catalogMovies.filter((movie) => !protectedIds.has(movie.id) && !plantedTitles.has(movie.title)),
    catalogMovies.length,
  );
  let cursor = 0;
  const take = (count: number): DemoMovie[] => pool.slice(cursor, (cursor += count));
  const usedIds = new Set(catalogMovies.map((movie) => movie.id));
  const orphanId = (): number => {
    const id = builder.newTmdbId();
    usedIds.add(id);
    return id;
  };

  const duplicated = take(3);
  const unparseable = take(1);
  const emptyGenres = take(5);
  const emptyRelease = take(4);
  const emptyOverview = take(Math.max(3, Math.round(catalogMovies.length * 0.02)));
  const emptyKeywords = take(Math.max(3, Math.round(catalogMovies.length * 0.02)));
  const emptyCast = take(2);
  const emptyCrew = take(2);

  for (const movie of emptyGenres) movie.genres = [];
  for (const movie of emptyRelease) movie.releaseDate = '';
  for (const movie of emptyOverview) movie.overview = '';
  for (const movie of emptyKeywords) movie.keywords = [];
  for (const movie of emptyCast) movie.cast = [];
  for (const movie of emptyCrew) {
    movie.crew = [];
    movie.directors = [];
  }
  const lineBreakIds = catalogMovies.filter((movie) => /[\r\n]/.test(movie.overview)).map((movie) => movie.id);
  return {
    malformedIdCells: [],
    truncatedIds: [],
    duplicatedIds: duplicated.map((movie) => movie.id),
    unparseableGenresIds: unparseable.map((movie) => movie.id),
    emptyGenresIds: emptyGenres.map((movie) => movie.id),
    emptyReleaseDateIds: emptyRelease.map((movie) => movie.id),
    emptyOverviewIds: emptyOverview.map((movie) => movie.id),
    overviewWithLineBreakIds: lineBreakIds,
    emptyKeywordsIds: emptyKeywords.map((movie) => movie.id),
    emptyCastIds: emptyCast.map((movie) => movie.id),
    emptyCrewIds: emptyCrew.map((movie) => movie.id),
    orphanKeywordIds: [orphanId(), orphanId()],
    orphanCreditIds: [orphanId(), orphanId()],
    linksWithoutTmdbIdMovieIds: unlinked.map((movie) => movie.movieLensId),
    unknownRatingMovieIds: [],
  };
}

/**
 * Ratings from the generating model:
 *   r_ui = clip(round_half(3.5 + b_u + b_i + p_u·q_i + eps), 0.5, 5),  eps ~ N(0, 0.55²)
 * (whole-star users round to integers, clipped to 1..5). Users pick movies with probability
 * ∝ popularity^0.8 · exp(0.35 · p_u·q_i / sd), i.e. popular films and films they like are rated more often.
 */
function makeRatings(
  seed: number,
  userCount: number,
  movies: readonly DemoMovie[],
  unlinked: readonly DemoUnlinkedMovie[],
  builder: CatalogBuilder,
  dirt: DemoDirt,
): { users: DemoUser[]; ratings: DemoRating[] } {
  const rng = new Random(deriveSeed(seed, 'ratings'));
  const genreNames = vocab.TMDB_GENRES.map((genre) => genre.name).filter((name) => name !== 'Foreign' && name !== 'TV Movie');
  type Rateable = { movieLensId: number; bias: number; factors: number[]; popularity: number; releaseTs: number };
  const pool: Rateable[] = [];
  for (const movie of movies) {
    if (!movie.inLinksSmall) continue;
    pool.push({
      movieLensId: movie.movieLensId,
      bias: movie.bias,
      factors: movie.factors,
      popularity: movie.popularity,
      releaseTs: Date.UTC(movie.year, 0, 1) / 1000,
    });
  }
  for (const movie of unlinked) {
    if (movie.inLinksSmall) {
      pool.push({ movieLensId: movie.movieLensId, bias: movie.bias, factors: movie.factors, popularity: movie.popularity, releaseTs: FIRST_USER_START });
    }
  }

  const rawUsers = Array.from({ length: userCount }, (_, index) => {
    const liked = rng.sample(genreNames, rng.int(1, 3));
    const disliked = rng.sample(genreNames.filter((name) => !liked.includes(name)), rng.int(0, 2));
    const factors = new Array<number>(DEMO_LATENT_DIMS).fill(0);
    for (const genre of liked) builder.genreVector(genre).forEach((value, k) => (factors[k] += value));
    for (const genre of disliked) builder.genreVector(genre).forEach((value, k) => (factors[k] -= 0.7 * value));
    for (let k = 0; k < DEMO_LATENT_DIMS; k++) factors[k] += rng.normal(0, 0.3);
    return { userId: index + 1, bias: roundTo(rng.normal(0, 0.4), 6), factors, liked, disliked, wholeStarsOnly: rng.chance(0.3) };
  });

  // Rescale user vectors so the interaction term has sd 0.65: enough taste signal for MF to find.
  const dots: number[] = [];
  for (let i = 0; i < 2000; i++) dots.push(dot(rng.pick(rawUsers).factors, rng.pick(pool).factors));
  const mean = dots.reduce((sum, value) => sum + value, 0) / dots.length;
  const sd = Math.sqrt(dots.reduce((sum, value) => sum + (value - mean) ** 2, 0) / dots.length) || 1;
  const scale = 0.65 / sd;
  const users: DemoUser[] = rawUsers.map((user) => ({
    userId: user.userId,
    bias: user.bias,
    factors: user.factors.map((value) => roundTo(value * scale, 6)),
    likedGenres: user.liked,
    dislikedGenres: user.disliked,
    wholeStarsOnly: user.wholeStarsOnly,
  }));

  const ratings: DemoRating[] = [];
  for (const user of users) {
    const count = Math.min(pool.length, 20 + Math.floor(180 * rng.float() ** 2.2));
    const weights = pool.map((movie) => movie.popularity ** 0.8 * Math.exp((0.35 * dot(user.factors, movie.factors)) / 0.65));
    const chosen = rng.weightedSample(weights, count).sort((a, b) => pool[a].movieLensId - pool[b].movieLensId);
    const start = FIRST_USER_START + rng.float() * (LAST_USER_START - FIRST_USER_START);
    for (const index of chosen) {
      const movie = pool[index];
      const raw = 3.5 + user.bias + movie.bias + dot(user.factors, movie.factors) + rng.normal(0, 0.55);
      const rating = user.wholeStarsOnly ? clip(Math.round(raw), 1, 5) : clip(Math.round(raw * 2) / 2, 0.5, 5);
      const earliest = Math.max(start, movie.releaseTs + 30 * SECONDS_PER_DAY);
      const timestamp = Math.floor(Math.min(LAST_TIMESTAMP, earliest + rng.float() * 2 * 365 * SECONDS_PER_DAY));
      ratings.push({ userId: user.userId, movieId: movie.movieLensId, rating, timestamp });
    }
  }

  // Dirt: a few ratings for MovieLens ids that no links file knows.
  const maxMovieLensId = Math.max(...movies.map((movie) => movie.movieLensId), ...unlinked.map((movie) => movie.movieLensId));
  dirt.unknownRatingMovieIds = [maxMovieLensId + 17, maxMovieLensId + 4242];
  for (const [k, movieId] of dirt.unknownRatingMovieIds.entries()) {
    const raters = rng.sample(users, 2 + k);
    for (const user of raters) {
      ratings.push({ userId: user.userId, movieId, rating: rng.int(1, 10) / 2, timestamp: Math.floor(LAST_TIMESTAMP - rng.float() * 1e8) });
    }
  }
  ratings.sort((a, b) => a.userId - b.userId || a.movieId - b.movieId);
  return { users, ratings };
}

function listCell(entries: readonly object[]): string {
  return toPythonRepr(entries as unknown as PyValue);
}

function metadataRow(movie: DemoMovie, popularity = movie.popularity): string[] {
  const language = movie.language;
  return [
    'False',
    movie.collection ? toPythonRepr(movie.collection) : '',
    String(movie.budget),
    listCell(movie.genres),
    movie.homepage,
    String(movie.id),
    movie.imdbId,
    movie.originalLanguage,
    movie.originalTitle,
    movie.overview,
    pythonFloatRepr(popularity),
    movie.posterPath,
    listCell(movie.productionCompanies),
    listCell([{ iso_3166_1: language.country, name: language.countryName }]),
    movie.releaseDate,
    String(movie.revenue),
    movie.runtime === null ? '' : pythonFloatRepr(movie.runtime),
    listCell([{ iso_639_1: language.iso, name: language.spoken }]),
    movie.status,
    movie.tagline,
    movie.title,
    'False',
    pythonFloatRepr(movie.voteAverage),
    String(movie.voteCount),
  ];
}

/**
 * A row broken after `overview`, as 3 rows of the real file: the first half keeps adult..overview (overview cut short),
 * the second half starts with the overview's tail and carries popularity..vote_count shifted 9 columns left,
 * so its id column holds the release date.
 */
function splitRows(movie: DemoMovie, rng: Random): [string[], string[]] {
  const full = metadataRow(movie);
  const overviewWords = movie.overview.split(' ');
  const cut = Math.max(1, Math.floor(overviewWords.length * (0.3 + 0.5 * rng.float())));
  const first = full.slice(0, 10);
  first[9] = overviewWords.slice(0, cut).join(' ');
  const firstHalf = [...first, ...new Array<string>(14).fill('')];
  const tail = ' ' + overviewWords.slice(cut).join(' ') + ' - Written by Ørnås';
  const shifted = [tail, ...full.slice(10, 24)];
  const secondHalf = [...shifted, ...new Array<string>(24 - shifted.length).fill('')];
  return [firstHalf, secondHalf];
}

function renderRows(
  builder: CatalogBuilder,
  movies: readonly DemoMovie[],
  unlinked: readonly DemoUnlinkedMovie[],
  dirt: DemoDirt,
): Pick<DemoCatalog, 'metadataRows' | 'keywordRows' | 'creditRows' | 'linkRows' | 'linkSmallRows'> {
  const rng = builder.random;
  const metadataRows: string[][] = [];
  const keywordRows: string[][] = [];
  const creditRows: string[][] = [];
  const duplicated = new Set(dirt.duplicatedIds);
  const unparseable = new Set(dirt.unparseableGenresIds);
  const lateDuplicates: { at: number; movie: DemoMovie }[] = [];

  for (const movie of movies) {
    const keywordRow = [String(movie.id), listCell(movie.keywords)];
    const creditRow = [listCell(movie.cast), listCell(movie.crew), String(movie.id)];
    if (movie.kind === 'split') {
      const [firstHalf, secondHalf] = splitRows(movie, rng);
      metadataRows.push(firstHalf, secondHalf);
      dirt.truncatedIds.push(movie.id);
      dirt.malformedIdCells.push(secondHalf[5]);
    } else {
      const row = metadataRow(movie);
      if (unparseable.has(movie.id)) {
        // Cut mid-dict, as a truncated export would leave it.
        const cell = row[3];
        row[3] = movie.genres.length > 0 ? cell.slice(0, Math.max(3, cell.length - 9)) : "[{'id': 18, 'name': 'Dra";
      }
      metadataRows.push(row);
      if (duplicated.has(movie.id)) lateDuplicates.push({ at: metadataRows.length + rng.int(5, 200), movie });
    }
    keywordRows.push(keywordRow);
    creditRows.push(creditRow);
  }
  // Duplicates appear later in the file and differ only in popularity (scraped at another time).
  for (const { at, movie } of lateDuplicates.sort((a, b) => b.at - a.at)) {
    const position = Math.min(at, metadataRows.length);
    const popularity = roundTo(movie.popularity * (1 + rng.normal(0.1, 0.05)) + 1e-6, 6);
    metadataRows.splice(position, 0, metadataRow(movie, popularity));
    const keywordIndex = keywordRows.findIndex((row) => row[0] === String(movie.id));
    keywordRows.splice(Math.min(keywordIndex + rng.int(5, 200), keywordRows.length), 0, keywordRows[keywordIndex]);
    const creditIndex = creditRows.findIndex((row) => row[2] === String(movie.id));
    creditRows.splice(Math.min(creditIndex + rng.int(5, 200), creditRows.length), 0, creditRows[creditIndex]);
  }
  // Orphans: keywords/credits for ids that have no metadata row.
  for (const id of dirt.orphanKeywordIds) {
    keywordRows.splice(rng.int(1, keywordRows.length), 0, [String(id), listCell(builder.pickKeywords(['Drama'], 4))]);
  }
  for (const id of dirt.orphanCreditIds) {
    const cast = builder.castEntries(builder.pickCast(['Drama'], 5, []));
    creditRows.splice(rng.int(1, creditRows.length), 0, [listCell(cast), '[]', String(id)]);
  }

  type LinkEntry = { movieLensId: number; imdbId: string; tmdbId: string; small: boolean };
  const links: LinkEntry[] = [
    ...movies.map((movie) => ({ movieLensId: movie.movieLensId, imdbId: movie.imdbId, tmdbId: String(movie.id), small: movie.inLinksSmall })),
    ...unlinked.map((movie) => ({ movieLensId: movie.movieLensId, imdbId: movie.imdbId, tmdbId: '', small: movie.inLinksSmall })),
  ].sort((a, b) => a.movieLensId - b.movieLensId);
  const linkRow = (entry: LinkEntry): string[] => [String(entry.movieLensId), entry.imdbId.slice(2), entry.tmdbId];
  return {
    metadataRows,
    keywordRows,
    creditRows,
    linkRows: links.map(linkRow),
    linkSmallRows: links.filter((entry) => entry.small).map(linkRow),
  };
}

function formatRating(rating: number): string {
  return Number.isInteger(rating) ? `${rating}.0` : String(rating);
}

/** The six CSV files as text, exactly as they are written to disk. */
export function renderDemoFiles(catalog: DemoCatalog): Record<DemoFileName, string> {
  const ratingRows = catalog.ratings.map((rating) => [
    String(rating.userId),
    String(rating.movieId),
    formatRating(rating.rating),
    String(rating.timestamp),
  ]);
  const endings = DEMO_LINE_ENDINGS;
  return {
    'movies_metadata.csv': csvDocument(METADATA_HEADER, catalog.metadataRows, endings['movies_metadata.csv']),
    'credits.csv': csvDocument(CREDITS_HEADER, catalog.creditRows, endings['credits.csv']),
    'keywords.csv': csvDocument(KEYWORDS_HEADER, catalog.keywordRows, endings['keywords.csv']),
    'links.csv': csvDocument(LINKS_HEADER, catalog.linkRows, endings['links.csv']),
    'links_small.csv': csvDocument(LINKS_HEADER, catalog.linkSmallRows, endings['links_small.csv']),
    'ratings_small.csv': csvDocument(RATINGS_HEADER, ratingRows, endings['ratings_small.csv']),
  };
}

/** Counts derived from the catalog (what the pipeline's skip counters should see). */
export function summarizeDemoCatalog(catalog: DemoCatalog, outDir: string, texts: Record<DemoFileName, string>): DemoDataSummary {
  const { dirt } = catalog;
  const rowCounts: Record<DemoFileName, number> = {
    'movies_metadata.csv': catalog.metadataRows.length,
    'credits.csv': catalog.creditRows.length,
    'keywords.csv': catalog.keywordRows.length,
    'links.csv': catalog.linkRows.length,
    'links_small.csv': catalog.linkSmallRows.length,
    'ratings_small.csv': catalog.ratings.length,
  };
  const files = {} as DemoDataSummary['files'];
  for (const name of DEMO_FILE_NAMES) {
    files[name] = { path: join(outDir, name), rows: rowCounts[name], bytes: Buffer.byteLength(texts[name], 'utf8') };
  }
  const unknown = new Set(dirt.unknownRatingMovieIds);
  const unlinked = new Set(dirt.linksWithoutTmdbIdMovieIds);
  const ratingsForUnknownMovieIds = catalog.ratings.filter((rating) => unknown.has(rating.movieId)).length;
  const ratingsForMoviesWithoutTmdbId = catalog.ratings.filter((rating) => unlinked.has(rating.movieId)).length;
  return {
    outDir,
    seed: catalog.seed,
    files,
    movies: catalog.movies.filter((movie) => movie.kind === 'catalog').length,
    users: catalog.users.length,
    ratings: catalog.ratings.length,
    malformedMetadataRows: dirt.malformedIdCells.length,
    truncatedMetadataRows: dirt.truncatedIds.length,
    duplicatedIds: dirt.duplicatedIds.length,
    duplicateMetadataRows: dirt.duplicatedIds.length,
    unparseableGenresRows: dirt.unparseableGenresIds.length,
    emptyGenresRows: dirt.emptyGenresIds.length,
    emptyReleaseDateRows: dirt.emptyReleaseDateIds.length,
    emptyOverviewRows: dirt.emptyOverviewIds.length,
    emptyKeywordsRows: dirt.emptyKeywordsIds.length,
    emptyCastRows: dirt.emptyCastIds.length,
    emptyCrewRows: dirt.emptyCrewIds.length,
    duplicateKeywordRows: dirt.duplicatedIds.length,
    duplicateCreditRows: dirt.duplicatedIds.length,
    orphanKeywordRows: dirt.orphanKeywordIds.length,
    orphanCreditRows: dirt.orphanCreditIds.length,
    linksWithoutTmdbId: catalog.linkRows.filter((row) => row[2] === '').length,
    linksSmallWithoutTmdbId: catalog.linkSmallRows.filter((row) => row[2] === '').length,
    ratingsForUnknownMovieIds,
    ratingsForMoviesWithoutTmdbId,
    mappableRatings: catalog.ratings.length - ratingsForUnknownMovieIds - ratingsForMoviesWithoutTmdbId,
    dirt,
    elapsedMs: 0,
  };
}

/** Generates the demo dataset into outDir (created if missing). Same seed and options -> byte-identical files. */
export async function generateDemoData(outDir: string, options: DemoDataOptions = {}): Promise<DemoDataSummary> {
  const started = performance.now();
  const catalog = buildDemoCatalog(options);
  const texts = renderDemoFiles(catalog);
  await mkdir(outDir, { recursive: true });
  await Promise.all(DEMO_FILE_NAMES.map((name) => writeFile(join(outDir, name), texts[name], 'utf8')));
  const summary = summarizeDemoCatalog(catalog, outDir, texts);
  summary.elapsedMs = Math.round(performance.now() - started);
  return summary;
}
