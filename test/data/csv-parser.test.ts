// The byte-level CSV parser: chunk boundaries anywhere, quoting, line endings,
// type inference (including the second pass), numbers, errors.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { CsvParser, parseCsv } from '../../src/data/csv.js';
import { CategoricalColumn } from '../../src/data/column.js';
import { parseNumberBytes, parseNumberText } from '../../src/data/number-bytes.js';
import { Table } from '../../src/data/table.js';
import { mulberry32 } from './helpers.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Every column as plain values (numbers with NaN, or labels with null). */
function plain(t: Table): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const n of t.names) {
    const c = t.column(n);
    out[`${n}:${c.kind}`] = c.kind === 'numeric' ? Array.from(c.values) : [...c.values];
  }
  return out;
}

function chunked(bytes: Uint8Array, cuts: number[]): Table {
  const p = new CsvParser();
  let prev = 0;
  for (const k of [...cuts, bytes.length]) {
    p.push(bytes.subarray(prev, k));
    prev = k;
  }
  return p.finish();
}

const TRICKY =
  '\uFEFFname,"note, with comma",y\r\n' +
  'älice,"hello, ""world""",1.5\r\n' +
  '\r\n' +
  'bob,"two\r\nlines",-2e3\r\n' +
  '"ünï",plain,NA\r\n' +
  'c,"",Inf\r\n';

describe('CsvParser: chunk boundaries', () => {
  it('gives the same table for every single cut and for one byte at a time (BOM, CRLF, quotes, UTF-8, empty lines)', () => {
    const bytes = enc(TRICKY);
    const whole = plain(parseCsv(TRICKY));
    expect(whole).toEqual({
      'name:categorical': ['älice', 'bob', 'ünï', 'c'],
      'note, with comma:categorical': ['hello, "world"', 'two\r\nlines', 'plain', null],
      'y:numeric': [1.5, -2000, NaN, Infinity],
    });
    for (let k = 0; k <= bytes.length; k++) expect(plain(chunked(bytes, [k])), `cut at ${k}`).toEqual(whole);
    expect(plain(chunked(bytes, Array.from({ length: bytes.length }, (_, i) => i)))).toEqual(whole);
  });

  it('matches a seeded random table written as CSV, in random chunks', () => {
    const rnd = mulberry32(2024);
    const n = 300;
    const nums = Array.from({ length: n }, () => (rnd() < 0.1 ? NaN : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 4)));
    const ints = Array.from({ length: n }, () => Math.floor(rnd() * 1000) - 500);
    const words = ['a', 'b,c', 'd"e', 'f\ng', 'ü', '', 'NA', ' sp '];
    const labs = Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]!);
    const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
    const text = 'x,i,s\n' + nums.map((x, r) => `${Number.isNaN(x) ? 'NA' : String(x)},${ints[r]},${q(labs[r]!)}`).join('\n') + '\n';
    const bytes = enc(text);
    const cuts: number[] = [];
    for (let k = Math.floor(rnd() * 50); k < bytes.length; k += 1 + Math.floor(rnd() * 97)) cuts.push(k);
    const t = chunked(bytes, cuts);
    expect(Array.from(t.numeric('x'))).toEqual(nums);
    expect(Array.from(t.numeric('i'))).toEqual(ints);
    // quoted "" and "NA" are missing (the naStrings compare the field's content)
    expect(t.column('s').values).toEqual(labs.map((s) => (s === '' || s === 'NA' ? null : s)));
  });
});

describe('CsvParser: formats and inference', () => {
  it('reads CR-only line ends, a multi-character delimiter and custom NA strings', () => {
    expect(plain(parseCsv('a,b\r1,x\r2,y\r'))).toEqual({ 'a:numeric': [1, 2], 'b:categorical': ['x', 'y'] });
    expect(plain(parseCsv('a::b\n1::x:y\n"2::3"::z\n', { delimiter: '::' }))).toEqual({ 'a:categorical': ['1', '2::3'], 'b:categorical': ['x:y', 'z'] });
    expect(plain(parseCsv('a,b\n.,-99\n1,2\n', { naStrings: ['.', '-99'] }))).toEqual({ 'a:numeric': [NaN, 1], 'b:numeric': [NaN, 2] });
    expect(parseCsv('').nrow).toBe(0);
    expect(parseCsv('a,b\n').names).toEqual(['a', 'b']);
    expect(parseCsv('a,b').nrow).toBe(0);
    expect(plain(parseCsv('a\n1\n2'))).toEqual({ 'a:numeric': [1, 2] }); // no final newline
  });

  it('settles columns that turn categorical late with their exact text (second pass)', () => {
    // numbers first, then a word: the labels are the original texts, not String(number)
    expect(plain(parseCsv('v,w\n1.50,1\n007,2\nx,3\n'))).toEqual({ 'v:categorical': ['1.50', '007', 'x'], 'w:numeric': [1, 2, 3] });
    // every field quoted at first (QUOTE_ALL?), then an unquoted one: quoting was informative after all
    expect(plain(parseCsv('"y","g"\n"1","a"\n"2","b"\n3,"c"\n'))).toEqual({ 'y:categorical': ['1', '2', '3'], 'g:categorical': ['a', 'b', 'c'] });
    // the same late flip streamed in chunks
    const bytes = enc('v\n1\n2\n' + '3\n'.repeat(1000) + 'x\n');
    const t = chunked(bytes, [3, 10, 500, 1500]);
    expect(t.column('v').kind).toBe('categorical');
    expect(t.column('v').values.slice(0, 3)).toEqual(['1', '2', '3']);
    expect(t.column('v').values.at(-1)).toBe('x');
    // a quoted first column of an R file (factor first): categorical without a second pass
    expect(plain(parseCsv('"Subject","Days"\n"308",0\n"309",1\n'))).toEqual({ 'Subject:categorical': ['308', '309'], 'Days:numeric': [0, 1] });
  });

  it('holds categorical columns as codes plus first-seen levels', () => {
    const c = parseCsv('g\nb\na\nNA\nb\n').column('g') as CategoricalColumn;
    expect(c).toBeInstanceOf(CategoricalColumn);
    expect(Array.from(c.codes)).toEqual([0, 1, -1, 0]);
    expect(c.levels).toEqual(['b', 'a']);
    const t = new Table([['g', { kind: 'categorical', values: ['x', null] }]]);
    expect(Array.from((t.column('g') as CategoricalColumn).codes)).toEqual([0, -1]);
    expect(t.take([1, 0, 0]).column('g').values).toEqual([null, 'x', 'x']);
  });

  it('reports progress counters', () => {
    const p = new CsvParser();
    p.push('a\n1\n2\n');
    expect([p.rows, p.bytesRead]).toEqual([2, 6]);
    p.push('3');
    expect(p.finish().nrow).toBe(3);
    expect(() => p.push('4')).toThrow(/already finished/);
  });
});

describe('CsvParser: errors name the record and row', () => {
  const err = (f: () => unknown): DataError => {
    try {
      f();
    } catch (e) {
      if (e instanceof DataError) return e;
      throw e;
    }
    throw new Error('expected a DataError');
  };
  it('ragged rows, unclosed quotes, text after a closing quote', () => {
    let e = err(() => parseCsv('a,b\n1,2\n3,4,5\n', { source: 'r.csv' }));
    expect([e.row, e.message]).toEqual([1, 'r.csv: record 3 (data row 1, 0-based) has 3 fields, the header has 2']);
    e = err(() => parseCsv('a,b\n1,"open\n2,3\n'));
    expect(e.row).toBe(0);
    expect(e.message).toMatch(/not closed/);
    e = err(() => parseCsv('a,b\n1,2\n"x"y,3\n'));
    expect(e.row).toBe(1);
    expect(e.message).toMatch(/after a closing quote/);
    e = err(() => parseCsv('a\n1\n2\nx\n', { types: { a: 'numeric' } }));
    expect([e.column, e.row]).toEqual(['a', 2]);
  });
});

describe('numbers from bytes', () => {
  it('equal Number() on the same text (fast path and fallback), Inf spellings included', () => {
    const rnd = mulberry32(7);
    const cases = ['0', '-0', '+5', '.5', '5.', '1e5', '1E-5', '1e+400', '1e-400', '0x1F', ' 7 ', '1_0', '', '-', '.', 'e5', '1e', 'Inf', '-Inf', 'Infinity', '-Infinity', 'NaN', '123456789012345', '1234567890123456789', '0.000000000000000000000001'];
    for (let k = 0; k < 300; k++) {
      const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
      cases.push(String(x), x.toPrecision(1 + Math.floor(rnd() * 17)), x.toExponential(Math.floor(rnd() * 16)), x.toFixed(Math.floor(rnd() * 10)));
    }
    for (const s of cases) {
      const b = enc(`,${s},`);
      const got = parseNumberBytes(b, 1, b.length - 1);
      expect(Object.is(got, parseNumberText(s)), s).toBe(true);
      const ref = s.trim() === '' ? NaN : /^[+-]?Inf$/.test(s.trim()) ? (s.includes('-') ? -Infinity : Infinity) : Number(s);
      expect(Object.is(got, ref), s).toBe(true);
    }
  });
});
