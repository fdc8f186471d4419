/** Caterpillar plot: conditional modes with intervals from the conditional variances (lme4's `dotplot(ranef(., condVar = TRUE))`). */
import { InvalidArgumentError } from '../errors.js';
import { normalQuantile } from '../model/inference/distributions.js';
import type { TermEffects } from '../model/terms/formula-spec.js';
import type { MixedLMResults } from '../model/results.js';
import { axisBottom, frame, niceScale, type Box } from './axis.js';
import { fitEffects } from './effects.js';
import { clip, el, esc, svgDocument, text, textWidth, THEME } from './svg.js';

/**
 * Options of {@link plotCaterpillar}.
 *
 * @example
 * ```ts
 * const o: CaterpillarOptions = { level: 0.9, width: 800 };
 * ```
 */
export interface CaterpillarOptions {
  /** Coverage of the intervals (default 0.95): mode ± z·√condvar. */
  level?: number;
  /** Figure width in px (default 640). */
  width?: number;
  /** Height of one level's row when the levels fit (default 14 px). */
  rowHeight?: number;
  /** Largest height of one term's panels (default 900 px); with more levels the rows get thinner and labels are thinned. */
  maxPanelHeight?: number;
  /** Only these terms (by `grp`); default all. */
  terms?: string[];
  /** Figure title (default "Conditional modes with 95% intervals"). */
  title?: string;
}

const LABEL_CHARS = 24;

/**
 * Caterpillar plot of a fit's conditional modes as an SVG string: for each
 * random term, one panel per random-effect column, one row per level sorted
 * by the term's first column, a dot at the mode and a line over
 * mode ± z·√(conditional variance). Every level has its own row
 * (`<g class="row" data-level=…>` with a tooltip); when rows are thinner
 * than the text, only every k-th label is written so labels never overlap.
 * Accepts a fit or term effects (e.g. a saved fit's `model.effects`; without
 * `condvar` the intervals are omitted and the title says so).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('ranef.svg', plotCaterpillar(fit));
 * ```
 */
export function plotCaterpillar(fit: MixedLMResults | readonly TermEffects[], options: CaterpillarOptions = {}): string {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new InvalidArgumentError('level', `expected a number in (0, 1), got ${level}`);
  const width = options.width ?? 640;
  const rowHeight = options.rowHeight ?? 14;
  const maxPanel = options.maxPanelHeight ?? 900;
  if (!(width >= 200)) throw new InvalidArgumentError('width', `expected at least 200 px, got ${width}`);
  if (!(rowHeight > 0)) throw new InvalidArgumentError('rowHeight', `expected a positive number, got ${rowHeight}`);
  if (!(maxPanel >= 50)) throw new InvalidArgumentError('maxPanelHeight', `expected at least 50 px, got ${maxPanel}`);
  let effects: readonly TermEffects[] = Array.isArray(fit) ? (fit as readonly TermEffects[]) : fitEffects(fit as MixedLMResults);
  if (options.terms) {
    const want = options.terms;
    const unknown = want.filter((t) => !effects.some((e) => e.grp === t));
    if (unknown.length > 0) throw new InvalidArgumentError('terms', `no random term '${unknown[0]}' (terms: ${effects.map((e) => e.grp).join(', ')})`);
    effects = effects.filter((e) => want.includes(e.grp));
  }
  if (effects.length === 0) throw new InvalidArgumentError('fit', 'the fit has no random effects to plot');
  const z = normalQuantile(0.5 + level / 2);
  const withIntervals = effects.every((e) => e.condvar !== undefined);
  const pct = `${+(level * 100).toFixed(2)}%`;
  const title = options.title ?? (withIntervals ? `Conditional modes with ${pct} intervals` : 'Conditional modes (no conditional variances: intervals omitted)');

  const fs = THEME.fontSize;
  const labelCol = Math.min(
    textWidth('x'.repeat(LABEL_CHARS)),
    Math.max(...effects.flatMap((e) => e.levels.map((l) => textWidth(clip(l, LABEL_CHARS))))),
  );
  const left = 12 + labelCol + 8;
  const right = 16;
  let y = 8 + THEME.titleSize + 10;
  let body = text(title, { x: width / 2, y: 8 + THEME.titleSize, 'text-anchor': 'middle', 'font-size': THEME.titleSize, 'font-weight': 'bold', class: 'plot-title' });
  effects.forEach((e) => {
    const n = e.levels.length;
    const k = e.names.length;
    if (e.values.length !== n || (e.condvar && e.condvar.length !== n)) {
      throw new InvalidArgumentError('effects', `term '${e.grp}': ${n} levels but ${e.values.length} rows of values`);
    }
    // order: increasing first-column mode from the bottom up (missing modes at the bottom)
    const key = (i: number): number => {
      const v = e.values[i]![0]!;
      return Number.isNaN(v) ? -Infinity : v;
    };
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
    const rowH = Math.min(rowHeight, maxPanel / Math.max(n, 1));
    const step = Math.max(1, Math.ceil((fs + 1) / rowH)); // label every step-th row: spacing ≥ one line of text
    const header = text(`${e.grp}${n > 1 ? ` (${n.toLocaleString('en-US')} levels)` : ''}`, { x: 12, y: y + THEME.titleSize, 'font-size': THEME.panelTitleSize, 'font-weight': 'bold', class: 'term-title' });
    body += header;
    y += THEME.titleSize + 8 + THEME.panelTitleSize + 8;
    const gap = 14;
    const pw = (width - left - right - gap * (k - 1)) / k;
    const ph = n * rowH;
    const boxes: Box[] = [];
    const scales = e.names.map((_, j) => {
      const vals: number[] = [0];
      for (let i = 0; i < n; i++) {
        const m = e.values[i]![j]!;
        const h = e.condvar ? z * Math.sqrt(e.condvar[i]![j]!) : 0;
        vals.push(m - h, m + h);
      }
      const box = { x: left + j * (pw + gap), y, width: pw, height: ph };
      boxes.push(box);
      return niceScale(vals, [box.x, box.x + pw]);
    });
    let panels = '';
    boxes.forEach((box, j) => {
      const x = scales[j]!;
      panels += frame(box, e.names[j]) + axisBottom(x, box, { grid: true });
      panels += el('line', { x1: x(0), x2: x(0), y1: box.y, y2: box.y + ph, stroke: THEME.muted, 'stroke-dasharray': '3,3' });
    });
    const r = Math.max(0.8, Math.min(3, rowH * 0.35));
    const sw = Math.max(0.5, Math.min(1.5, rowH * 0.3));
    let rows = '';
    order.forEach((i, pos) => {
      const cy = y + (pos + 0.5) * rowH;
      const lev = e.levels[i]!;
      let marks = '';
      const tip: string[] = [];
      for (let j = 0; j < k; j++) {
        const x = scales[j]!;
        const m = e.values[i]![j]!;
        if (!Number.isFinite(m)) {
          tip.push(`${e.names[j]}: NA`);
          continue;
        }
        const sd = e.condvar ? Math.sqrt(e.condvar[i]![j]!) : NaN;
        if (Number.isFinite(sd)) {
          marks += el('line', { x1: x(m - z * sd), x2: x(m + z * sd), y1: cy, y2: cy, stroke: THEME.interval });
          tip.push(`${e.names[j]}: ${fmtNum(m)} [${fmtNum(m - z * sd)}, ${fmtNum(m + z * sd)}]`);
        } else tip.push(`${e.names[j]}: ${fmtNum(m)}`);
        marks += el('circle', { cx: x(m), cy, r });
      }
      const label = pos % step === 0 ? text(clip(lev, LABEL_CHARS), { x: left - 8, y: cy + fs * 0.35, 'text-anchor': 'end', fill: THEME.ink, class: 'level-label' }) : '';
      rows += `<g class="row" data-level="${esc(lev)}"><title>${esc(`${e.grp} ${lev}: ${tip.join('; ')}`)}</title>${label}${marks}</g>`;
    });
    // rows share their paint through one group (the scales' domains hold every interval: no clipping needed)
    body += el('g', { class: 'term', 'data-term': e.grp, 'data-levels': String(n), 'data-label-step': String(step) }, panels + el('g', { class: 'rows', fill: THEME.accent, 'stroke-width': sw }, rows));
    y += ph + 6 + fs * 2.6 + 14;
  });
  return svgDocument({ width, height: y, title, kind: 'caterpillar' }, body);
}

const fmtNum = (v: number): string => (Number.isFinite(v) ? v.toPrecision(4) : 'NA');
