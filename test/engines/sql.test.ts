import { describe, expect, it } from 'vitest';
import { SqlPlan, sqlKind, type SqlColumn } from '../../src/engines/sql.js';
import { DataError, FormulaError } from '../../src/errors.js';

const cols: SqlColumn[] = [
  { name: 'y', type: 'DOUBLE', ...sqlKind('DOUBLE') },
  { name: 'x', type: 'BIGINT', ...sqlKind('BIGINT') },
  { name: 'f', type: 'VARCHAR', ...sqlKind('VARCHAR') },
  { name: 'g', type: 'VARCHAR', ...sqlKind('VARCHAR') },
  { name: 'when', type: 'DATE', ...sqlKind('DATE') },
];

describe('SqlPlan', () => {
  it('classifies engine types of both dialects', () => {
    expect(sqlKind('Nullable(Float64)')).toEqual({ kind: 'numeric', float: true });
    expect(sqlKind('LowCardinality(Nullable(String))')).toEqual({ kind: 'string', float: false });
    expect(sqlKind('UInt32')).toEqual({ kind: 'numeric', float: false });
    expect(sqlKind('DECIMAL(18,3)')).toEqual({ kind: 'numeric', float: false });
    expect(sqlKind('TIMESTAMP')).toEqual({ kind: 'other', float: false });
  });

  it('asks the engine for the levels of the categorical variables only, over the complete rows', () => {
    const plan = new SqlPlan('y ~ f + x + (x | g)', 't', cols, 'duckdb');
    expect(plan.levelQueries().map((q) => q.variable)).toEqual(['f']);
    expect(plan.where).toBe('"y" IS NOT NULL AND NOT isnan("y") AND "f" IS NOT NULL AND "x" IS NOT NULL AND "g" IS NOT NULL');
  });

  it('codes a treatment factor through CASE WHEN, reference = first level in code-point order', () => {
    const plan = new SqlPlan('y ~ f + (1 | g)', 't', cols, 'clickhouse');
    const coded = plan.code(new Map([['f', ['mid', 'Lo', 'hi']]]));
    expect(coded.feNames).toEqual(['Intercept', 'f[T.hi]', 'f[T.mid]']); // 'Lo' < 'hi' < 'mid'
    expect(coded.fixedQuery.sql).toContain("CASE WHEN `f` = 'hi' THEN 1 ELSE 0 END");
    expect(coded.fixedQuery.sql).not.toContain("= 'Lo'");
    expect(coded.termQueries[0]!.sql).toMatch(/GROUP BY _mlm_k0$/);
  });

  it('one query per pair of terms, grouped by both factors', () => {
    const plan = new SqlPlan('y ~ 1 + (1 | f) + (x | g)', 't', cols, 'duckdb');
    const coded = plan.code(new Map());
    expect(coded.pairQueries).toHaveLength(1);
    expect(coded.pairQueries[0]!.keys).toEqual(['f', 'g']);
    expect(coded.pairQueries[0]!.sums).toBe(2);
  });

  it('typed errors: unknown column (with a suggestion), unusable type, string response, what SQL cannot compute', () => {
    const err = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return null;
    };
    const a = err(() => new SqlPlan('y ~ xx + (1 | g)', 'tbl', cols, 'duckdb')) as DataError;
    expect(a).toBeInstanceOf(DataError);
    expect(a.message).toBe("unknown column 'xx' in tbl (did you mean 'x'?)");
    expect(err(() => new SqlPlan('y ~ when + (1 | g)', 't', cols, 'duckdb'))).toBeInstanceOf(DataError);
    const r = err(() => new SqlPlan('f ~ x + (1 | g)', 't', cols, 'duckdb')) as DataError;
    expect(r).toBeInstanceOf(DataError);
    expect(r.column).toBe('f');
    const c = err(() => new SqlPlan('y ~ standardize(x) + (1 | g)', 't', cols, 'duckdb')) as FormulaError;
    expect(c).toBeInstanceOf(FormulaError);
    expect(c.position).toBe(4);
    const t = err(() => new SqlPlan('y ~ np.tanh(x) + (1 | g)', 't', cols, 'clickhouse').code(new Map())) as FormulaError;
    expect(t).toBeInstanceOf(FormulaError);
    expect(t.reason).toBe('np.tanh() cannot be computed in SQL');
    expect(err(() => new SqlPlan('y ~ x', 't', cols, 'duckdb'))).toBeInstanceOf(FormulaError);
  });
});
