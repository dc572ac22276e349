// Rendering to CSV: metadata/keyword/credit/link rows (with the row-level dirt: split rows, a cut genres cell,
// late duplicates, orphans) and the six files' text, Python-literal cells printed like pandas wrote them.
import type { PyValue } from '../pythonLiteral';
import { roundTo, type CatalogBuilder } from './builder';
import { csvDocument } from './csvWriter';
import { pythonFloatRepr, toPythonRepr } from './pythonRepr';
import type { Random } from './random';
import {
  CREDITS_HEADER,
  DEMO_LINE_ENDINGS,
  KEYWORDS_HEADER,
  LINKS_HEADER,
  METADATA_HEADER,
  RATINGS_HEADER,
  type DemoCatalog,
  type DemoDirt,
  type DemoFileName,
  type DemoMovie,
  type DemoUnlinkedMovie,
} from './spec';

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

export function renderRows(
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
  const ratingRows = catalog.ratings.map((rating) => [String(rating.userId), String(rating.movieId), formatRating(rating.rating), String(rating.timestamp)]);
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
