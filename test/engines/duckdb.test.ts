import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBEngine } from '../../src/engines/duckdb.js';
import { crossProductsFromSql } from '../../src/engines/from-sql.js';
import { crossProductsInMemory } from '../../src/engines/memory.js';
import { readTable, readTableSync } from '../../src/data/read.js';
import { DataError, FormulaError } from '../../src/errors.js';
import { REPO_ROOT } from '../paths.js';
import { expectCrossProductsClose } from './compare.js';

const DATA = resolve(REPO_ROOT, '..', 'shared', 'data');
let dir = '';
let engine: DuckDBEngine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mixedlm-duckdb-'));
  engine = await DuckDBEngine.create({ threads: 1 });
  // shared data → Parquet and CSV written by DuckDB (labels stay strings, as the in-memory reader reads the R export)
  for (const name of ['sleepstudy', 'Penicillin']) {
    const src = engine.from(join(DATA, `${name}.csv`));
    await engine.describe(join(DATA, `${name}.csv`)); // sniffs the quoted (label) columns
    await engine.run(`COPY (SELECT * FROM ${engine.from(join(DATA, `${name}.csv`))}) TO '${join(dir, `${name}.parquet`)}' (FORMAT parquet)`);
    void src;
  }
  // synthetic data, deterministic (hash of the row number), with a few NULLs
  await engine.run(`CREATE TABLE syn AS SELECT
      i,
      CASE WHEN i % 53 = 0 THEN NULL ELSE (hash(i, 1) % 1000) / 100.0 END AS x,
      (hash(i, 2) % 997) / 997.0 + 0.01 AS w,
      CASE WHEN hash(i, 3) % 9 = 4 THEN 'o''k \\ x' ELSE 'g' || (hash(i, 3) % 9)::VARCHAR END AS g,
      [2, 10, 7][1 + i % 3] AS h,
      ['lo', 'mid', 'hi'][1 + (hash(i, 4) % 3)::BIGINT] AS f,
      CASE WHEN i % 61 = 0 THEN NULL ELSE ['A', 'B', 'C', 'D'][1 + i % 4] END AS a,
      ['p', 'q', 'r'][1 + (hash(i, 5) % 3)::BIGINT] AS b
    FROM range(400) t(i)`);
  await engine.run(`CREATE TABLE syn2 AS SELECT *, 3 + 0.5 * coalesce(x, 0) + (hash(i, 6) % 1000) / 250.0 + length(g) AS y FROM syn`);
  await engine.run(`COPY syn2 TO '${join(dir, 'syn.csv')}' (HEADER)`);
  await engine.run(`COPY syn2 TO '${join(dir, 'syn.parquet')}' (FORMAT parquet)`);
  // the same rows split in two files, for a glob
  await engine.run(`COPY (SELECT * FROM syn2 WHERE i < 200) TO '${join(dir, 'part-1.parquet')}' (FORMAT parquet)`);
  await engine.run(`COPY (SELECT * FROM syn2 WHERE i >= 200) TO '${join(dir, 'part-2.parquet')}' (FORMAT parquet)`);
}, 120_000);

afterAll(async () => {
  await engine?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const TOL = 1e-10; // relative, per product array (summation order differs)

describe('DuckDB cross products equal the in-memory ones', () => {
  it('sleepstudy (Days | Subject), from Parquet', async () => {
    const f = 'Reaction ~ Days + (Days | Subject)';
    const want = crossProductsInMemory(f, readTableSync(join(DATA, 'sleepstudy.csv')));
    expect(want.terms[0]!.levels.slice(0, 3)).toEqual(['308', '309', '310']);
    expectCrossProductsClose(await crossProductsFromSql(engine, join(dir, 'sleepstudy.parquet'), f), want, TOL);
  });

  it('sleepstudy from the R-exported CSV itself (quoted labels stay labels)', async () => {
    const f = 'Reaction ~ Days + (Days | Subject)';
    const want = crossProductsInMemory(f, readTableSync(join(DATA, 'sleepstudy.csv')));
    expectCrossProductsClose(await crossProductsFromSql(engine, join(DATA, 'sleepstudy.csv'), f), want, TOL);
  });

  it('Penicillin (1 | plate) + (1 | sample), from Parquet', async () => {
    const f = 'diameter ~ 1 + (1 | plate) + (1 | sample)';
    const want = crossProductsInMemory(f, readTableSync(join(DATA, 'Penicillin.csv')));
    expectCrossProductsClose(await crossProductsFromSql(engine, join(dir, 'Penicillin.parquet'), f), want, TOL);
  });

  const synthetic: [string, string][] = [
    ['a factor fixed effect', 'y ~ f + x + (1 | g)'],
    ['a factor whose labels hold a quote and a backslash', 'y ~ g + x + (1 | a)'],
    ['an interaction', 'y ~ x * f + x:w + (1 | g)'],
    ['(x || g)', 'y ~ x + (x || g)'],
    ['(1 | a/b)', 'y ~ x + (1 | a/b)'],
    ['a correlated term crossed with a scalar one', 'y ~ x + (x | g) + (1 | h)'],
    ['a categorical random slope and an interaction grouping', 'y ~ w + (0 + f | g) + (w | a:b)'],
    ['I() arithmetic, math functions, C() of a number with a reference', 'I(y / 10) ~ log(w) + I(x ** 2 - 1) + np.sqrt(w) + C(h, Treatment(10)) + (1 | g)'],
  ];
  for (const [what, f] of synthetic) {
    it(`${what}: ${f} (CSV and Parquet written by DuckDB)`, async () => {
      const want = crossProductsInMemory(f, readTableSync(join(dir, 'syn.csv')));
      expect(want.nDropped).toBeGreaterThan(0);
      expectCrossProductsClose(await crossProductsFromSql(engine, join(dir, 'syn.csv'), f), want, TOL);
      expectCrossProductsClose(await crossProductsFromSql(engine, join(dir, 'syn.parquet'), f), want, TOL);
    });
  }

  it('Parquet read into memory (hyparquet) and Parquet aggregated by DuckDB agree', async () => {
    const f = 'y ~ x * f + (x | g) + (1 | a/b)';
    const want = crossProductsInMemory(f, await readTable(join(dir, 'syn.parquet')));
    expect(want.nDropped).toBeGreaterThan(0);
    expectCrossProductsClose(await crossProductsFromSql(engine, join(dir, 'syn.parquet'), f), want, TOL);
  });

  it('a glob over two Parquet files', async () => {
    const f = 'y ~ x + (x | g) + (1 | h)';
    const want = crossProductsInMemory(f, readTableSync(join(dir, 'syn.csv')));
    expectCrossProductsClose(await crossProductsFromSql(engine, join(dir, 'part-*.parquet'), f), want, TOL);
  });
});

describe('DuckDB bad input', () => {
  it('an unknown file or column is a DataError naming it', async () => {
    await expect(crossProductsFromSql(engine, join(dir, 'nope.parquet'), 'y ~ x + (1 | g)')).rejects.toThrow(/nope\.parquet/);
    await expect(crossProductsFromSql(engine, join(dir, 'nope.parquet'), 'y ~ x + (1 | g)')).rejects.toBeInstanceOf(DataError);
    const e = await crossProductsFromSql(engine, join(dir, 'syn.parquet'), 'y ~ xx + (1 | g)').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).column).toBe('xx');
    expect((e as DataError).message).toMatch(/did you mean 'x'/);
  });

  it('a string response is a DataError; what SQL cannot compute is a FormulaError naming the term', async () => {
    const e = await crossProductsFromSql(engine, join(dir, 'syn.parquet'), 'g ~ x + (1 | a)').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).column).toBe('g');
    const s = await crossProductsFromSql(engine, join(dir, 'syn.parquet'), 'y ~ center(x) + (1 | g)').catch((err: unknown) => err);
    expect(s).toBeInstanceOf(FormulaError);
    expect((s as FormulaError).message).toMatch(/center\(\)/);
    const t = await crossProductsFromSql(engine, join(dir, 'syn.parquet'), 'y ~ np.log1p(x) + (1 | g)').catch((err: unknown) => err);
    expect(t).toBeInstanceOf(FormulaError);
    expect((t as FormulaError).position).toBe(4);
  });
});
