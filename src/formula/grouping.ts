import { DataError } from '../errors.js';
import { toTable, type TableInput } from '../data/table.js';
import { compareStrings, numberLabel } from './evaluate.js';

/**
 * A grouping factor: one label per row (`null` if any component is missing),
 * the sorted distinct levels, and each row's level index (`-1` if missing).
 *
 * @example
 * ```ts
 * const { levels, codes } = groupingFactor(t, ['Subject']);
 * ```
 */
export interface GroupingFactor {
  readonly labels: (string | null)[];
  readonly levels: string[];
  readonly codes: Int32Array;
}

/**
 * Options of {@link groupingFactor}.
 *
 * @example
 * ```ts
 * groupingFactor(t, ['s'], { order: 'lexicographic' });
 * ```
 */
export interface GroupingOptions {
  /**
   * Level order, componentwise: `'natural'` (default) compares two components
   * numerically when both parse as finite numbers (so `"2" < "10"`, as R orders
   * factors read from integers), else by code point; `'lexicographic'` is
   * code-point order throughout (patsy's order for strings).
   */
  order?: 'natural' | 'lexicographic';
  /** Separator between components (default `':'`, as lme4 writes `A:a`). */
  separator?: string;
}

/**
 * The interaction factor of one or more columns, as lme4 builds `(1 | a:b)`:
 * labels `"A:a"`, levels sorted by the first component, then the second, ...
 * (only combinations that occur).
 *
 * @example
 * ```ts
 * const g = groupingFactor(pastes, ['batch', 'cask']);
 * g.levels.slice(0, 3); // ['A:a', 'A:b', 'A:c']
 * ```
 */
export function groupingFactor(data: TableInput, names: readonly string[], options: GroupingOptions = {}): GroupingFactor {
  const table = toTable(data);
  if (names.length === 0) throw new DataError('groupingFactor needs at least one column', { row: -1 });
  const sep = options.separator ?? ':';
  const natural = (options.order ?? 'natural') === 'natural';
  const n = table.nrow;
  const cols = names.map((name) => table.column(name));
  const labels = new Array<string | null>(n);
  const parts = new Map<string, (string | number)[]>();
  const only = cols.length === 1 ? cols[0]! : null;
  if (only && only.kind === 'categorical') return fromCodes(only.codes, only.levels, natural);
  // one numeric column: one label string per distinct value (not per row)
  const numLabel = only && only.kind === 'numeric' ? new Map<number, string>() : null;
  if (only && only.kind === 'numeric') {
    const vals = only.values;
    for (let i = 0; i < n; i++) {
      const x = vals[i]!;
      if (Number.isNaN(x)) {
        labels[i] = null;
        continue;
      }
      let l = numLabel!.get(x);
      if (l === undefined) {
        l = numberLabel(x);
        numLabel!.set(x, l);
        if (!parts.has(l)) parts.set(l, [x]);
      }
      labels[i] = l;
    }
  } else for (let i = 0; i < n; i++) {
    const comps: (string | number)[] = [];
    let missing = false;
    for (const c of cols) {
      if (c.kind === 'numeric') {
        const x = c.values[i]!;
        if (Number.isNaN(x)) missing = true;
        comps.push(x);
      } else {
        const s = c.values[i]!;
        if (s === null) missing = true;
        comps.push(s ?? '');
      }
    }
    if (missing) {
      labels[i] = null;
      continue;
    }
    const label = comps.map((x) => (typeof x === 'number' ? numberLabel(x) : x)).join(sep);
    labels[i] = label;
    if (!parts.has(label)) parts.set(label, comps);
  }
  // precompute, per level and component, its string and (natural order) number
  const entries = [...parts].map(([label, comps]) => ({
    label,
    strs: comps.map((x) => (typeof x === 'number' ? numberLabel(x) : x)),
    nums: comps.map((x) => (typeof x === 'number' ? x : natural && x.trim() !== '' ? Number(x) : NaN)),
  }));
  entries.sort((a, b) => {
    for (let k = 0; k < a.strs.length; k++) {
      const xa = a.nums[k]!;
      const xb = b.nums[k]!;
      if (Number.isFinite(xa) && Number.isFinite(xb) && xa !== xb) return xa - xb;
      const c = compareStrings(a.strs[k]!, b.strs[k]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  const levels = entries.map((e) => e.label);
  const index = new Map<string, number>();
  levels.forEach((l, k) => index.set(l, k));
  const codes = new Int32Array(n);
  if (numLabel && only && only.kind === 'numeric') {
    const code = new Map<number, number>();
    for (const [x, l] of numLabel) code.set(x, index.get(l)!);
    const vals = only.values;
    for (let i = 0; i < n; i++) {
      const x = vals[i]!;
      codes[i] = Number.isNaN(x) ? -1 : code.get(x)!;
    }
    return { labels, levels, codes };
  }
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    codes[i] = l === null ? -1 : index.get(l)!;
  }
  return { labels, levels, codes };
}

/**
 * One categorical column from its codes: sorts only the levels present
 * (natural or code-point order, as {@link groupingFactor}), never per-row strings.
 */
function fromCodes(codesIn: Int32Array, lv: readonly string[], natural: boolean): GroupingFactor {
  const n = codesIn.length;
  const L = lv.length;
  const used = new Uint8Array(L);
  for (let i = 0; i < n; i++) {
    const c = codesIn[i]!;
    if (c >= 0) used[c] = 1;
  }
  const present: number[] = [];
  for (let k = 0; k < L; k++) if (used[k]) present.push(k);
  const nums = new Float64Array(L);
  for (const k of present) {
    const s = lv[k]!;
    nums[k] = natural && s.trim() !== '' ? Number(s) : NaN;
  }
  present.sort((a, b) => {
    const xa = nums[a]!;
    const xb = nums[b]!;
    if (Number.isFinite(xa) && Number.isFinite(xb) && xa !== xb) return xa - xb;
    return compareStrings(lv[a]!, lv[b]!);
  });
  const rank = new Int32Array(L).fill(-1);
  const levels = new Array<string>(present.length);
  for (let j = 0; j < present.length; j++) {
    rank[present[j]!] = j;
    levels[j] = lv[present[j]!]!;
  }
  const codes = new Int32Array(n);
  const labels = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const c = codesIn[i]!;
    codes[i] = c < 0 ? -1 : rank[c]!;
    labels[i] = c < 0 ? null : lv[c]!;
  }
  return { labels, levels, codes };
}
