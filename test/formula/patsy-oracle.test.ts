import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDesign } from '../../src/formula/design.js';

// patsy's own output (patsy_oracle.py): column names and values for 37 formulas
interface Case {
  formula: string;
  names: string[];
  values: number[][];
}
const oracle = JSON.parse(readFileSync(new URL('./patsy-oracle.json', import.meta.url), 'utf8')) as {
  data: Record<string, unknown[]>;
  cases: Case[];
};

describe('design matrices agree with patsy 1.0.3', () => {
  it.each(oracle.cases.map((c) => [c.formula, c] as const))('%s', (_f, c) => {
    const d = buildDesign(c.formula, oracle.data);
    expect(d.columnNames).toEqual(c.names);
    expect(d.nrow).toBe(c.values.length);
    let maxDiff = 0;
    for (let i = 0; i < d.nrow; i++) {
      for (let j = 0; j < d.ncol; j++) maxDiff = Math.max(maxDiff, Math.abs(d.matrix[i * d.ncol + j]! - c.values[i]![j]!));
    }
    expect(maxDiff).toBeLessThan(1e-12); // elementwise, absolute (log/exp/sqrt/standardize round-off)
  });
});
