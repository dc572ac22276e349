// Self-contained HTML evaluation report: Vega-Lite charts rendered to static inline SVG in Node (no scripts, no external assets).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ModelEvaluation } from './compare';
import type { ColdItemResult } from './coldItems';
import type { OnlineFidelityResult } from './onlineFidelity';
import type { OnboardingReplayResult } from './onboardingReplay';
import type { ListMetrics } from './protocols';
import type { RankingEvaluation, RankingRow } from './ranking';

export interface EvaluationReportInput {
  title: string;
  dataDescription: string;
  models: ModelEvaluation[];
  online: OnlineFidelityResult | null;
  coldItems?: ColdItemResult | null;
  ranking?: RankingEvaluation | null;
  /** First run: held-out users answering the onboarding order (src/evaluation/onboardingReplay.ts). */
  onboarding?: OnboardingReplayResult | null;
  generatedAt: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
/** The shipped model's colour; the baselines take the muted palette in order. */
const SHIPPED_COLOR = '#d62728';
const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#72b7b2', '#9d755d', '#393b79', '#79706e', '#bcbd22', '#17becf', '#e377c2', '#8c6d31'];
const VEGA_CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  header: { labelFontSize: 12, labelFontWeight: 'bold', labelPadding: 4 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 260 },
} as const;

let chartCounter = 0;

/** Renders a Vega-Lite spec to a static SVG string (headless Vega view, renderer 'none': no canvas needed). */
export async function vegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vegaSpec } = compile({ config: VEGA_CONFIG, ...spec } as TopLevelSpec);
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // Vega numbers clip paths and gradients per process; prefix them so several inline SVGs can never collide.
    const prefix = `chart${++chartCounter}-`;
    return svg
      .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${prefix}${id}"`)
      .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}${id})`)
      .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}${id}"`)
      .replace(/^<svg /, '<svg style="max-width:100%;height:auto" ');
  } finally {
    view.finalize();
  }
}

const isNum = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);
const fixed = (value: number | null | undefined, digits = 4): string => (isNum(value) ? value.toFixed(digits) : '–');
const percent = (value: number | null | undefined, digits = 1): string => (isNum(value) ? `${(value * 100).toFixed(digits)}%` : '–');

/** 0 to a round number a little above `max` (room for the value labels). */
function niceMax(max: number, cap?: number): number {
  if (!(max > 0)) return cap ?? 1;
  const target = max * 1.22;
  const magnitude = 10 ** Math.floor(Math.log10(target));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * magnitude).find((s) => s >= target) ?? target;
  const value = Number(step.toPrecision(6));
  return cap !== undefined ? Math.min(cap, value) : value;
}

const displayName = (name: string, shipped: boolean): string => (shipped ? `★ ${name}` : name);

/** One fixed model → colour mapping for every chart; each chart passes only the models it shows (so its legend lists only those). */
class ModelColors {
  private readonly colors = new Map<string, string>();
  constructor(names: string[], shipped: string | null) {
    let next = 0;
    for (const name of names) {
      if (this.colors.has(name)) continue;
      this.colors.set(name, name === shipped ? SHIPPED_COLOR : PALETTE[next++ % PALETTE.length]);
    }
  }
  scale(names: string[]): { domain: string[]; range: string[] } {
    const domain = [...new Set(names)];
    return { domain, range: domain.map((name) => this.colors.get(name) ?? '#888') };
  }
}

interface BarPanel {
  /** Panel header. */
  title: string;
  /** Axis title under the panel. */
  axis: string;
  value: (model: string) => number | null | undefined;
  format: 'decimal' | 'percent';
  /** Largest axis value allowed (e.g. 1 for shares). */
  cap?: number;
  /** Whether the better value is the larger one (for the subtitle only). */
  higherIsBetter?: boolean;
}

interface BarModel {
  name: string;
  shipped: boolean;
}

/**
 * Horizontal bars, one row per model (in the given order, the same in every panel), one panel per metric, each panel
 * with its own 0-based axis; the value is printed at the end of each bar, a missing value shows "n/a".
 */
function barPanelsSpec(
  title: string,
  subtitle: string,
  models: BarModel[],
  panels: BarPanel[],
  colors: ModelColors,
  panelWidth: number,
  sharedX = false,
  labelLimit = 220,
): TopLevelSpec {
  const values = panels.flatMap((panel) =>
    models.map((m) => {
      const raw = panel.value(m.name);
      const value = isNum(raw) ? raw : null;
      return {
        panel: panel.title,
        model: m.name,
        label: displayName(m.name, m.shipped),
        shipped: m.shipped,
        value,
        x: value ?? 0,
        text: value === null ? 'n/a' : panel.format === 'percent' ? `${(value * 100).toFixed(1)}%` : value.toFixed(3),
      };
    }),
  );
  const labels = models.map((m) => displayName(m.name, m.shipped));
  const color = colors.scale(models.map((m) => m.name));
  const maxOf = (panel: BarPanel | null) => Math.max(0, ...values.filter((v) => panel === null || v.panel === panel.title).map((v) => v.value ?? 0));
  const domainMax = new Map(panels.map((p) => [p.title, niceMax(maxOf(sharedX ? null : p), p.cap)]));
  const layerFor = (panel: BarPanel, first: boolean) => ({
    transform: [{ filter: { field: 'panel', equal: panel.title } }],
    width: panelWidth,
    height: { step: 22 },
    title: { text: panel.title, fontSize: 12, anchor: 'middle' as const, offset: 6 },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal' as const,
        sort: labels,
        title: null,
        axis: first
          ? { labelLimit, labelFontWeight: { condition: { test: "indexof(datum.label, '★') === 0", value: 'bold' }, value: 'normal' } }
          : { labels: false, ticks: false, title: null },
      },
    },
    layer: [
      {
        mark: { type: 'bar' as const, height: { band: 0.72 }, cornerRadiusEnd: 2 },
        encoding: {
          x: {
            field: 'value',
            type: 'quantitative' as const,
            title: panel.axis,
            scale: { domain: [0, domainMax.get(panel.title)!], nice: false, zero: true },
            axis: { format: panel.format === 'percent' ? '.0%' : '.2~f', tickCount: 4, grid: true },
          },
          color: { field: 'model', type: 'nominal' as const, scale: color, legend: null },
          opacity: { condition: { test: 'datum.shipped', value: 1 }, value: 0.78 },
          stroke: { condition: { test: 'datum.shipped', value: '#111' }, value: null },
          strokeWidth: { condition: { test: 'datum.shipped', value: 1.5 }, value: 0 },
        },
      },
      ...[false, true].map((shipped) => ({
        transform: [{ filter: shipped ? 'datum.shipped' : '!datum.shipped' }],
        mark: {
          type: 'text' as const,
          align: 'left' as const,
          baseline: 'middle' as const,
          dx: 4,
          fontSize: 11,
          fontWeight: shipped ? ('bold' as const) : ('normal' as const),
        },
        encoding: {
          x: { field: 'x', type: 'quantitative' as const },
          text: { field: 'text' },
          color: { condition: { test: 'datum.value === null', value: '#999' }, value: '#222' },
        },
      })),
    ],
  });
  return {
    title: { text: title, subtitle },
    data: { values },
    hconcat: panels.map((panel, index) => layerFor(panel, index === 0)),
    spacing: 26,
    resolve: { scale: { y: 'shared', x: 'independent', color: 'shared' } },
  } as TopLevelSpec;
}

interface LinePoint {
  series: string;
  x: number | string;
  y: number;
  dashed?: boolean;
}

/** A line chart (points marked); colour by series with a fixed mapping, dashed series via `dashed`. */
function lineSpec(options: {
  title: string;
  subtitle?: string;
  xTitle: string;
  yTitle: string;
  points: LinePoint[];
  color: { domain: string[]; range: string[] };
  xOrdinal?: string[];
  legendTitle?: string;
  dashLegend?: { title: string; labels: [string, string] };
  width?: number;
}): TopLevelSpec {
  const finite = options.points.filter((p) => Number.isFinite(p.y));
  const ys = finite.map((p) => p.y);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = (hi - lo) * 0.08 || 0.02;
  const values = finite.map((p) => ({ ...p, style: p.dashed ? (options.dashLegend?.labels[1] ?? 'dashed') : (options.dashLegend?.labels[0] ?? 'solid') }));
  const dashDomain = options.dashLegend ? options.dashLegend.labels : ['solid', 'dashed'];
  const encoding = {
    x: options.xOrdinal
      ? { field: 'x', type: 'ordinal' as const, sort: options.xOrdinal, title: options.xTitle, axis: { labelAngle: 0 } }
      : { field: 'x', type: 'quantitative' as const, title: options.xTitle, scale: { zero: false, nice: true } },
    y: {
      field: 'y',
      type: 'quantitative' as const,
      title: options.yTitle,
      scale: { domain: [lo - pad, hi + pad], nice: true, zero: false },
      axis: { format: '.3~f' },
    },
    color: { field: 'series', type: 'nominal' as const, scale: options.color, title: options.legendTitle ?? null, legend: { orient: 'right' as const } },
    strokeDash: {
      field: 'style',
      type: 'nominal' as const,
      scale: {
        domain: dashDomain,
        range: [
          [1, 0],
          [6, 4],
        ],
      },
      legend: options.dashLegend ? { title: options.dashLegend.title } : null,
    },
    detail: { field: 'style' },
  };
  return {
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    width: options.width ?? 560,
    height: 280,
    data: { values },
    encoding,
    layer: [{ mark: { type: 'line', strokeWidth: 2 } }, { mark: { type: 'point', filled: true, size: 28 }, encoding: { strokeDash: { value: [1, 0] } } }],
  } as TopLevelSpec;
}

/** Rows in one order for every chart and table: "For you" NDCG@10 best first, then the rest by like-this HR@10 (with a vector). */
function orderRows(rows: RankingRow[]): RankingRow[] {
  const key = (m: ListMetrics | null): number => (m && isNum(m.ndcg) ? m.ndcg : -1);
  const hr = (m: ListMetrics | null): number => (m && isNum(m.hitRate) ? m.hitRate : -1);
  return [...rows].sort(
    (a, b) => key(b.forYou) - key(a.forYou) || hr(b.likeThisWithVector) - hr(a.likeThisWithVector) || hr(b.likeThisNoVector) - hr(a.likeThisNoVector),
  );
}

interface Comparison {
  label: string;
  shipped: number;
  best: { name: string; value: number } | null;
}

function compareToBaselines(rows: RankingRow[], shipped: RankingRow, label: string, get: (row: RankingRow) => number | null | undefined): Comparison | null {
  const mine = get(shipped);
  if (!isNum(mine)) return null;
  let best: { name: string; value: number } | null = null;
  for (const row of rows) {
    if (row === shipped) continue;
    const value = get(row);
    if (isNum(value) && (best === null || value > best.value)) best = { name: row.name, value };
  }
  return { label, shipped: mine, best };
}

/** The one-paragraph summary at the top, generated from the data (HTML, every piece escaped). */
export function summaryParagraph(input: EvaluationReportInput): string {
  const e = escapeHtml;
  const ratingModels = input.models.filter((m) => isNum(m.rmse));
  const bestRating = ratingModels.reduce<ModelEvaluation | null>((best, m) => (best === null || m.rmse < best.rmse ? m : best), null);
  const shipped = input.ranking?.rows.find((r) => r.shipped) ?? null;
  if (!input.ranking || !shipped) {
    const worst = ratingModels.reduce<ModelEvaluation | null>((w, m) => (w === null || m.rmse > w.rmse ? m : w), null);
    const rating = bestRating
      ? ` Lowest test RMSE: ${e(bestRating.name)} (${fixed(bestRating.rmse)}${worst && worst !== bestRating ? ` vs ${fixed(worst.rmse)} for ${e(worst.name)}` : ''}).`
      : '';
    return `<p class="summary">The top-10 protocols were not run (or no shipped model was evaluated), so this report compares rating models only.${rating}</p>`;
  }
  const rows = input.ranking.rows;
  const comparisons = [
    compareToBaselines(rows, shipped, '“For you” NDCG@10', (r) => r.forYou?.ndcg),
    compareToBaselines(rows, shipped, '“like this” HR@10 with the user’s ratings', (r) => r.likeThisWithVector?.hitRate),
    compareToBaselines(rows, shipped, '“like this” HR@10 with no ratings', (r) => r.likeThisNoVector?.hitRate),
  ].filter((c): c is Comparison => c !== null);
  const describe = (c: Comparison): string => {
    if (!c.best) return `${e(c.label)} (${fixed(c.shipped, 3)}, no baseline)`;
    const relative = c.best.value > 0 ? `, ${c.shipped >= c.best.value ? '+' : '−'}${Math.abs((c.shipped / c.best.value - 1) * 100).toFixed(0)}%` : '';
    return `${e(c.label)} (${fixed(c.shipped, 3)} vs ${fixed(c.best.value, 3)} for the best baseline, ${e(c.best.name)}${relative})`;
  };
  const wins = comparisons.filter((c) => !c.best || c.shipped >= c.best.value);
  const losses = comparisons.filter((c) => c.best && c.shipped < c.best.value);
  const join = (parts: string[]): string => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);
  let text = `<strong>${e(displayName(shipped.name, true))}</strong> is the model the app ships`;
  if (wins.length) text += ` because it ranks best on ${join(wins.map(describe))}`;
  if (losses.length) text += `${wins.length ? '; it trails' : ', although it trails'} on ${join(losses.map(describe))}`;
  if (isNum(shipped.rmse)) {
    text += `, while its predicted ★ keeps test RMSE ${fixed(shipped.rmse, 3)}`;
    if (bestRating) text += ` (best rating model: ${e(bestRating.name)}, ${fixed(bestRating.rmse, 3)})`;
  }
  text += '.';
  const obscure = shipped.likeThisNoVector?.obscureShare ?? shipped.forYou?.obscureShare;
  if (isNum(obscure)) {
    const which = isNum(shipped.likeThisNoVector?.obscureShare) ? '“like this” picks with no ratings' : '“For you” picks';
    text += ` ${percent(obscure)} of its ${which} have fewer than 50 TMDB votes.`;
  }
  text += ` Judged on ${input.ranking.forYouUsers} “For you” users and ${input.ranking.likeThisCases} “like this” lists.`;
  return `<p class="summary">${text}</p>`;
}

/** The table of both top-10 protocols; best value of each quality column in bold. */
function rankingTable(rows: RankingRow[]): string {
  type Col = { get: (r: RankingRow) => number | null | undefined; fmt: (v: number | null | undefined) => string; best?: 'max' | 'min' };
  const dec = (d: number) => (v: number | null | undefined) => fixed(v, d);
  const groups: { title: string; cols: (Col & { head: string })[] }[] = [
    { title: '', cols: [{ head: 'RMSE (★)', get: (r) => r.rmse, fmt: dec(4), best: 'min' }] },
    {
      title: '“For you”',
      cols: [
        { head: 'NDCG@10', get: (r) => r.forYou?.ndcg, fmt: dec(4), best: 'max' },
        { head: 'P@10', get: (r) => r.forYou?.precision, fmt: dec(4), best: 'max' },
        { head: 'R@10', get: (r) => r.forYou?.recall, fmt: dec(4), best: 'max' },
        { head: 'HR@10', get: (r) => r.forYou?.hitRate, fmt: dec(3), best: 'max' },
        { head: '&lt; 50 votes', get: (r) => r.forYou?.obscureShare, fmt: percent },
        { head: 'coverage', get: (r) => r.forYou?.coverage, fmt: percent },
      ],
    },
    {
      title: '“Like this”, with a vector',
      cols: [
        { head: 'HR@10', get: (r) => r.likeThisWithVector?.hitRate, fmt: dec(3), best: 'max' },
        { head: 'P@10', get: (r) => r.likeThisWithVector?.precision, fmt: dec(4), best: 'max' },
        { head: '&lt; 50 votes', get: (r) => r.likeThisWithVector?.obscureShare, fmt: percent },
      ],
    },
    {
      title: '“Like this”, no vector',
      cols: [
        { head: 'HR@10', get: (r) => r.likeThisNoVector?.hitRate, fmt: dec(3), best: 'max' },
        { head: 'P@10', get: (r) => r.likeThisNoVector?.precision, fmt: dec(4), best: 'max' },
        { head: '&lt; 50 votes', get: (r) => r.likeThisNoVector?.obscureShare, fmt: percent },
        { head: 'coverage', get: (r) => r.likeThisNoVector?.coverage, fmt: percent },
      ],
    },
    { title: '', cols: [{ head: 'train s', get: (r) => r.trainMs / 1000, fmt: dec(2) }] },
  ];
  const cols = groups.flatMap((g) => g.cols);
  const bestOf = cols.map((c) => {
    if (!c.best) return null;
    const values = rows.map(c.get).filter(isNum);
    return values.length > 1 ? (c.best === 'max' ? Math.max(...values) : Math.min(...values)) : null;
  });
  const head1 = `<tr><th rowspan="2">model</th>${groups.map((g) => (g.title ? `<th colspan="${g.cols.length}">${escapeHtml(g.title)}</th>` : g.cols.map((c) => `<th rowspan="2">${c.head}</th>`).join(''))).join('')}</tr>`;
  const head2 = `<tr>${groups
    .filter((g) => g.title)
    .flatMap((g) => g.cols.map((c) => `<th>${c.head}</th>`))
    .join('')}</tr>`;
  const body = rows
    .map((r) => {
      const cells = cols.map((c, i) => {
        const v = c.get(r);
        const bold = bestOf[i] !== null && isNum(v) && v === bestOf[i];
        return `<td>${bold ? `<b>${c.fmt(v)}</b>` : c.fmt(v)}</td>`;
      });
      return `<tr${r.shipped ? ' class="shipped"' : ''}><td class="m">${escapeHtml(displayName(r.name, r.shipped))}</td>${cells.join('')}</tr>`;
    })
    .join('\n');
  const descriptions = rows
    .map(
      (r) =>
        `<tr${r.shipped ? ' class="shipped"' : ''}><td class="m">${escapeHtml(displayName(r.name, r.shipped))}</td><td class="d">${escapeHtml(r.description)}</td></tr>`,
    )
    .join('\n');
  return `<div class="wide"><table class="ranking">${head1}${head2}\n${body}</table></div>
<table class="models"><tr><th>model</th><th>how it ranks</th></tr>\n${descriptions}</table>`;
}

function figure(svg: string, caption?: string): string {
  return `<figure class="chart">${svg}${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ''}</figure>`;
}

/** The whole report page (async: the charts are rendered by Vega). */
export async function renderEvaluationReport(input: EvaluationReportInput): Promise<string> {
  const ranking = input.ranking ?? null;
  const rankingRows = ranking ? orderRows(ranking.rows) : [];
  const shippedRow = rankingRows.find((r) => r.shipped) ?? null;
  // Colours follow the input order (fixed by the eval script), not the results, so a model keeps its colour from run to run.
  const colors = new ModelColors([...(ranking?.rows ?? []).map((r) => r.name), ...input.models.map((m) => m.name)], shippedRow?.name ?? null);

  // Rating models.
  const ratingRows = input.models
    .map(
      (m) =>
        `<tr><td class="m">${escapeHtml(m.name)}</td><td>${fixed(m.rmse)}</td><td>${fixed(m.mae)}</td><td>${fixed(m.trainMs / 1000, 2)}</td><td>${m.epochs ?? '–'}</td><td class="d">${escapeHtml(m.description)}</td></tr>`,
    )
    .join('\n');
  const ratingBars: BarModel[] = [
    ...(shippedRow && isNum(shippedRow.rmse) ? [{ name: shippedRow.name, shipped: true }] : []),
    ...[...input.models]
      .sort((a, b) => (isNum(a.rmse) ? a.rmse : Infinity) - (isNum(b.rmse) ? b.rmse : Infinity))
      .map((m) => ({ name: m.name, shipped: false })),
  ];
  const rmseOf = (name: string): number | null =>
    shippedRow && name === shippedRow.name ? shippedRow.rmse : (input.models.find((m) => m.name === name)?.rmse ?? null);
  const maeOf = (name: string): number | null => input.models.find((m) => m.name === name)?.mae ?? null;
  const ratingChart =
    ratingBars.length > 0
      ? figure(
          await vegaLiteSvg(
            barPanelsSpec(
              'Rating error on the test split (lower is better)',
              shippedRow && isNum(shippedRow.rmse)
                ? '★ = the shipped recommender’s predicted ★ (user vectors fitted online from the training ratings)'
                : 'all ratings in the test split',
              ratingBars,
              [
                { title: 'RMSE', axis: 'RMSE (stars)', value: rmseOf, format: 'decimal' },
                { title: 'MAE', axis: 'MAE (stars)', value: maeOf, format: 'decimal' },
              ],
              colors,
              320,
            ),
          ),
        )
      : '';

  // Both top-10 protocols.
  let rankingSection = '<p>The top-10 protocols were not run (--no-ranking).</p>';
  if (ranking) {
    const barModels = (has: (r: RankingRow) => boolean): BarModel[] => rankingRows.filter(has).map((r) => ({ name: r.name, shipped: r.shipped }));
    const rowOf = (name: string): RankingRow | undefined => rankingRows.find((r) => r.name === name);
    const forYouModels = barModels((r) => r.forYou !== null);
    const likeModels = barModels((r) => r.likeThisWithVector !== null || r.likeThisNoVector !== null);
    const obscureModels = barModels((r) => r.forYou !== null || r.likeThisWithVector !== null || r.likeThisNoVector !== null);
    const charts: string[] = [];
    if (forYouModels.length) {
      charts.push(
        figure(
          await vegaLiteSvg(
            barPanelsSpec(
              '“For you”: top 10 over the catalog',
              `${ranking.forYouUsers} test users; relevant = test rating ≥ 4; higher is better`,
              forYouModels,
              [
                { title: 'NDCG@10', axis: 'NDCG@10', value: (n) => rowOf(n)?.forYou?.ndcg, format: 'decimal' },
                { title: 'P@10', axis: 'precision@10', value: (n) => rowOf(n)?.forYou?.precision, format: 'decimal' },
              ],
              colors,
              320,
            ),
          ),
        ),
      );
    }
    if (likeModels.length) {
      charts.push(
        figure(
          await vegaLiteSvg(
            barPanelsSpec(
              '“Movies like this”: top 10 for a seed movie',
              `${ranking.likeThisCases} lists (seeds = test users’ best training movies); HR@10 = share of lists with a relevant movie; higher is better`,
              likeModels,
              [
                { title: 'with the user’s vector', axis: 'HR@10', value: (n) => rowOf(n)?.likeThisWithVector?.hitRate, format: 'decimal', cap: 1 },
                { title: 'no vector (anonymous)', axis: 'HR@10', value: (n) => rowOf(n)?.likeThisNoVector?.hitRate, format: 'decimal', cap: 1 },
              ],
              colors,
              320,
              true,
            ),
          ),
        ),
      );
    }
    if (obscureModels.length) {
      charts.push(
        figure(
          await vegaLiteSvg(
            barPanelsSpec(
              'Share of picks with fewer than 50 TMDB votes',
              'how obscure the lists are (n/a = protocol not applicable to the model)',
              obscureModels,
              [
                { title: '“For you”', axis: 'share of picks', value: (n) => rowOf(n)?.forYou?.obscureShare, format: 'percent', cap: 1 },
                { title: '“Like this”, vector', axis: 'share of picks', value: (n) => rowOf(n)?.likeThisWithVector?.obscureShare, format: 'percent', cap: 1 },
                { title: '“Like this”, no vector', axis: 'share of picks', value: (n) => rowOf(n)?.likeThisNoVector?.obscureShare, format: 'percent', cap: 1 },
              ],
              colors,
              215,
              true,
            ),
          ),
        ),
      );
    }
    const t = ranking.shippedTiming;
    rankingSection = `<p>“For you”: the top 10 over the catalog for each of ${ranking.forYouUsers} test users (relevant = test rating ≥ 4; movies the user rated in training hidden).
“Like this”: ${ranking.likeThisCases} lists, seeded with up to 3 of each test user’s best training movies, with the user’s fitted vector and with none.
EASE λ chosen on validation inside the training split: ${escapeHtml(String(ranking.easeLambda.chosen))}; PureSVD factors: ${escapeHtml(String(ranking.pureSvdFactors.chosen))}.
Shipped recommender per call in Node: fitUser ${fixed(t.fitUserMs, 2)} ms, forYou ${fixed(t.forYouMs, 2)} ms, recommend ${fixed(t.recommendMs, 2)} ms.</p>
${charts.join('\n')}
<p>Models in the order of “For you” NDCG@10 (best first) in every chart and in the table; best value of each quality column in bold; – = protocol not applicable.</p>
${rankingTable(rankingRows)}`;
  }

  // Learning curves.
  const learning = input.models.filter((m) => m.history.length > 0);
  const learningChart = learning.length
    ? figure(
        await vegaLiteSvg(
          lineSpec({
            title: 'RMSE per epoch',
            subtitle: 'validation = held-out part of the training split',
            xTitle: 'epoch',
            yTitle: 'RMSE',
            points: learning.flatMap((m) => [
              ...m.history.map((h) => ({ series: m.name, x: h.epoch, y: h.trainRmse, dashed: true })),
              ...m.history.map((h) => ({ series: m.name, x: h.epoch, y: h.validationRmse })),
            ]),
            color: colors.scale(learning.map((m) => m.name)),
            legendTitle: 'model',
            dashLegend: { title: 'split', labels: ['validation', 'train'] },
          }),
        ),
      )
    : '<p>No iterative models.</p>';

  // Error by user activity.
  const buckets = input.models[0]?.byActivity ?? [];
  const bucketLabels = buckets.map((b) =>
    isNum(b.maxRatings) ? (b.minRatings === b.maxRatings ? `${b.minRatings}` : `${b.minRatings}–${b.maxRatings}`) : `${b.minRatings}+`,
  );
  const activityChart = buckets.length
    ? figure(
        await vegaLiteSvg(
          lineSpec({
            title: 'Test RMSE by the user’s number of training ratings',
            xTitle: 'training ratings of the user',
            yTitle: 'RMSE',
            points: input.models.flatMap((m) => m.byActivity.map((b, i) => ({ series: m.name, x: bucketLabels[i], y: b.rmse }))),
            color: colors.scale(input.models.map((m) => m.name)),
            xOrdinal: bucketLabels,
            legendTitle: 'model',
          }),
        ),
      )
    : '';
  const bucketRows = buckets
    .map(
      (b, i) =>
        `<tr><td>${escapeHtml(bucketLabels[i])}</td><td>${b.count}</td>${input.models.map((m) => `<td>${fixed(m.byActivity[i]?.rmse)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const activityTable = buckets.length
    ? `<table><tr><th>user's training ratings</th><th>test ratings</th>${input.models.map((m) => `<th>${escapeHtml(m.name)}</th>`).join('')}</tr>${bucketRows}</table>`
    : '';

  // Online update.
  let onlineSection = '<p>Online-update protocol not run.</p>';
  if (input.online) {
    const o = input.online;
    const onlineChart = figure(
      await vegaLiteSvg(
        lineSpec({
          title: 'Error on later ratings vs ratings seen',
          subtitle: 'held-out users; full retrain only at its checkpoints',
          xTitle: 'ratings seen (time order)',
          yTitle: 'RMSE',
          points: [
            ...o.points.map((p) => ({ series: 'online update', x: p.seen, y: p.onlineRmse })),
            ...o.points.filter((p) => isNum(p.retrainRmse)).map((p) => ({ series: 'full retrain', x: p.seen, y: p.retrainRmse as number, dashed: true })),
          ],
          color: { domain: ['online update', 'full retrain'], range: [SHIPPED_COLOR, '#4c78a8'] },
        }),
      ),
    );
    const onlineRows = o.points
      .map(
        (p) =>
          `<tr><td>${p.seen}</td><td>${p.users}</td><td>${p.ratings}</td><td>${fixed(p.onlineRmse)}</td><td>${fixed(p.retrainRmse)}</td><td>${isNum(p.retrainRmse) && p.retrainRmse ? fixed((p.onlineRmse / p.retrainRmse - 1) * 100, 2) + '%' : '–'}</td></tr>`,
      )
      .join('\n');
    onlineSection = `<p>${o.heldOutUsers} held-out users; base model trained on ${o.baseRatings} ratings of the others in ${fixed(o.baseTrainMs / 1000, 2)} s.
Each held-out user's ratings are replayed in time order; after each batch the user is refitted with onlineUpdateUser (item side fixed) and scored on their later ratings.
Update time: median ${fixed(o.updateMs.median, 3)} ms, p95 ${fixed(o.updateMs.p95, 3)} ms, max ${fixed(o.updateMs.max, 3)} ms over ${o.updateMs.calls} calls (${fixed(o.meanRatingsPerUpdate, 1)} ratings each on average).</p>
${onlineChart}
<table><tr><th>seen</th><th>users</th><th>later ratings</th><th>online RMSE</th><th>retrain RMSE</th><th>online vs retrain</th></tr>${onlineRows}</table>`;
  }

  // First run: answers from the onboarding order.
  let onboardingSection = '<p>First-run replay not run.</p>';
  if (input.onboarding) {
    const ob = input.onboarding;
    const orderColors = [SHIPPED_COLOR, '#4c78a8', '#f58518'];
    const onboardingChart = figure(
      await vegaLiteSvg(
        lineSpec({
          title: '“For you” NDCG@10 after n ratings answered from each order',
          subtitle: `${ob.users} held-out users; dashed: the most-rated list (answers hidden)`,
          xTitle: 'ratings answered',
          yTitle: 'NDCG@10',
          points: ob.orders.flatMap((o) => [
            ...o.points.map((p) => ({ series: o.name, x: p.answers, y: p.forYouNdcg })),
            ...o.points.map((p) => ({ series: o.name, x: p.answers, y: p.popularNdcg, dashed: true })),
          ]),
          color: { domain: ob.orders.map((o) => o.name), range: ob.orders.map((_o, i) => orderColors[i % orderColors.length]) },
          dashLegend: { title: 'list', labels: ['For you', 'most popular'] },
        }),
      ),
    );
    const head = `<tr><th>order</th><th>list</th>${ob.checkpoints.map((n) => `<th>${n} rated</th>`).join('')}<th>For you beats popular at</th></tr>`;
    const body = ob.orders
      .map((o) =>
        [
          `<tr><td class="m" rowspan="3">${escapeHtml(o.name)}</td><td class="m">For you NDCG@10</td>${o.points.map((p) => `<td>${fixed(p.forYouNdcg, 3)}</td>`).join('')}<td rowspan="3">${o.beatsPopularAt === null ? 'never' : `${o.beatsPopularAt} rated`}</td></tr>`,
          `<tr><td class="m">most popular NDCG@10</td>${o.points.map((p) => `<td>${fixed(p.popularNdcg, 3)}</td>`).join('')}</tr>`,
          `<tr><td class="m">movies shown (median)</td>${o.points.map((p) => `<td>${escapeHtml(String(p.shownMedian))}</td>`).join('')}</tr>`,
        ].join(''),
      )
      .join('\n');
    onboardingSection = `<p>${ob.heldOutUsers} users held out of training (the shipped models fitted on the others' ${ob.baseRatings} ratings in ${fixed(ob.fitMs / 1000, 1)} s); the ${ob.users} with at least ${ob.checkpoints.at(-1)} answerable movies in the ${ob.pool}-movie pool walk each order, answering the movies they rated (20% of each user's ratings kept back as the test set, relevant = rating ≥ 4) and skipping the rest. After n answers the online update fits their vector and “For you” is judged beside the most-rated list. Onboarding order computed in ${fixed(ob.orderMs, 0)} ms; its first page: ${escapeHtml(ob.firstPage.join(' · '))}.</p>
${onboardingChart}
<div class="wide"><table>${head}${body}</table></div>
<p>${ob.orders.map((o) => `${escapeHtml(o.name)}: ${escapeHtml(o.description)}`).join('; ')}.</p>`;
  }

  // Cold movies.
  const cold = input.coldItems;
  let coldSection = '<p>Cold-movie protocol not run (--cold-items).</p>';
  if (cold) {
    const methods = cold.methods.map((m) => ({ name: m.name, shipped: false }));
    const methodOf = (name: string) => cold.methods.find((m) => m.name === name);
    const coldColors = new ModelColors(
      cold.methods.map((m) => m.name),
      null,
    );
    const coldChart = methods.length
      ? figure(
          await vegaLiteSvg(
            barPanelsSpec(
              'Held-out movies: item parameters from the keyword soup',
              'RMSE: lower is better; NDCG@10 and P@10 (ranking the held-out movies per user): higher is better',
              methods,
              [
                { title: 'RMSE', axis: 'RMSE (stars)', value: (n) => methodOf(n)?.rmse, format: 'decimal' },
                { title: 'NDCG@10', axis: 'NDCG@10', value: (n) => methodOf(n)?.ndcg, format: 'decimal', cap: 1 },
                { title: 'P@10', axis: 'precision@10', value: (n) => methodOf(n)?.precision, format: 'decimal', cap: 1 },
              ],
              coldColors,
              200,
              false,
              420,
            ),
          ),
        )
      : '';
    coldSection = `<p>${cold.heldOutItems} movies held out of training entirely (${cold.heldOutRatings} ratings); the content model was fitted on ${cold.trainedItems} trained movies in ${fixed(cold.contentFitMs / 1000, 2)} s (${cold.cgIterations} CG iterations). NDCG@10 ranks all held-out movies per user (${cold.rankedUsers} users).</p>
${coldChart}
<table><tr><th>item parameters for the held-out movies</th><th>RMSE</th><th>MAE</th><th>NDCG@10</th><th>P@10</th></tr>${cold.methods.map((m) => `<tr><td class="d">${escapeHtml(m.name)}</td><td>${fixed(m.rmse)}</td><td>${fixed(m.mae)}</td><td>${fixed(m.ndcg)}</td><td>${fixed(m.precision)}</td></tr>`).join('')}</table>`;
  }

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title>
<style>
body{font-family:${FONT.replace(/"/g, "'")};margin:2em auto;padding:0 1.5em;max-width:1150px;color:#222;line-height:1.45}
h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
p.summary{background:#fdf3f2;border-left:4px solid ${SHIPPED_COLOR};padding:.7em 1em;font-size:105%}
figure.chart{margin:1.2em 0;overflow-x:auto}figcaption{font-size:85%;color:#555}
table{border-collapse:collapse;margin:1em 0;font-size:90%}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}
th{background:#f3f3f3;text-align:center}td.m{text-align:left;white-space:nowrap}td.d{text-align:left;font-size:90%;max-width:760px;overflow-wrap:anywhere}div.wide{overflow-x:auto}
table.ranking{font-size:80%}table.ranking td,table.ranking th{padding:2px 5px}tr.shipped td{background:#fdf3f2}tr.shipped td.m{font-weight:bold}
</style></head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p>${escapeHtml(input.dataDescription)}. Generated ${escapeHtml(input.generatedAt)}.</p>
${summaryParagraph(input)}
<h2>Top 10: “For you” and “movies like this”</h2>
${rankingSection}
<h2>Rating models on the test split</h2>
${ratingChart}
<table><tr><th>model</th><th>RMSE</th><th>MAE</th><th>train s</th><th>epochs</th><th>configuration</th></tr>
${ratingRows}</table>
<h2>Learning curves</h2>
${learningChart}
<h2>Error vs number of ratings per user</h2>
${activityChart}
${activityTable}
<h2>Online user update vs full retrain</h2>
${onlineSection}
<h2>First run: ratings answered from the onboarding order</h2>
${onboardingSection}
<h2>Movies nobody rated: content-derived item vectors</h2>
${coldSection}
</body></html>
`;
}
