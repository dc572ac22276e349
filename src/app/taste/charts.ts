// The "Your taste" charts, drawn with Observable Plot (its own chunk, loaded with the page: 98 KB gzip against 315 KB
// for vega + vega-lite + vega-embed, which also needs eval under our CSP). Colours come from the theme's variables.
import * as Plot from '@observablehq/plot';
import type { TasteProfile } from '../../engine/types';
import { decadeCounts, genreTaste, peopleRows, ratingDistribution, ratingsOverTime, type RatedMovie } from './tasteData';

export type ChartId = 'distribution' | 'crowd' | 'decades' | 'growth' | 'people' | 'map';

export interface ChartColours {
  text: string;
  muted: string;
  accent: string;
  crowd: string;
  grid: string;
}

const MAX_GENRES = 10;

/** A detached <svg>; its <style> element is dropped (the CSP allows no inline styles; styles.css has the same rules). */
export function drawChart(id: ChartId, rated: readonly RatedMovie[], colours: ChartColours, width: number, profile: TasteProfile | null = null): SVGSVGElement {
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
        marks: [
          Plot.ruleY(genres, { y: 'genre', x1: 0, x2: 5, stroke: colours.grid }),
          Plot.dot(rows, { x: 'mean', y: 'genre', fill: 'who', r: 6, symbol: 'who' }),
        ],
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
        marks: [
          Plot.lineY(ratingsOverTime(rated), { x: 'month', y: 'total', stroke: colours.accent, strokeWidth: 2, curve: 'step-after' }),
          Plot.dot(ratingsOverTime(rated), { x: 'month', y: 'total', fill: colours.accent }),
          Plot.ruleY([0], { stroke: colours.muted }),
        ],
      });
      break;
    case 'people': {
      // Bars: how many of your movies; the label at the bar's end: your mean rating of them.
      const rows = peopleRows(profile?.people ?? []);
      chart = Plot.plot({
        ...base,
        height: 40 + Math.max(1, rows.length) * 30,
        marginLeft: 190,
        marginRight: 50,
        x: { label: 'Your rated movies', grid: true, tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
        y: { label: null, domain: rows.map((row) => row.label) },
        marks: [
          Plot.barX(rows, { x: 'movies', y: 'label', fill: colours.accent }),
          Plot.text(rows, {
            x: 'movies',
            y: 'label',
            text: (row: { mean: number }) => `${row.mean.toFixed(1)}★`,
            dx: 6,
            textAnchor: 'start',
            fill: colours.text,
          }),
          Plot.ruleX([0], { stroke: colours.muted }),
        ],
      });
      break;
    }
    case 'map': {
      const map = profile?.map;
      const background = map ? Array.from(map.backgroundX, (x, i) => ({ x, y: map.backgroundY[i] })) : [];
      chart = Plot.plot({
        ...base,
        height: Math.min(480, Math.max(260, Math.round(width * 0.6))),
        x: { label: 'Taste axis 1', ticks: [] },
        y: { label: 'Taste axis 2', ticks: [] },
        marks: [
          Plot.dot(background, { x: 'x', y: 'y', r: 1.5, fill: colours.grid }),
          Plot.dot(map?.yours ?? [], { x: 'x', y: 'y', r: 4, fill: colours.accent, stroke: colours.text, strokeWidth: 0.5 }),
          ...(map?.centre
            ? [Plot.dot([{ x: map.centre[0], y: map.centre[1] }], { x: 'x', y: 'y', r: 8, symbol: 'plus', stroke: colours.text, strokeWidth: 2 })]
            : []),
        ],
      });
      break;
    }
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
