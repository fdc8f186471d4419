/** Bootstrap plot: the distribution of each parameter over the replicates with the percentile interval. */
import { bin, max } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { InvalidArgumentError } from '../errors.js';
import type { BootstrapResult } from '../model/inference/bootstrap.js';
import { axisBottom, axisLeft, frame, niceScale, panelGrid } from './axis.js';
import { el, esc, svgDocument, text, THEME } from './svg.js';

/**
 * Options of {@link plotBootstrap}.
 *
 * @example
 * ```ts
 * const o: BootstrapPlotOptions = { bins: 30, columns: 2 };
 * ```
 */
export interface BootstrapPlotOptions {
  /** Figure width in px (default 640). */
  width?: number;
  /** Panels per row (default 3). */
  columns?: number;
  /** Approximate number of histogram bins (default: Sturges' rule, at least 10). */
  bins?: number;
  title?: string;
}

/**
 * Histograms of the bootstrap replicates of every parameter as an SVG
 * string, with the percentile interval shaded and marked and the original
 * estimate as a vertical line. Replicates with a non-finite value are left
 * out of that parameter's panel.
 *
 * @example
 * ```ts
 * writeFileSync('boot.svg', plotBootstrap(fit.bootstrap(500, { seed: 1 })));
 * ```
 */
export function plotBootstrap(boot: BootstrapResult, options: BootstrapPlotOptions = {}): string {
  if (!boot || !Array.isArray(boot.replicates) || !Array.isArray(boot.names)) throw new InvalidArgumentError('boot', 'expected the result of bootstrap() (names, replicates, intervals)');
  const width = options.width ?? 640;
  const cols = options.columns ?? 3;
  if (!(width >= 200)) throw new InvalidArgumentError('width', `expected at least 200 px, got ${width}`);
  if (!(Number.isInteger(cols) && cols >= 1 && cols <= 6)) throw new InvalidArgumentError('columns', `expected an integer in [1, 6], got ${cols}`);
  if (options.bins !== undefined && !(Number.isInteger(options.bins) && options.bins >= 2)) throw new InvalidArgumentError('bins', `expected an integer ≥ 2, got ${options.bins}`);
  const nRep = boot.replicates.length;
  if (nRep === 0) throw new InvalidArgumentError('boot', 'the bootstrap has no replicates');
  const pct = `${+(boot.level * 100).toFixed(2)}%`;
  const title = options.title ?? `Parametric bootstrap: ${nRep.toLocaleString('en-US')} replicates, ${pct} percentile intervals`;
  const k = boot.names.length;
  const grid = panelGrid({ width, count: k, cols, left: 50, gapX: 50, minHeight: 110, maxHeight: 200, aspect: 0.7, below: 30 });
  const n = grid.n;
  let body = text(title, { x: width / 2, y: 8 + THEME.titleSize, 'text-anchor': 'middle', 'font-size': THEME.titleSize, 'font-weight': 'bold', class: 'plot-title' });
  boot.names.forEach((name, j) => {
    const box = grid.box(j);
    const vals = boot.replicates.map((row) => row[j]!).filter(Number.isFinite);
    const iv = boot.intervals[j];
    const marks = [iv?.lower, iv?.upper, iv?.estimate].filter((v): v is number => v !== undefined && Number.isFinite(v));
    const x = niceScale([...vals, ...marks], [box.x, box.x + box.width]);
    const nb = options.bins ?? Math.max(10, Math.ceil(Math.log2(Math.max(vals.length, 1)) + 1));
    const [d0, d1] = x.domain() as [number, number];
    const bins = bin().domain([d0, d1]).thresholds(x.ticks(nb))(vals);
    const y = scaleLinear().domain([0, Math.max(1, max(bins, (b) => b.length) ?? 1)]).range([box.y + box.height, box.y]).nice();
    let g = '';
    if (iv && Number.isFinite(iv.lower) && Number.isFinite(iv.upper)) {
      g += el('rect', { x: x(iv.lower), y: box.y, width: Math.max(0, x(iv.upper) - x(iv.lower)), height: box.height, fill: THEME.interval, 'fill-opacity': 0.25, class: 'interval' });
    }
    let bars = '';
    for (const b of bins) {
      if (b.x0 === undefined || b.x1 === undefined || b.length === 0) continue;
      bars += el('rect', { 'data-count': String(b.length), x: x(b.x0) + 0.5, y: y(b.length), width: Math.max(0, x(b.x1) - x(b.x0) - 1), height: y(0) - y(b.length), fill: THEME.accent, 'fill-opacity': 0.8 });
    }
    g += el('g', { class: 'bars', 'data-bins': String(bins.length) }, bars);
    if (iv) {
      for (const v of [iv.lower, iv.upper]) if (Number.isFinite(v)) g += el('line', { x1: x(v), x2: x(v), y1: box.y, y2: box.y + box.height, stroke: THEME.ink, 'stroke-dasharray': '4,3', class: 'bound' });
      if (Number.isFinite(iv.estimate)) g += el('line', { x1: x(iv.estimate), x2: x(iv.estimate), y1: box.y, y2: box.y + box.height, stroke: '#c0392b', 'stroke-width': 1.5, class: 'estimate' });
    }
    const tip = iv ? `${name}: estimate ${iv.estimate.toPrecision(5)}, ${pct} percentile interval [${iv.lower.toPrecision(5)}, ${iv.upper.toPrecision(5)}], ${vals.length} finite replicates` : name;
    body += el('g', { class: 'panel', 'data-param': name }, `<title>${esc(tip)}</title>` + frame(box, name) + axisBottom(x, box) + axisLeft(y, box, j % n === 0 ? { label: 'replicates' } : {}) + g);
  });
  const height = grid.height;
  return svgDocument({ width, height, title, kind: 'bootstrap' }, body);
}
