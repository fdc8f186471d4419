import { describe, expect, it } from 'vitest';
import { sortByStringKey } from '../../src/formula/string-sort.js';
import { mulberry32 } from '../data/helpers.js';

const byCompare = (keys: string[]): string[] => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe('sortByStringKey (MSD radix, code-unit order)', () => {
  it('equals a comparison sort on seeded random distinct keys (prefixes, empty key, Latin-1, lengths 0–12)', () => {
    const rnd = mulberry32(11);
    const alphabet = ['a', 'b', 'B', '0', '9', ':', ' ', 'é', 'ÿ', '\u0001'];
    for (const n of [0, 1, 2, 17, 1000, 20000]) {
      const set = new Set<string>();
      while (set.size < n) {
        const len = Math.floor(rnd() * 13);
        let s = '';
        for (let k = 0; k < len; k++) s += alphabet[Math.floor(rnd() * alphabet.length)]!;
        set.add(s);
      }
      const keys = [...set];
      const idx = keys.map((_, i) => i);
      sortByStringKey(idx, keys);
      expect(idx.map((i) => keys[i]!)).toEqual(byCompare(keys));
    }
  });

  it('sorts a subset of indices, and falls back to comparison for code units ≥ 256', () => {
    const keys = ['L10', 'L2', 'x', 'L1', 'L20'];
    const idx = [0, 1, 3, 4];
    sortByStringKey(idx, keys);
    expect(idx).toEqual([3, 0, 1, 4]); // 'L1' < 'L10' < 'L2' < 'L20'
    const wide = ['β', 'α', 'a', 'Ω', '😀', 'z'];
    const w = wide.map((_, i) => i);
    sortByStringKey(w, wide);
    expect(w.map((i) => wide[i]!)).toEqual(byCompare(wide));
  });
});
