import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { DuckDBEngine } from '../../src/engines/duckdb.js';
import { crossProductsFromSql } from '../../src/engines/from-sql.js';
import { crossProductsInMemory } from '../../src/engines/memory.js';
import { readTableSync } from '../../src/data/read.js';
import { MixedLM } from '../../src/model/mixedlm.js';
import { REPO_ROOT } from '../paths.js';

const DATA = resolve(REPO_ROOT, '..', 'shared', 'data');
let engine: DuckDBEngine;
beforeAll(async () => {
  engine = await DuckDBEngine.create({ threads: 1 });
});
afterAll(async () => engine?.close());

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

describe('fits from DuckDB cross products equal the in-memory fits', () => {
  const cases: [string, string][] = [
    ['sleepstudy.csv', 'Reaction ~ Days + (Days | Subject)'],
    ['Penicillin.csv', 'diameter ~ 1 + (1 | plate) + (1 | sample)'],
  ];
  for (const [file, f] of cases) {
    for (const reml of [true, false]) {
      it(`${file} ${f} (reml=${reml}): llf, fixed effects, variance components, conditional modes to 1e-8`, async () => {
        const table = readTableSync(join(DATA, file));
        const a = MixedLM.fromCrossProducts(crossProductsInMemory(f, table)).fit({ reml });
        const b = MixedLM.fromCrossProducts(await crossProductsFromSql(engine, join(DATA, file), f)).fit({ reml });
        expect(rel(b.llf, a.llf)).toBeLessThan(1e-8); // 1e-8 relative throughout
        a.feParams.forEach((v, i) => expect(rel(b.feParams[i]!, v), `fe ${i}`).toBeLessThan(1e-8));
        const va = a.varCorr();
        const vb = b.varCorr();
        expect(vb.map((r) => [r.grp, r.var1, r.var2])).toEqual(va.map((r) => [r.grp, r.var1, r.var2]));
        va.forEach((r, i) => expect(rel(vb[i]!.vcov, r.vcov), `vcov ${r.grp} ${r.var1} ${r.var2}`).toBeLessThan(1e-8));
        for (const [g, ra] of a.randomEffects) {
          const rb = b.randomEffects.get(g)!;
          const scale = Math.max(...Object.values(ra).map(Math.abs));
          for (const k of Object.keys(ra)) expect(Math.abs(rb[k]! - ra[k]!) / scale, k).toBeLessThan(1e-8);
        }
        // and the row-based fromFormula fit reaches the same maximum
        const c = MixedLM.fromFormula(f, table).fit({ reml });
        expect(rel(b.llf, c.llf)).toBeLessThan(1e-8);
      });
    }
  }
});

describe('a response far from zero (issue 11): the engines centre y, so y + 10^8 fits as y does', () => {
  const cases: [string, string, string, string][] = [
    ['Penicillin (two terms: the single-block route)', 'Penicillin.csv', 'diameter ~ 1 + (1 | plate) + (1 | sample)', 'diameter'],
    ['sleepstudy (one term: the grouped route)', 'sleepstudy.csv', 'Reaction ~ Days + (Days | Subject)', 'Reaction'],
  ];
  for (const [name, file, f, yName] of cases)
    for (const reml of [true, false]) {
      it(`${name}, ${yName} + 1e8 through DuckDB and in memory (reml=${reml}): llf, variances, intercept − 1e8`, async () => {
        const table = readTableSync(join(DATA, file));
        const y = table.numeric(yName);
        // the shifted values as stored (fl(y + 1e8)) and the same values shifted back exactly, as the reference
        const shifted = table.withColumn(yName, Float64Array.from(y, (v) => v + 1e8));
        const back = table.withColumn(yName, Float64Array.from(y, (v) => v + 1e8 - 1e8));
        const ref = MixedLM.fromFormula(f, back).fit({ reml });
        const others = table.names.filter((c) => c !== yName).join(', ');
        await engine.run(`CREATE OR REPLACE TABLE shifted AS SELECT ${others}, ${yName} + 1e8 AS ${yName} FROM ${engine.from(join(DATA, file))}`);
        for (const cp of [crossProductsInMemory(f, shifted), await crossProductsFromSql(engine, 'shifted', f)]) {
          expect(cp.yOffset?.value).toBe(1e8);
          const r = MixedLM.fromCrossProducts(cp).fit({ reml });
          expect(r.converged).toBe(true);
          // 1e-7 absolute on llf, 1e-6 relative on the variances and on the intercept − 1e8 — the uncentred
          // sums lost 16 digits to yᵀy ≈ 1e18 (Penicillin's llf was off by 0.03 at + 1e6, not finite at + 1e8)
          expect(Math.abs(r.llf - ref.llf)).toBeLessThan(1e-7);
          [...ref.vcomp, ...ref.covRe.flat()].forEach((v, i) => expect(rel([...r.vcomp, ...r.covRe.flat()][i]!, v)).toBeLessThan(1e-6));
          expect(rel(r.scale, ref.scale)).toBeLessThan(1e-6);
          expect(rel(r.feParams[0]! - 1e8, ref.feParams[0]!)).toBeLessThan(1e-6);
        }
      });
    }
});
