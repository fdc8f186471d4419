/** Test helpers: parse an SVG string strictly (fast-xml-parser) and walk its elements. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

/** A parsed element: tag, attributes, children, and its text content. */
export interface Node {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

type Raw = Record<string, unknown> & { ':@'?: Record<string, string> };

function convert(raw: Raw[]): Node[] {
  const out: Node[] = [];
  for (const item of raw) {
    const tag = Object.keys(item).find((k) => k !== ':@')!;
    if (tag === '#text') continue;
    const kids = convert(item[tag] as Raw[]);
    const text = (item[tag] as Raw[])
      .filter((k) => '#text' in k)
      .map((k) => String(k['#text']))
      .join('');
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(item[':@'] ?? {})) attrs[k.replace(/^@_/, '')] = String(v);
    out.push({ tag, attrs, children: kids, text });
  }
  return out;
}

/**
 * Validates `svg` as well-formed XML (fails the test with the parser's message otherwise) and returns the root `<svg>`.
 */
export function parseSvg(svg: string): Node {
  const v = XMLValidator.validate(svg);
  if (v !== true) expect.fail(`invalid XML: ${JSON.stringify(v.err)}`);
  const p = new XMLParser({ ignoreAttributes: false, preserveOrder: true, parseAttributeValue: false, parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: false });
  const roots = convert(p.parse(svg) as Raw[]);
  const root = roots.find((r) => r.tag === 'svg');
  if (!root) expect.fail('no <svg> root');
  return root;
}

/** Every element below `n` (depth first, document order). */
export function all(n: Node): Node[] {
  const out: Node[] = [];
  const walk = (m: Node): void => {
    for (const c of m.children) {
      out.push(c);
      walk(c);
    }
  };
  walk(n);
  return out;
}

/** Elements matching a tag and (optionally) a class. */
export function find(n: Node, tag: string, cls?: string): Node[] {
  return all(n).filter((m) => m.tag === tag && (cls === undefined || (m.attrs.class ?? '').split(' ').includes(cls)));
}

const GEOMETRY = ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'stroke-width', 'font-size'];

/**
 * Every coordinate attribute is a finite number; path data, transforms and the viewBox hold only finite numbers;
 * no attribute or text anywhere says NaN, undefined, null or Infinity.
 */
export function expectFiniteGeometry(svg: string, root: Node): void {
  expect(svg).not.toMatch(/NaN|undefined|Infinity|null/);
  for (const m of [root, ...all(root)]) {
    for (const a of GEOMETRY) {
      const v = m.attrs[a];
      if (v === undefined) continue;
      expect(Number.isFinite(Number(v)), `${m.tag} ${a}="${v}"`).toBe(true);
    }
    for (const a of ['d', 'transform', 'viewBox']) {
      const v = m.attrs[a];
      if (v === undefined) continue;
      const nums = v.match(/-?\d*\.?\d+(e[-+]?\d+)?/gi) ?? [];
      expect(nums.length, `${m.tag} ${a} has numbers`).toBeGreaterThan(0);
      for (const s of nums) expect(Number.isFinite(Number(s)), `${m.tag} ${a}: ${s}`).toBe(true);
    }
  }
}
