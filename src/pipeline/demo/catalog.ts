// The whole synthetic dataset in memory: movie slots in MovieLens id order, each movie's facts, then dirt, ratings and rows.
import { CatalogBuilder, clip, PATH_CHARS, roundTo, type Person } from './builder';
import { renderRows } from './csv';
import { chooseDirt } from './dirt';
import { makeRatings } from './ratings';
import {
  DEMO_ANCHOR_MOVIE,
  DEMO_ANCHOR_SEQUEL,
  DEMO_DEFAULT_MOVIES,
  DEMO_DEFAULT_SEED,
  DEMO_DEFAULT_USERS,
  DEMO_PLANTED_TITLES,
  type DemoCatalog,
  type DemoDataOptions,
  type DemoMovie,
  type DemoUnlinkedMovie,
  type GenreRef,
  type KeywordRef,
  type PlantedTitle,
} from './spec';
import * as vocab from './vocabulary';

const GENRE_BY_NAME = new Map(vocab.TMDB_GENRES.map((genre) => [genre.name, genre]));

function genreRefs(names: readonly string[]): GenreRef[] {
  return names.map((name) => {
    const genre = GENRE_BY_NAME.get(name);
    if (!genre) throw new Error(`demo data: unknown genre ${JSON.stringify(name)}`);
    return { id: genre.id, name: genre.name };
  });
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
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

function makeMovie(builder: CatalogBuilder, slot: Slot, movieLensId: number, earlier: readonly DemoMovie[], sequelCandidates: DemoMovie[]): DemoMovie {
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
    const sequelOf = slot.kind === 'catalog' && sequelCandidates.length > 0 && rng.chance(0.05) ? rng.pick(sequelCandidates) : null;
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
