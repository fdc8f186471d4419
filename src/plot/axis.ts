/** Axes and panel frames drawn from d3 linear scales (ticks and tick labels by d3-scale). */
import { extent } from 'd3-array';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { el, text, textWidth, THEME } from './svg.js';

/**
 * A rectangle of the drawing, in px.
 *
 * @example
 * ```ts
 * const box: Box = { x: 40, y: 20, width: 200, height: 120 };
 * ```
 */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A "nice" linear scale over the finite values (padded by 4 % of the span; a zero span becomes ±1 around the value).
 *
 * @example
 * ```ts
 * const x = niceScale([1.2, 7.9], [0, 300]); x.domain(); // [1, 8]
 * ```
 */
export function niceScale(values: Iterable<number>, range: [number, number], include: number[] = []): ScaleLinear<number, number> {
  const finite: number[] = [];
  for (const v of values) if (Number.isFinite(v)) finite.push(v);
  for (const v of include) if (Number.isFinite(v)) finite.push(v);
  let [lo, hi] = extent(finite) as [number | undefined, number | undefined];
  if (lo === undefined || hi === undefined) [lo, hi] = [0, 1];
  if (hi - lo <= Math.abs(hi) * 1e-12) {
    const d = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= d;
    hi += d;
  }
  const pad = (hi - lo) * 0.04;
  return scaleLinear().domain([lo - pad, hi + pad]).range(range).nice();
}

/**
 * Options of {@link axisBottom} / {@link axisLeft}.
 *
 * @example
 * ```ts
 * const o: AxisOptions = { label: 'fitted value', grid: false };
 * ```
 */
export interface AxisOptions {
  /** Approximate number of ticks (d3's `ticks(count)`). */
  count?: number;
  /** Axis title. */
  label?: string;
  /** Grid lines across the panel. */
  grid?: boolean;
}

/**
 * d3's ticks for the largest count ≤ `count` whose labels fit between neighbouring ticks
 * (`need(label)` px each), so tick labels never overlap.
 *
 * @example
 * ```ts
 * fittingTicks(scaleLinear().domain([0, 2400]).range([0, 160]), 6, (s) => s.length * 7).ticks; // [0, 1000, 2000]
 * ```
 */
export function fittingTicks(scale: ScaleLinear<number, number>, count: number, need: (label: string) => number): { ticks: number[]; fmt: (v: number) => string } {
  for (let c = Math.max(1, Math.round(count)); ; c--) {
    const ticks = scale.ticks(c);
    const fmt = scale.tickFormat(c);
    const labels = ticks.map(fmt);
    let fits = true;
    for (let i = 1; i < ticks.length && fits; i++) {
      const gap = Math.abs(scale(ticks[i]!) - scale(ticks[i - 1]!));
      fits = gap >= (need(labels[i]!) + need(labels[i - 1]!)) / 2;
    }
    if (fits || c <= 1) return { ticks, fmt };
  }
}

/**
 * A bottom axis for a panel: d3 ticks, tick labels, optional grid and title.
 *
 * @example
 * ```ts
 * axisBottom(x, { x: 40, y: 10, width: 200, height: 100 }, { label: 'Days' });
 * ```
 */
export function axisBottom(scale: ScaleLinear<number, number>, box: Box, o: AxisOptions = {}): string {
  const { ticks, fmt } = fittingTicks(scale, o.count ?? Math.max(4, Math.min(10, Math.floor(box.width / 45))), (s) => textWidth(s) + 6);
  const y0 = box.y + box.height;
  let grid = '';
  let marks = '';
  for (const t of ticks) {
    const x = scale(t);
    if (o.grid !== false) grid += el('line', { x1: x, x2: x, y1: box.y, y2: y0, stroke: THEME.grid });
    marks += el('line', { x1: x, x2: x, y1: y0, y2: y0 + 4, stroke: THEME.frame });
    marks += text(fmt(t), { x, y: y0 + 6 + THEME.fontSize * 0.8, 'text-anchor': 'middle', class: 'tick' });
  }
  const title = o.label ? text(o.label, { x: box.x + box.width / 2, y: y0 + 6 + THEME.fontSize * 2.1, 'text-anchor': 'middle', class: 'axis-label' }) : '';
  return el('g', { class: 'axis axis-x' }, grid + marks + title);
}

/**
 * A left axis for a panel: d3 ticks, tick labels, optional grid and a rotated title.
 *
 * @example
 * ```ts
 * axisLeft(y, { x: 40, y: 10, width: 200, height: 100 }, { label: 'residual' });
 * ```
 */
export function axisLeft(scale: ScaleLinear<number, number>, box: Box, o: AxisOptions = {}): string {
  const { ticks, fmt } = fittingTicks(scale, o.count ?? Math.max(3, Math.min(10, Math.floor(box.height / 35))), () => THEME.fontSize + 4);
  let grid = '';
  let marks = '';
  let widest = 0;
  for (const t of ticks) {
    const y = scale(t);
    const s = fmt(t);
    widest = Math.max(widest, s.length);
    if (o.grid !== false) grid += el('line', { x1: box.x, x2: box.x + box.width, y1: y, y2: y, stroke: THEME.grid });
    marks += el('line', { x1: box.x - 4, x2: box.x, y1: y, y2: y, stroke: THEME.frame });
    marks += text(s, { x: box.x - 6, y: y + THEME.fontSize * 0.35, 'text-anchor': 'end', class: 'tick' });
  }
  let title = '';
  if (o.label) {
    const x = box.x - 10 - widest * 0.6 * THEME.fontSize;
    const y = box.y + box.height / 2;
    title = text(o.label, { x, y, 'text-anchor': 'middle', transform: `rotate(-90 ${x.toFixed(2)} ${y.toFixed(2)})`, class: 'axis-label' });
  }
  return el('g', { class: 'axis axis-y' }, grid + marks + title);
}

/**
 * The frame around a panel and its title above it.
 *
 * @example
 * ```ts
 * frame({ x: 40, y: 20, width: 200, height: 100 }, 'Days');
 * ```
 */
export function frame(box: Box, title?: string): string {
  const r = el('rect', { x: box.x, y: box.y, width: box.width, height: box.height, fill: 'none', stroke: THEME.frame });
  const t = title ? text(title, { x: box.x + box.width / 2, y: box.y - 6, 'text-anchor': 'middle', 'font-size': THEME.panelTitleSize, 'font-weight': 'bold', class: 'panel-title' }) : '';
  return r + t;
}

/**
 * A clip path confining a panel's marks to its box (ids must be unique within the document).
 *
 * @example
 * ```ts
 * clipRect('p0', box); // '<clipPath id="p0">…'
 * ```
 */
export function clipRect(id: string, box: Box): string {
  return el('clipPath', { id }, el('rect', { x: box.x, y: box.y, width: box.width, height: box.height }));
}

/**
 * A grid of equal panels under a title: `count` panels in rows of at most
 * `cols`, each `aspect` × its width high (clamped to [minHeight, maxHeight]),
 * with `left` px for the first column's axis, `gapX` between columns and
 * `below` px under each panel (axis and labels).
 *
 * @example
 * ```ts
 * const grid = panelGrid({ width: 640, count: 4, cols: 2, left: 44, gapX: 44, minHeight: 120, maxHeight: 220, aspect: 0.85, below: 30 });
 * grid.box(3); // the fourth panel's Box; grid.height is the figure's height
 * ```
 */
export function panelGrid(o: { width: number; count: number; cols: number; left: number; gapX: number; minHeight: number; maxHeight: number; aspect: number; below: number }): { n: number; box: (i: number) => Box; height: number } {
  const n = Math.min(o.cols, o.count);
  const pw = (o.width - o.left - 16 - o.gapX * (n - 1)) / n;
  const ph = Math.min(o.maxHeight, Math.max(o.minHeight, pw * o.aspect));
  const top = 8 + THEME.titleSize + 14 + THEME.panelTitleSize + 8;
  const rowH = ph + o.below + THEME.panelTitleSize + 14;
  return {
    n,
    box: (i) => ({ x: o.left + (i % n) * (pw + o.gapX), y: top + Math.floor(i / n) * rowH, width: pw, height: ph }),
    height: top + Math.ceil(o.count / n) * rowH,
  };
}
