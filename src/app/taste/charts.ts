// The "Your taste" charts, drawn with Observable Plot (its own chunk, loaded with the page: 98 KB gzip against 315 KB
// for vega + vega-lite + vega-embed, which also needs eval under our CSP). Colours come from the theme's variables.
import * as Plot from '@observablehq/plot';
import { decadeCounts, genreTaste, ratingDistribution, ratingsOverTime, type RatedMovie } from './tasteData';

export type ChartId = 'distribution' | 'crowd' | 'decades' | 'growth';

export interface ChartColours {
  text: string;
  muted: string;
  accent: string;
  crowd: string;
  grid: string;
}

const MAX_GENRES = 10;

/** A detached <svg>; its <style> element is dropped (the CSP allows no inline styles; styles.css has the same rules). */
export function drawChart(id: ChartId, rated: readonly RatedMovie[], colours: ChartColours, width: number): SVGSVGElement {
  const base = { width, height: 260, className: 'taste-plot', style: { background: 'transparent', color: colours.text } } as const;
  let chart: SVGSVGElement | HTMLElement;
  switch (id) {
    case 'distribution':
      chart = Plot.plot({
        ...base,
        x: { label: 'Your rating (★)', tickFormat: (d: number) => d.toFixed(1) },
        y: { label: 'Movies', grid: true },
        marks: [Plot.barY(ratingDistribution(rated), { x: 'stars', y: 'count', fill: colours.accent, tip: false }), Plot.ruleY([0], { stroke: colours.muted })],
      });
      break;
    case 'crowd': {
      const genres = genreTaste(rated).slice(0, MAX_GENRES);
      const rows = genres.flatMap((genre) => [
        { genre: genre.genre, who: 'You', mean: genre.mean },
        ...(genre.crowd !== null ? [{ genre: genre.genre, who: 'TMDB average', mean: genre.crowd }] : []),
      ]);
      chart = Plot.plot({
        ...base,
        height: 40 + genres.length * 34,
        marginLeft: 110,
        x: { label: 'Mean rating (★)', domain: [0, 5], grid: true },
        y: { label: null, domain: genres.map((genre) => genre.genre) },
        color: { domain: ['You', 'TMDB average'], range: [colours.accent, colours.crowd], legend: false },
        symbol: { domain: ['You', 'TMDB average'], range: ['circle', 'square'], legend: false },
        marks: [Plot.ruleY(genres, { y: 'genre', x1: 0, x2: 5, stroke: colours.grid }), Plot.dot(rows, { x: 'mean', y: 'genre', fill: 'who', r: 6, symbol: 'who' })],
      });
      break;
    }
    case 'decades':
      chart = Plot.plot({
        ...base,
        x: { label: 'Decade of release', tickFormat: (d: number) => `${d}s` },
        y: { label: 'Movies', grid: true },
        marks: [Plot.barY(decadeCounts(rated), { x: 'decade', y: 'count', fill: colours.accent }), Plot.ruleY([0], { stroke: colours.muted })],
      });
      break;
    case 'growth':
      chart = Plot.plot({
        ...base,
        x: { label: 'Month', type: 'utc' },
        y: { label: 'Ratings so far', grid: true },
        marks: [Plot.lineY(ratingsOverTime(rated), { x: 'month', y: 'total', stroke: colours.accent, strokeWidth: 2, curve: 'step-after' }), Plot.dot(ratingsOverTime(rated), { x: 'month', y: 'total', fill: colours.accent }), Plot.ruleY([0], { stroke: colours.muted })],
      });
      break;
  }
  const svg = (chart instanceof SVGSVGElement ? chart : chart.querySelector('svg')) as SVGSVGElement;
  svg.querySelectorAll('style').forEach((style) => style.remove());
  // Plot labels its marks' groups ("bar", "dot"): inside an image they are not allowed (and say nothing useful).
  svg.querySelectorAll('[aria-label]').forEach((element) => {
    element.setAttribute('data-mark', element.getAttribute('aria-label')!);
    element.removeAttribute('aria-label');
  });
  // The chart itself is an image: the text alternative beside it (aria-describedby) says what it shows.
  svg.setAttribute('role', 'img');
  return svg;
}
