// The seeded source of catalog facts: people (actors, directors, crew), titles, ids, genres, keywords, companies,
// collections, overviews and each movie's latent factors and observed popularity/votes.
import { deriveSeed, Random } from './random';
import { DEMO_ANCHOR_MOVIE, DEMO_ANCHOR_SEQUEL, DEMO_LATENT_DIMS, type DemoCastEntry, type DemoCrewEntry, type DemoMovie, type KeywordRef } from './spec';
import * as vocab from './vocabulary';

const HEX = '0123456789abcdef';
export const PATH_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

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

export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

export function clip(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

export interface Person {
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

export class CatalogBuilder {
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
      this.genreVectors.set(
        genre.name,
        Array.from({ length: DEMO_LATENT_DIMS }, () => this.rng.normal(0, 0.6)),
      );
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
      case 0:
        return `The ${r.pick(vocab.TITLE_ADJECTIVES)} ${r.pick(vocab.TITLE_NOUNS)}`;
      case 1:
        return `${r.pick(vocab.TITLE_ADJECTIVES)} ${r.pick(vocab.TITLE_NOUNS)}s`;
      case 2:
        return `The ${r.pick(vocab.TITLE_PEOPLE)}'s ${r.pick(vocab.TITLE_NOUNS)}`;
      case 3:
        return `${r.pick(vocab.FIRST_NAMES)}'s ${r.pick(vocab.TITLE_NOUNS)}`;
      case 4:
        return `${r.pick(vocab.TITLE_NOUNS)} in ${r.pick(vocab.TITLE_PLACES)}`;
      case 5:
        return `The ${r.pick(vocab.TITLE_NOUNS)} of ${r.pick(vocab.TITLE_PLACES)}`;
      default:
        return `${r.pick(vocab.TITLE_ADJECTIVES)} ${r.pick(vocab.TITLE_PEOPLE)}`;
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
    return this.pickWeighted(this.directors.slice(1), (person) => person.weight * ((person.genreMask & mask) !== 0 ? 6 : 1), count);
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
