import { describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC, vectorFromArray, Table as ArrowTable, Utf8, Dictionary, Int32 } from 'apache-arrow';
import { DataError } from '../../src/errors.js';
import { parseCsv, sniffDelimiter } from '../../src/data/csv.js';
import { readTable, readTableSync } from '../../src/data/read.js';
import { Table } from '../../src/data/table.js';
import { mulberry32, tempFile } from './helpers.js';

function dataError(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('CSV parsing', () => {
  it('handles quotes, embedded delimiters, newlines and escaped quotes', () => {
    const t = parseCsv('name,note,y\nalice,"hello, world",1\nbob,"two\nlines",2\n"c ""q""",plain,3\n');
    expect(t.nrow).toBe(3);
    expect(t.column('note').values).toEqual(['hello, world', 'two\nlines', 'plain']);
    expect(t.column('name').values).toEqual(['alice', 'bob', 'c "q"']);
    expect(Array.from(t.numeric('y'))).toEqual([1, 2, 3]);
  });

  it('reads NA, empty and NaN as missing; infers numeric when all values are numbers, Inf/-Inf included (the model refuses them by row and column)', () => {
    const t = parseCsv('a,b,c,d,e\n1,x,NA,1e3,-Inf\nNaN,,2.5,-4,Infinity\n,NA,NA,Inf,infinity\n');
    expect(Array.from(t.numeric('a'))).toEqual([1, NaN, NaN]);
    expect(t.column('b')).toEqual({ kind: 'categorical', values: ['x', null, null] });
    expect(Array.from(t.numeric('c'))).toEqual([NaN, 2.5, NaN]);
    expect(Array.from(t.numeric('d'))).toEqual([1000, -4, Infinity]);
    // 'infinity' is not one of R's or JavaScript's spellings: the column stays categorical
    expect(t.column('e')).toEqual({ kind: 'categorical', values: ['-Inf', 'Infinity', 'infinity'] });
  });

  it('treats quoted numbers as categorical (R quotes factors) unless every field is quoted', () => {
    const r = parseCsv('"Reaction","Days","Subject"\n249.56,0,"308"\n258.70,1,"309"\n');
    expect(r.column('Subject')).toEqual({ kind: 'categorical', values: ['308', '309'] });
    expect(r.column('Days').kind).toBe('numeric');
    const all = parseCsv('"y","g"\n"1.5","a"\n"2","b"\n');
    expect(all.column('y').kind).toBe('numeric');
    expect(all.column('g').kind).toBe('categorical');
  });

  it('applies type overrides, custom NA strings and delimiters', () => {
    const t = parseCsv('id;v\n"1";7\n"2";-\n', { delimiter: ';', types: { id: 'numeric', v: 'categorical' }, naStrings: ['-'] });
    expect(Array.from(t.numeric('id'))).toEqual([1, 2]);
    expect(t.column('v').values).toEqual(['7', null]);
    expect(sniffDelimiter('a\tb\tc\n1\t2\t3')).toBe('\t');
    expect(sniffDelimiter('"a,b";c;d\n')).toBe(';');
    expect(parseCsv('a\tb\n1\tx\n').column('b').values).toEqual(['x']);
  });

  it('names file, row and column in errors', () => {
    let e = dataError(() => parseCsv('a,b\n1,2\n3\n', { source: 'bad.csv' }));
    expect(e.message).toContain('bad.csv');
    expect(e.row).toBe(1);
    e = dataError(() => parseCsv('a,b\n1,2\n', { types: { bb: 'numeric' } }));
    expect(e.column).toBe('bb');
    expect(e.message).toContain("did you mean 'b'?");
    e = dataError(() => parseCsv('a,b\n1,x\n2,y\n', { types: { b: 'numeric' } }));
    expect(e.column).toBe('b');
    expect(e.row).toBe(0);
    e = dataError(() => parseCsv('a,a\n1,2\n'));
    expect(e.column).toBe('a');
  });

  it('round-trips seeded random numbers exactly', () => {
    const rnd = mulberry32(99);
    const xs = Array.from({ length: 50 }, () => (rnd() - 0.5) * 1e6);
    const t = parseCsv(`x\n${xs.map(String).join('\n')}\n`);
    expect(Array.from(t.numeric('x'))).toEqual(xs); // shortest round-trip strings parse back exactly
  });
});

describe('readTable', () => {
  it('reads CSV and TSV files by extension; missing files are DataErrors', async () => {
    const csv = tempFile('t.csv', 'y,g\n1,"a"\n2,"b"\n');
    const tsv = tempFile('t.tsv', 'y\tg\n1\ta,b\n');
    expect((await readTable(csv)).column('g').values).toEqual(['a', 'b']);
    expect(readTableSync(tsv).column('g').values).toEqual(['a,b']);
    await expect(readTable(tempFile('t2.txt', 'y;g\n1;a\n'))).resolves.toBeInstanceOf(Table);
    await expect(readTable('/nonexistent/file.csv')).rejects.toBeInstanceOf(DataError);
  });

  it('reads the bundled data with the right types', () => {
    const kinds = (t: Table): string => t.names.map((n) => `${n}:${t.column(n).kind[0]}`).join(' ');
    const s = readTableSync('data/sleepstudy.csv');
    expect([s.nrow, kinds(s)]).toEqual([180, 'Reaction:n Days:n Subject:c']);
    expect(s.column('Subject').values[0]).toBe('308');
    expect(s.numeric('Reaction')[0]).toBe(249.56);
    const d = readTableSync('data/Dyestuff.csv');
    expect([d.nrow, kinds(d)]).toEqual([30, 'Batch:c Yield:n']);
    const p = readTableSync('data/Penicillin.csv');
    expect([p.nrow, kinds(p)]).toEqual([144, 'diameter:n plate:c sample:c']);
    const a = readTableSync('data/Pastes.csv');
    expect([a.nrow, kinds(a)]).toEqual([60, 'strength:n batch:c cask:c sample:c']);
    const i = readTableSync('data/InstEval.csv');
    expect([i.nrow, kinds(i)]).toEqual([73421, 's:c d:c studage:c lectage:c service:c dept:c y:n']);
    expect(i.row(0)).toEqual({ s: '1', d: '1002', studage: '2', lectage: '2', service: '0', dept: '2', y: 5 });
  });

  it('round-trips an Arrow IPC file (numbers, nulls, strings, booleans, dictionaries)', async () => {
    const at = tableFromArrays({
      x: Float64Array.of(1.5, 2.5, 3.5),
      n: Int32Array.of(1, 2, 3),
      g: ['a', 'b', 'a'],
    });
    const withMore = new ArrowTable({
      x: at.getChild('x')!,
      n: at.getChild('n')!,
      g: at.getChild('g')!,
      b: vectorFromArray([true, false, null]),
      y: vectorFromArray([1, null, 3]),
      d: vectorFromArray(['u', 'v', 'u'], new Dictionary(new Utf8(), new Int32())),
    });
    for (const name of ['t.arrow', 't.feather']) {
      const path = tempFile(name, tableToIPC(withMore, 'file'));
      const t = await readTable(path);
      expect(t.names).toEqual(['x', 'n', 'g', 'b', 'y', 'd']);
      expect(Array.from(t.numeric('x'))).toEqual([1.5, 2.5, 3.5]);
      expect(Array.from(t.numeric('n'))).toEqual([1, 2, 3]);
      expect(t.column('g').values).toEqual(['a', 'b', 'a']);
      expect(t.column('b').values).toEqual(['True', 'False', null]);
      expect(Array.from(t.numeric('y'))).toEqual([1, NaN, 3]);
      expect(t.column('d').values).toEqual(['u', 'v', 'u']);
    }
    const stream = tempFile('t.arrows', tableToIPC(at, 'stream'));
    const t2 = await readTable(stream, { types: { n: 'categorical' } });
    expect(t2.column('n').values).toEqual(['1', '2', '3']);
    // fromArrow directly on the in-memory table
    expect(Table.fromArrow(withMore).nrow).toBe(3);
  });
});
