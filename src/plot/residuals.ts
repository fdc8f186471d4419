/** Residual diagnostics: residuals against fitted values, normal Q-Q of the residuals and of each term's modes. */
import { InvalidArgumentError } from '../errors.js';
import type { MixedLMResults } from '../model/results.js';
import { axisBottom, axisLeft, clipRect, frame, niceScale, panelGrid, type Box } from './axis.js';
import { fitEffects } from './effects.js';
import { normalQQ } from './qq.js';
import { dotsPath, el, svgDocument, text, THEME } from './svg.js';

/**
 * Options of {@link plotResiduals}.
 *
 * @example
 * ```ts
 * const o: ResidualsOptions = { width: 900, columns: 3 };
 * ```
 */
export interface ResidualsOptions {
  /** Figure width in px (default 640). */
  width?: number;
  /** Panels per row (default 2). */
  columns?: number;
  /** Q-Q panels of the conditional modes (default true). */
  modes?: boolean;
  /** Figure title. */
  title?: string;
  /** Prefix of element ids, unique per document when several plots share a page (default 'res'). */
  idPrefix?: string;
}

/** One scatter panel's data. */
interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  y: number[];
  /** A reference line y = a + b·x. */
  line?: { a: number; b: number };
  kind: string;
}

/**
 * Residual plots of a fit as an SVG string: residuals (y − Xβ̂ − Zb̂) against
 * fitted values with a zero line; a normal Q-Q plot of the residuals; one
 * normal Q-Q plot per random term and column of the conditional modes (each
 * with R's `qqline` through the quartiles). Rows with a non-finite value are
 * not drawn.
 *
 * @example
 * ```ts
 * writeFileSync('resid.svg', plotResiduals(fit));
 * ```
 */
export function plotResiduals(fit: MixedLMResults, options: ResidualsOptions = {}): string {
  const width = options.width ?? 640;
  const cols = options.columns ?? 2;
  if (!(width >= 200)) throw new InvalidArgumentError('width', `expected at least 200 px, got ${width}`);
  if (!(Number.isInteger(cols) && cols >= 1 && cols <= 6)) throw new InvalidArgumentError('columns', `expected an integer in [1, 6], got ${cols}`);
  const prefix = options.idPrefix ?? 'res';
  const fitted = fit.fittedValues;
  const resid = fit.model.endog.map((y, i) => y - fitted[i]!);
  const panels: Panel[] = [{ title: 'Residuals vs fitted', xLabel: 'fitted value', yLabel: 'residual', x: fitted, y: resid, line: { a: 0, b: 0 }, kind: 'resid-fitted' }];
  const qr = normalQQ(resid);
  panels.push({ title: 'Normal Q-Q: residuals', xLabel: 'normal quantile', yLabel: 'residual', x: qr.theoretical, y: qr.sample, line: { a: qr.intercept, b: qr.slope }, kind: 'qq-resid' });
  if (options.modes !== false) {
    for (const e of fitEffects(fit, false)) {
      e.names.forEach((nm, j) => {
        const q = normalQQ(e.values.map((v) => v[j]!));
        const line = Number.isFinite(q.slope) && Number.isFinite(q.intercept) ? { a: q.intercept, b: q.slope } : undefined;
        panels.push({ title: `Normal Q-Q: ${e.grp} ${nm}`, xLabel: 'normal quantile', yLabel: 'conditional mode', x: q.theoretical, y: q.sample, ...(line ? { line } : {}), kind: 'qq-modes' });
      });
    }
  }
  const title = options.title ?? `Residuals of ${fit.model.endogName} (${fit.method}, ${fit.nobs.toLocaleString('en-US')} observations)`;
  const grid = panelGrid({ width, count: panels.length, cols, left: 58, gapX: 70, minHeight: 140, maxHeight: 260, aspect: 0.8, below: 44 });
  let defs = '';
  let body = text(title, { x: width / 2, y: 8 + THEME.titleSize, 'text-anchor': 'middle', 'font-size': THEME.titleSize, 'font-weight': 'bold', class: 'plot-title' });
  panels.forEach((p, i) => {
    const box = grid.box(i);
    body += scatterPanel(p, box, `${prefix}-${i}`, (d) => (defs += d));
  });
  const height = grid.height;
  return svgDocument({ width, height, title, kind: 'residuals' }, `<defs>${defs}</defs>${body}`);
}

/** A framed scatter panel with axes, the reference line and the finite points. */
function scatterPanel(p: Panel, box: Box, id: string, addDef: (d: string) => void): string {
  const pts: Array<[number, number]> = [];
  for (let i = 0; i < p.x.length; i++) if (Number.isFinite(p.x[i]!) && Number.isFinite(p.y[i]!)) pts.push([p.x[i]!, p.y[i]!]);
  const x = niceScale(pts.map((q) => q[0]), [box.x, box.x + box.width]);
  const y = niceScale(pts.map((q) => q[1]), [box.y + box.height, box.y], p.kind === 'resid-fitted' ? [0] : []);
  addDef(clipRect(id, box));
  let marks = '';
  if (p.line) {
    const [x0, x1] = x.domain() as [number, number];
    marks += el('line', { x1: x(x0), x2: x(x1), y1: y(p.line.a + p.line.b * x0), y2: y(p.line.a + p.line.b * x1), stroke: THEME.muted, 'stroke-dasharray': '4,3', 'clip-path': `url(#${id})`, class: 'reference' });
  }
  const size = pts.length > 2000 ? 2 : 4;
  if (pts.length > 0) {
    marks += el('path', { d: dotsPath(pts.map(([a, b]) => [x(a), y(b)] as [number, number])), stroke: THEME.accent, 'stroke-opacity': pts.length > 2000 ? 0.35 : 0.8, 'stroke-width': size, 'stroke-linecap': 'round', fill: 'none', class: 'points', 'data-n': String(pts.length) });
  }
  return el('g', { class: 'panel', 'data-panel': p.kind }, frame(box, p.title) + axisBottom(x, box, { label: p.xLabel }) + axisLeft(y, box, { label: p.yLabel }) + marks);
}
