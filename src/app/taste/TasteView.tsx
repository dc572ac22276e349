// "Your taste" (#/taste): how you rate, against the crowd per genre, when your movies were made and how your ratings
// grew, your directors and actors, and where your movies sit on the model's taste map; each chart with its text
// alternative and SVG / PNG export. Data: ./tasteData.ts; drawing: ./charts.ts (lazy).
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useProfileSession, useServices } from '../services';
import { QueryError } from '../shared/QueryError';
import { useEngineQuery } from '../shared/useEngineQuery';
import type { ChartColours, ChartId } from './charts';
import { downloadPng, downloadSvg } from './exportChart';
import type { TasteProfile } from '../../engine/types';
import { describeCrowd, describeDecades, describeDistribution, describeGrowth, describeMap, describePeople, joinRated, type RatedMovie } from './tasteData';

type Charts = typeof import('./charts');

const CHARTS: { id: ChartId; title: string; describe(rated: readonly RatedMovie[], profile: TasteProfile | null): string }[] = [
  { id: 'distribution', title: 'How you rate', describe: describeDistribution },
  { id: 'crowd', title: 'You and the crowd, by genre', describe: (rated) => describeCrowd(rated) },
  { id: 'decades', title: 'When your movies were made', describe: describeDecades },
  { id: 'growth', title: 'Your ratings over time', describe: describeGrowth },
  {
    id: 'people',
    title: 'Your directors and actors',
    describe: (_rated, profile) => (profile ? describePeople(profile.people) : 'Reading the cast and crew…'),
  },
  { id: 'map', title: 'Where your taste sits', describe: (_rated, profile) => describeMap(profile?.map ?? null) },
];

/** Changes whenever the theme does (the header's switch sets data-theme; the system setting applies without it). */
function subscribeTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', onChange);
  };
}
const themeSnapshot = () => `${document.documentElement.dataset.theme ?? ''}:${matchMedia('(prefers-color-scheme: dark)').matches}`;

function themeColours(): ChartColours & { background: string } {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return {
    text: read('--text'),
    muted: read('--muted'),
    accent: read('--accent-strong'),
    crowd: read('--muted'),
    grid: read('--border'),
    background: read('--surface'),
  };
}

export function TasteView() {
  const { bridge } = useServices();
  const session = useProfileSession();
  const records = session.ratingRecords.toArray();
  const ids = records.map((record) => record.movieId);
  const latest = records.reduce((max, record) => Math.max(max, record.updatedAt), 0);
  const movies = useEngineQuery(ids.length > 0 ? `taste:${ids.length}:${latest}` : null, () => bridge.getMovies(ids));
  const [charts, setCharts] = useState<Charts | null>(null);
  const [chartsFailed, setChartsFailed] = useState(false);
  useEffect(() => {
    import('./charts').then(setCharts, () => setChartsFailed(true));
  }, []);
  // Directors, actors and the factor map come from the engine (keyword soup, item factors).
  const profile = useEngineQuery(ids.length > 0 ? `taste-profile:${ids.length}:${latest}` : null, () =>
    bridge.tasteProfile(records.map((r) => ({ movieId: r.movieId, rating: r.rating }))),
  );
  const summaries = new Map((movies.data ?? []).map((movie) => [movie.id, movie]));
  const rated = movies.data ? joinRated(records, summaries) : [];

  return (
    <section className="view taste-view" aria-labelledby="taste-heading">
      <h1 id="taste-heading" className="view-title">
        Your taste
      </h1>
      <p className="view-lede">Drawn from your {records.length.toLocaleString('en-US')} ratings on this device; TMDB’s averages are the crowd.</p>
      <QueryError what="Your movies" error={movies.error} onRetry={movies.reload} />
      <QueryError what="Your directors, actors and map" error={profile.error} onRetry={profile.reload} />
      {records.length === 0 ? <p className="empty-state">Rate a few movies and your taste shows here.</p> : null}
      {chartsFailed ? (
        <p className="notice notice-error" role="alert">
          The charts could not be loaded. The descriptions below still say what they show.
        </p>
      ) : null}
      {records.length > 0 && movies.data ? (
        CHARTS.map((chart) => (
          <TasteChart
            key={chart.id}
            id={chart.id}
            title={chart.title}
            text={chart.describe(rated, profile.data ?? null)}
            rated={rated}
            profile={profile.data ?? null}
            charts={charts}
          />
        ))
      ) : records.length > 0 ? (
        <p className="result-count">Reading your movies…</p>
      ) : null}
    </section>
  );
}

function TasteChart({
  id,
  title,
  text,
  rated,
  profile,
  charts,
}: {
  id: ChartId;
  title: string;
  text: string;
  rated: RatedMovie[];
  profile: TasteProfile | null;
  charts: Charts | null;
}) {
  // The people chart and the map wait for the engine's answer; the others draw from the ratings alone.
  const needsProfile = id === 'people' || id === 'map';
  const headingId = useId();
  const textId = useId();
  const holder = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement | null>(null);
  const theme = useSyncExternalStore(subscribeTheme, themeSnapshot);
  const [width, setWidth] = useState(0);
  const [exportError, setExportError] = useState<string | null>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(Math.floor(element.clientWidth)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const element = holder.current;
    if (!charts || !element || width === 0 || rated.length === 0 || (needsProfile && !profile)) return;
    const svg = charts.drawChart(id, rated, themeColours(), width, profile);
    svg.setAttribute('aria-labelledby', headingId);
    svg.setAttribute('aria-describedby', textId);
    element.replaceChildren(svg);
    svgRef.current = svg;
  }, [charts, id, rated, width, theme, headingId, textId, needsProfile, profile]);

  const fileName = `cinelocal-taste-${id}`;
  const exportAs = (kind: 'svg' | 'png') => {
    const svg = svgRef.current;
    if (!svg) return;
    setExportError(null);
    const background = themeColours().background;
    if (kind === 'svg') downloadSvg(svg, background, fileName);
    else downloadPng(svg, background, fileName).catch((error: unknown) => setExportError(error instanceof Error ? error.message : String(error)));
  };

  return (
    <figure className="taste-chart" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p id={textId} className="taste-chart-text">
        {text}
      </p>
      {id === 'crowd' ? (
        <p className="taste-legend" aria-hidden="true">
          <span className="taste-legend-you">● You</span> <span className="taste-legend-crowd">■ TMDB average</span>
        </p>
      ) : null}
      <div ref={holder} className="taste-chart-canvas" />
      {rated.length > 0 ? (
        <div className="taste-chart-actions">
          <button type="button" className="button button-small" disabled={!charts || (needsProfile && !profile)} onClick={() => exportAs('svg')}>
            Download SVG<span className="sr-only"> of “{title}”</span>
          </button>
          <button type="button" className="button button-small" disabled={!charts || (needsProfile && !profile)} onClick={() => exportAs('png')}>
            Download PNG<span className="sr-only"> of “{title}”</span>
          </button>
        </div>
      ) : null}
      {exportError ? (
        <p className="notice notice-error" role="alert">
          {exportError}
        </p>
      ) : null}
    </figure>
  );
}
