/** Profile plot: ζ (signed root of the likelihood-ratio statistic) per parameter with interval marks (lme4's `xyplot(profile(m))`). */
import { line, curveMonotoneX } from 'd3-shape';
import { InvalidArgumentError } from '../errors.js';
import { normalQuantile } from '../model/inference/distributions.js';
import { profileTrace, type ProfileResult, type ProfileTraceOptions } from '../model/inference/profile-trace.js';
import type { MixedLMResults } from '../model/results.js';
import { axisBottom, axisLeft, clipRect, frame, niceScale, panelGrid } from './axis.js';
import { el, esc, svgDocument, text, THEME } from './svg.js';

/**
 * Options of {@link plotProfile}; the trace options apply when the profile is computed here.
 *
 * @example
 * ```ts
 * const o: ProfilePlotOptions = { columns: 2, parm: ['Days', 'Scale'] };
 * ```
 */
export interface ProfilePlotOptions extends ProfileTraceOptions {
  /** Figure width in px (default 640). */
  width?: number;
  /** Panels per row (default 3). */
  columns?: number;
  title?: string;
  /** Prefix of element ids, unique per document when several plots share a page (default 'prof'). */
  idPrefix?: string;
}

/**
 * Profile plot as an SVG string: one panel per parameter with ζ against the
 * parameter's value (data scale), dashed lines at ζ = ±z of the level, and
 * vertical marks at the profile interval bounds. Given a fit, the profile
 * is computed with {@link profileTrace} (by ML for REML fits unless
 * `criterion: 'fit'`); given a `profileTrace` result it is drawn as is.
 *
 * @example
 * ```ts
 * writeFileSync('profile.svg', plotProfile(fit));
 * writeFileSync('profile.svg', plotProfile(profileTrace(fit, { level: 0.9 })));
 * ```
 */
export function plotProfile(fit: MixedLMResults | ProfileResult, options: ProfilePlotOptions = {}): string {
  const pr: ProfileResult = isProfileResult(fit) ? fit : profileTrace(fit, options);
  const width = options.width ?? 640;
  const cols = options.columns ?? 3;
  if (!(width >= 200)) throw new InvalidArgumentError('width', `expected at least 200 px, got ${width}`);
  if (!(Number.isInteger(cols) && cols >= 1 && cols <= 6)) throw new InvalidArgumentError('columns', `expected an integer in [1, 6], got ${cols}`);
  const prefix = options.idPrefix ?? 'prof';
  const params = pr.params.filter((p) => p.points.length > 1);
  if (params.length === 0) throw new InvalidArgumentError('profile', 'no profiled parameters to plot');
  const z = normalQuantile(0.5 + pr.level / 2);
  const pct = `${+(pr.level * 100).toFixed(2)}%`;
  const title = options.title ?? `Profile ζ (${pr.method === 'ML' ? 'ML' : 'REML'} likelihood) with ${pct} intervals`;
  const grid = panelGrid({ width, count: params.length, cols, left: 44, gapX: 44, minHeight: 120, maxHeight: 220, aspect: 0.85, below: 30 });
  const n = grid.n;
  let defs = '';
  let body = text(title, { x: width / 2, y: 8 + THEME.titleSize, 'text-anchor': 'middle', 'font-size': THEME.titleSize, 'font-weight': 'bold', class: 'plot-title' });
  params.forEach((p, i) => {
    const box = grid.box(i);
    const pts = p.points.filter((q) => Number.isFinite(q.value) && Number.isFinite(q.zeta));
    const bounds = [p.lower, p.upper].filter(Number.isFinite);
    const x = niceScale([...pts.map((q) => q.value), ...bounds], [box.x, box.x + box.width]);
    const y = niceScale([...pts.map((q) => q.zeta), -z, z], [box.y + box.height, box.y]);
    const id = `${prefix}-${i}`;
    defs += clipRect(id, box);
    let marks = '';
    for (const s of [-z, z]) marks += el('line', { x1: box.x, x2: box.x + box.width, y1: y(s), y2: y(s), stroke: THEME.muted, 'stroke-dasharray': '4,3', class: 'level-line' });
    const path = line<{ value: number; zeta: number }>()
      .x((q) => x(q.value))
      .y((q) => y(q.zeta))
      .curve(curveMonotoneX)(pts);
    if (path) marks += el('path', { d: path, fill: 'none', stroke: THEME.accent, 'stroke-width': 1.6, 'clip-path': `url(#${id})`, class: 'zeta' });
    for (const [b, s] of [[p.lower, -z], [p.upper, z]] as const) {
      if (!Number.isFinite(b)) continue;
      marks += el('line', { x1: x(b), x2: x(b), y1: y(0), y2: y(s), stroke: THEME.ink, 'stroke-width': 1, class: 'bound' });
    }
    marks += el('circle', { cx: x(p.estimate), cy: y(0), r: 3, fill: THEME.accent, class: 'estimate' });
    const tip = `${p.name}: estimate ${p.estimate.toPrecision(5)}, ${pct} interval [${fmt(p.lower)}, ${fmt(p.upper)}]`;
    body += el('g', { class: 'panel', 'data-param': p.name }, `<title>${esc(tip)}</title>` + frame(box, p.name) + axisBottom(x, box) + axisLeft(y, box, i % n === 0 ? { label: 'ζ' } : {}) + marks);
  });
  const height = grid.height;
  return svgDocument({ width, height, title, kind: 'profile' }, `<defs>${defs}</defs>${body}`);
}

const fmt = (v: number): string => (Number.isFinite(v) ? v.toPrecision(5) : v > 0 ? '∞' : v < 0 ? '−∞' : 'NA');

function isProfileResult(v: MixedLMResults | ProfileResult): v is ProfileResult {
  return (v as ProfileResult).kind === 'profile' && Array.isArray((v as ProfileResult).params);
}
