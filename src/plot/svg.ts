/** Small SVG-writing helpers: escaping, finite coordinates, elements, the document frame. */
import { InvalidArgumentError } from '../errors.js';

/**
 * XML-escapes text for element content and attribute values.
 *
 * @example
 * ```ts
 * esc('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 * ```
 */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/**
 * A coordinate as SVG text, rounded to 0.01 px; a non-finite value is a bug in the caller
 * (points with NaN data are dropped before drawing), so it throws instead of writing `NaN`.
 *
 * @example
 * ```ts
 * px(12.3456); // '12.35'
 * ```
 */
export function px(x: number): string {
  if (!Number.isFinite(x)) throw new InvalidArgumentError('coordinate', `non-finite SVG coordinate ${x}`);
  const r = Math.round(x * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

/**
 * Attribute values: strings are escaped, numbers go through {@link px}; undefined/false attributes are omitted.
 *
 * @example
 * ```ts
 * const a: Attrs = { x: 1.5, class: 'tick', hidden: false };
 * ```
 */
export type Attrs = Record<string, string | number | undefined | false>;

/**
 * One SVG element as text; `children` is already-serialized markup (use {@link esc} for text).
 *
 * @example
 * ```ts
 * el('circle', { cx: 3, cy: 4, r: 2 }); // '<circle cx="3" cy="4" r="2"/>'
 * ```
 */
export function el(tag: string, attrs: Attrs = {}, children?: string): string {
  let a = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    a += ` ${k}="${typeof v === 'number' ? px(v) : esc(v)}"`;
  }
  return children === undefined ? `<${tag}${a}/>` : `<${tag}${a}>${children}</${tag}>`;
}

/**
 * A text element with escaped content.
 *
 * @example
 * ```ts
 * text('Days < 3', { x: 10, y: 20, 'text-anchor': 'end' });
 * ```
 */
export function text(content: string, attrs: Attrs): string {
  return el('text', attrs, esc(content));
}

/**
 * Font and sizes shared by every plot (CSS px; 11 px text reads on screen and at column width in a paper).
 *
 * @example
 * ```ts
 * text('Days', { x: 0, y: 0, 'font-size': THEME.panelTitleSize });
 * ```
 */
export const THEME = {
  font: 'Helvetica, Arial, sans-serif',
  fontSize: 11,
  titleSize: 13,
  panelTitleSize: 12,
  ink: '#222',
  grid: '#e6e6e6',
  frame: '#999',
  accent: '#1f5fa8',
  interval: '#7aa6d6',
  muted: '#888',
} as const;

/**
 * Approximate advance width of `s` in the plot font (0.6 em per character, a safe upper bound for Helvetica digits and lower case).
 *
 * @example
 * ```ts
 * textWidth('308', 11); // 19.8
 * ```
 */
export function textWidth(s: string, size: number = THEME.fontSize): number {
  return s.length * 0.6 * size;
}

/**
 * Shortens a label to at most `max` characters (an ellipsis marks the cut).
 *
 * @example
 * ```ts
 * clip('a-very-long-level-name', 8); // 'a-very-…'
 * ```
 */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`;
}

/**
 * The complete SVG document: size in CSS px with a matching viewBox (scales in a page or a paper),
 * an accessible title, and a default font.
 *
 * @example
 * ```ts
 * svgDocument({ width: 200, height: 100, title: 'empty', kind: 'test' }, '');
 * ```
 */
export function svgDocument(o: { width: number; height: number; title: string; kind: string }, body: string): string {
  const w = Math.ceil(o.width);
  const h = Math.ceil(o.height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" class="mixedlm-plot" data-kind="${esc(o.kind)}"` +
    ` font-family="${THEME.font}" font-size="${THEME.fontSize}" fill="${THEME.ink}">` +
    `<title>${esc(o.title)}</title>` +
    el('rect', { x: 0, y: 0, width: w, height: h, fill: '#fff' }) +
    body +
    '</svg>\n'
  );
}

/**
 * Dots as one path of zero-length round-capped segments (compact for many thousands of points).
 *
 * @example
 * ```ts
 * dotsPath([[1, 2], [3, 4]]); // 'M1,2h0M3,4h0'
 * ```
 */
export function dotsPath(points: ReadonlyArray<readonly [number, number]>): string {
  let d = '';
  for (const [x, y] of points) d += `M${px(x)},${px(y)}h0`;
  return d;
}
