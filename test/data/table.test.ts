import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { editDistance, closestName } from '../../src/data/closest.js';
import { Table, toTable } from '../../src/data/table.js';
import { mulberry32 } from './helpers.js';

describe('Table constructors', () => {
  it('fromRows: union of keys, numbers numeric, strings/booleans categorical', () => {
    const t = Table.fromRows([
      { y: 1, g: 'a', b: true },
      { y: null, g: null, b: false, extra: 3 },
    ]);
    expect(t.names).toEqual(['y', 'g', 'b', 'extra']);
    expect(t.nrow).toBe(2);
    expect(t.column('y')).toEqual({ kind: 'numeric', values: Float64Array.of(1, NaN) });
    expect(t.column('g')).toEqual({ kind: 'categorical', values: ['a', null] });
    expect(t.column('b')).toEqual({ kind: 'categorical', values: ['True', 'False'] });
    expect(t.column('extra')).toEqual({ kind: 'numeric', values: Float64Array.of(NaN, 3) });
  });

  it('fromColumns: typed arrays copied, mixed arrays categorical, lengths checked', () => {
    const x = Float64Array.of(1, 2, 3);
    const t = Table.fromColumns({ x, i: Int32Array.of(4, 5, 6), m: [1, 'a', undefined] });
    expect(t.numeric('x')).not.toBe(x);
    expect(Array.from(t.numeric('i'))).toEqual([4, 5, 6]);
    expect(t.column('m')).toEqual({ kind: 'categorical', values: ['1', 'a', null] });
    expect(() => Table.fromColumns({ a: [1, 2], b: [1] })).toThrow(DataError);
  });

  it('toTable accepts records, columns and Tables; never mutates inputs', () => {
    const cols = { y: [3, 1, 2], g: ['b', 'a', 'b'] };
    const t = toTable(cols);
    expect(toTable(t)).toBe(t);
    expect(toTable([{ y: 1 }]).nrow).toBe(1);
    t.select([1, 0, 1]);
    expect(cols).toEqual({ y: [3, 1, 2], g: ['b', 'a', 'b'] });
  });
});

describe('Table access', () => {
  const t = Table.fromColumns({ Reaction: [1, 2, 3, 4], Days: [0, 1, 2, 3], Subject: ['s1', 's1', 's2', 's2'] });

  it('column() names the missing column and suggests the closest', () => {
    try {
      t.column('Subjct');
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).column).toBe('Subjct');
      expect((e as DataError).message).toContain("did you mean 'Subject'?");
    }
    expect(() => t.column('reaction')).toThrow(/did you mean 'Reaction'/);
    expect(() => t.numeric('Subject')).toThrow(/categorical/);
  });

  it('select / take / subset / withColumn / row', () => {
    const s = t.select(Uint8Array.of(0, 1, 0, 1));
    expect(Array.from(s.numeric('Days'))).toEqual([1, 3]);
    expect(s.column('Subject').values).toEqual(['s1', 's2']);
    expect(t.take([3, 3, 0]).column('Subject').values).toEqual(['s2', 's2', 's1']);
    const u = t.subset({ columns: ['Subject', 'Days'], rows: [true, true, false, false] });
    expect(u.names).toEqual(['Subject', 'Days']);
    expect(u.nrow).toBe(2);
    expect(t.withColumn('w', [1, 1, 1, 1]).names).toEqual(['Reaction', 'Days', 'Subject', 'w']);
    expect(t.row(2)).toEqual({ Reaction: 3, Days: 2, Subject: 's2' });
    expect(() => t.select([1, 0])).toThrow(DataError);
    expect(() => t.take([4])).toThrow(DataError);
  });

  it('select agrees with a filter on seeded random masks', () => {
    const rnd = mulberry32(7);
    const n = 200;
    const x = Array.from({ length: n }, () => rnd());
    const big = Table.fromColumns({ x });
    for (let rep = 0; rep < 5; rep++) {
      const mask = x.map(() => (rnd() < 0.3 ? 1 : 0));
      expect(Array.from(big.select(mask).numeric('x'))).toEqual(x.filter((_, i) => mask[i])); // exact copy
    }
  });
});

describe('edit distance', () => {
  it('computes Levenshtein distances and picks close names only', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestName('Dys', ['Days', 'Subject'])).toBe('Days');
    expect(closestName('completelydifferent', ['x', 'y'])).toBeUndefined();
  });
});
