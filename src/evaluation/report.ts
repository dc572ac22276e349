// Self-contained HTML evaluation report with inline SVG line charts (no scripts, no external assets).
import type { ModelEvaluation } from './compare';
import type { ColdItemResult } from './coldItems';
import type { OnlineFidelityResult } from './onlineFidelity';

export interface ChartSeries {
  name: string;
  points: [number, number][];
  dashed?: boolean;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(10)));
  return ticks;
}

/** A line chart as an SVG string; x may be categorical via `xLabels` (then x values are 0..n−1). */
export function lineChartSvg(title: string, xLabel: string, yLabel: string, series: ChartSeries[], xLabels?: string[]): string {
  const width = 640;
  const height = 340;
  const left = 60;
  const right = 170;
  const top = 30;
  const bottom = 50;
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (all.length === 0) return `<p>${escapeHtml(title)}: no data</p>`;
  let [xMin, xMax] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  let [yMin, yMax] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  if (xMax === xMin) [xMin, xMax] = [xMin - 1, xMax + 1];
  const pad = (yMax - yMin) * 0.05 || 0.05;
  [yMin, yMax] = [yMin - pad, yMax + pad];
  const sx = (x: number): number => left + ((x - xMin) / (xMax - xMin)) * (width - left - right);
  const sy = (y: number): number => height - bottom - ((y - yMin) / (yMax - yMin)) * (height - top - bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">`);
  parts.push(`<text x="${left}" y="18" font-size="13" font-weight="bold">${escapeHtml(title)}</text>`);
  for (const tick of niceTicks(yMin, yMax)) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${sy(tick)}" y2="${sy(tick)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${sy(tick) + 4}" text-anchor="end" font-size="11">${tick}</text>`);
  }
  const xTicks = xLabels ? xLabels.map((_, i) => i) : niceTicks(xMin, xMax, 6);
  for (const tick of xTicks) {
    parts.push(`<line x1="${sx(tick)}" x2="${sx(tick)}" y1="${height - bottom}" y2="${height - bottom + 4}" stroke="#333"/>`);
    parts.push(`<text x="${sx(tick)}" y="${height - bottom + 16}" text-anchor="middle" font-size="11">${escapeHtml(xLabels ? xLabels[tick] : String(tick))}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}" stroke="#333"/>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle" font-size="12">${escapeHtml(xLabel)}</text>`);
  parts.push(`<text x="14" y="${(top + height - bottom) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${(top + height - bottom) / 2})">${escapeHtml(yLabel)}</text>`);
  series.forEach((s, index) => {
    const color = COLORS[index % COLORS.length];
    const points = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (points.length === 0) return;
    const path = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const [x, y] of points) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${color}"/>`);
    const legendY = top + 10 + index * 18;
    parts.push(`<line x1="${width - right + 10}" x2="${width - right + 30}" y1="${legendY}" y2="${legendY}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${width - right + 35}" y="${legendY + 4}" font-size="11">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

const fixed = (value: number | null | undefined, digits = 4): string => (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));

export interface EvaluationReportInput {
  title: string;
  dataDescription: string;
  models: ModelEvaluation[];
  online: OnlineFidelityResult | null;
  coldItems?: ColdItemResult | null;
  generatedAt: string;
}

/** The whole report page. */
export function renderEvaluationReport(input: EvaluationReportInput): string {
  const rows = input.models
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.name)}</td><td>${fixed(m.rmse)}</td><td>${fixed(m.mae)}</td><td>${fixed(m.ranking.precision)}</td><td>${fixed(m.ranking.recall)}</td><td>${fixed(m.ranking.ndcg)}</td><td>${fixed(m.ranking.coverage)}</td><td>${fixed(m.trainMs / 1000, 2)}</td><td>${m.epochs ?? '–'}</td><td class="d">${escapeHtml(m.description)}</td></tr>`,
    )
    .join('\n');
  const learning = input.models.filter((m) => m.history.length > 0);
  const learningSeries: ChartSeries[] = learning.flatMap((m) => [
    { name: `${m.name} train`, points: m.history.map((h) => [h.epoch, h.trainRmse] as [number, number]), dashed: true },
    { name: `${m.name} valid.`, points: m.history.map((h) => [h.epoch, h.validationRmse] as [number, number]) },
  ]);
  const bucketLabels = (input.models[0]?.byActivity ?? []).map((b) => (Number.isFinite(b.maxRatings) ? `${b.minRatings}–${b.maxRatings}` : `${b.minRatings}+`));
  const activitySeries: ChartSeries[] = input.models.map((m) => ({ name: m.name, points: m.byActivity.map((b, i) => [i, b.rmse] as [number, number]) }));
  const bucketRows = (input.models[0]?.byActivity ?? [])
    .map((b, i) => `<tr><td>${escapeHtml(bucketLabels[i])}</td><td>${b.count}</td>${input.models.map((m) => `<td>${fixed(m.byActivity[i]?.rmse)}</td>`).join('')}</tr>`)
    .join('\n');
  let onlineSection = '<p>Online-update protocol not run.</p>';
  if (input.online) {
    const o = input.online;
    const onlineSeries: ChartSeries[] = [
      { name: 'online update', points: o.points.map((p) => [p.seen, p.onlineRmse] as [number, number]) },
      { name: 'full retrain', points: o.points.filter((p) => p.retrainRmse !== null).map((p) => [p.seen, p.retrainRmse as number] as [number, number]), dashed: true },
    ];
    const onlineRows = o.points
      .map((p) => `<tr><td>${p.seen}</td><td>${p.users}</td><td>${p.ratings}</td><td>${fixed(p.onlineRmse)}</td><td>${fixed(p.retrainRmse)}</td><td>${p.retrainRmse ? fixed((p.onlineRmse / p.retrainRmse - 1) * 100, 2) + '%' : '–'}</td></tr>`)
      .join('\n');
    onlineSection = `<p>${o.heldOutUsers} held-out users; base model trained on ${o.baseRatings} ratings of the others in ${fixed(o.baseTrainMs / 1000, 2)} s.
Each held-out user's ratings are replayed in time order; after each batch the user is refitted with onlineUpdateUser (item side fixed) and scored on their later ratings.
Update time: median ${fixed(o.updateMs.median, 3)} ms, p95 ${fixed(o.updateMs.p95, 3)} ms, max ${fixed(o.updateMs.max, 3)} ms over ${o.updateMs.calls} calls (${fixed(o.meanRatingsPerUpdate, 1)} ratings each on average).</p>
${lineChartSvg('Error on later ratings vs ratings seen', 'ratings seen (time order)', 'RMSE', onlineSeries)}
<table><tr><th>seen</th><th>users</th><th>later ratings</th><th>online RMSE</th><th>retrain RMSE</th><th>online vs retrain</th></tr>${onlineRows}</table>`;
  }
  const cold = input.coldItems;
  const coldSection = cold
    ? `<p>${cold.heldOutItems} movies held out of training entirely (${cold.heldOutRatings} ratings); the content model was fitted on ${cold.trainedItems} trained movies in ${fixed(cold.contentFitMs / 1000, 2)} s (${cold.cgIterations} CG iterations). NDCG@10 ranks all held-out movies per user (${cold.rankedUsers} users).</p>
<table><tr><th>item parameters for the held-out movies</th><th>RMSE</th><th>MAE</th><th>NDCG@10</th><th>P@10</th></tr>${cold.methods.map((m) => `<tr><td class="d">${escapeHtml(m.name)}</td><td>${fixed(m.rmse)}</td><td>${fixed(m.mae)}</td><td>${fixed(m.ndcg)}</td><td>${fixed(m.precision)}</td></tr>`).join('')}</table>`
    : '<p>Cold-movie protocol not run (--cold-items).</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td.d{text-align:left;font-size:85%;max-width:380px;word-break:break-word}th{background:#f3f3f3}</style></head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p>${escapeHtml(input.dataDescription)}. Generated ${escapeHtml(input.generatedAt)}.</p>
<h2>Models on the test split</h2>
<p>Relevant = test rating ≥ 4; candidates = movies with a training rating that the user has not rated in training; @10.</p>
<table><tr><th>model</th><th>RMSE</th><th>MAE</th><th>P@10</th><th>R@10</th><th>NDCG@10</th><th>coverage</th><th>train s</th><th>epochs</th><th>configuration</th></tr>
${rows}</table>
<h2>Learning curves</h2>
${learningSeries.length ? lineChartSvg('RMSE per epoch (validation = held-out part of the training split)', 'epoch', 'RMSE', learningSeries) : '<p>No iterative models.</p>'}
<h2>Error vs number of ratings per user</h2>
${lineChartSvg('Test RMSE by the user’s number of training ratings', 'training ratings of the user', 'RMSE', activitySeries, bucketLabels)}
<table><tr><th>user's training ratings</th><th>test ratings</th>${input.models.map((m) => `<th>${escapeHtml(m.name)}</th>`).join('')}</tr>${bucketRows}</table>
<h2>Online user update vs full retrain</h2>
${onlineSection}
<h2>Movies nobody rated: content-derived item vectors</h2>
${coldSection}
</body></html>
`;
}
