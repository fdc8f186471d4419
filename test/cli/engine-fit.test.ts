import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { DATA } from './helpers.js';

const TMP = mkdtempSync(join(tmpdir(), 'mixedlm-cli-engine-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('mixedlm fit --engine duckdb', () => {
  it('fits from the cross products DuckDB computes: the same llf and fixed effects as the file route', async () => {
    const f = 'diameter ~ 1 + (1 | plate) + (1 | sample)';
    const { code, out, err } = await run('fit', join(DATA, 'Penicillin.csv'), '--engine', 'duckdb', '-f', f, '--json', '--ranef', join(TMP, 'ranef-duckdb.csv'));
    expect(err).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(out) as { llf: number; fe_params: Record<string, number>; source: { engine: string; missing: string } };
    const m = await run('fit', join(DATA, 'Penicillin.csv'), '-f', f, '--json', '--ranef', join(TMP, 'ranef-memory.csv'));
    const r = JSON.parse(m.out) as { llf: number; fe_params: Record<string, number> };
    expect(j.source.engine).toBe('duckdb');
    expect(j.source.missing).toBe('drop');
    expect(Math.abs(j.llf - r.llf)).toBeLessThan(1e-8 * Math.abs(r.llf)); // 1e-8 relative
    expect(Math.abs(j.fe_params.Intercept! - r.fe_params.Intercept!)).toBeLessThan(1e-6 * Math.abs(r.fe_params.Intercept!));
    // conditional modes: same rows (group, term, level), values to 1e-5 of the largest (the two fits take different optimizer paths)
    const parse = (p: string): string[][] => readFileSync(p, 'utf8').trim().split('\n').map((l) => l.split(','));
    const a = parse(join(TMP, 'ranef-duckdb.csv'));
    const b = parse(join(TMP, 'ranef-memory.csv'));
    expect(a.map((row) => row.slice(0, 3))).toEqual(b.map((row) => row.slice(0, 3)));
    const scale = Math.max(...b.slice(1).map((row) => Math.abs(Number(row[3]))));
    for (let i = 1; i < a.length; i++) expect(Math.abs(Number(a[i]![3]) - Number(b[i]![3]))).toBeLessThan(1e-5 * scale);
    rmSync(join(TMP, 'ranef-duckdb.csv'));
    rmSync(join(TMP, 'ranef-memory.csv'));
  });

  it('one random term, (Days | Subject): the grouped route; the same fit and --ranef rows as the file route to 1e-8', async () => {
    const f = 'Reaction ~ Days + (Days | Subject)';
    const d = await run('fit', join(DATA, 'sleepstudy.csv'), '--engine', 'duckdb', '-f', f, '--json', '--ranef', join(TMP, 'ranef-duckdb.csv'));
    expect(d.err).toBe('');
    expect(d.code).toBe(0);
    const m = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', f, '--json', '--ranef', join(TMP, 'ranef-memory.csv'));
    const j = JSON.parse(d.out) as { llf: number; fe_params: Record<string, number>; varcorr: { grp: string; vcov: number }[] };
    const r = JSON.parse(m.out) as typeof j;
    const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
    expect(rel(j.llf, r.llf)).toBeLessThan(1e-8); // 1e-8 relative throughout
    for (const k of Object.keys(r.fe_params)) expect(rel(j.fe_params[k]!, r.fe_params[k]!), k).toBeLessThan(1e-8);
    expect(j.varcorr.map((v) => v.grp)).toEqual(r.varcorr.map((v) => v.grp));
    r.varcorr.forEach((v, i) => expect(rel(j.varcorr[i]!.vcov, v.vcov)).toBeLessThan(1e-8));
    const parse = (p: string): string[][] => readFileSync(p, 'utf8').trim().split('\n').map((l) => l.split(','));
    const a = parse(join(TMP, 'ranef-duckdb.csv'));
    const b = parse(join(TMP, 'ranef-memory.csv'));
    expect(a.map((row) => row.slice(0, 3))).toEqual(b.map((row) => row.slice(0, 3)));
    expect(a.length).toBe(1 + 18 * 2);
    const scale = Math.max(...b.slice(1).map((row) => Math.abs(Number(row[3]))));
    for (let i = 1; i < a.length; i++) {
      expect(Math.abs(Number(a[i]![3]) - Number(b[i]![3]))).toBeLessThan(1e-8 * scale);
      expect(rel(Number(a[i]![4]), Number(b[i]![4]))).toBeLessThan(1e-8);
    }
    rmSync(join(TMP, 'ranef-duckdb.csv'));
    rmSync(join(TMP, 'ranef-memory.csv'));
  });

  it('an unknown column: exit 1, the column named, nothing written', async () => {
    const { code, err } = await run('fit', join(DATA, 'sleepstudy.csv'), '--engine', 'duckdb', '-f', 'Reaction ~ Dayz + (Days | Subject)', '--ranef', join(TMP, 'r.csv'));
    expect(code).toBe(1);
    expect(err).toMatch(/unknown column 'Dayz' in .*sleepstudy\.csv \(did you mean 'Days'\?\)/);
    expect(readdirSync(TMP)).toEqual([]);
  });

  it('an unknown file: exit 1 naming it; a bad --engine or a statsmodels option: exit 2', async () => {
    const a = await run('fit', join(TMP, 'none-*.parquet'), '--engine', 'duckdb', '-f', 'y ~ x + (1 | g)');
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/none-\*\.parquet/);
    const b = await run('fit', join(DATA, 'sleepstudy.csv'), '--engine', 'oracle', '-f', 'Reaction ~ Days + (1 | Subject)');
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--engine/);
    const c = await run('fit', join(DATA, 'sleepstudy.csv'), '--engine', 'duckdb', '-f', 'Reaction ~ Days', '--groups', 'Subject');
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--groups/);
  });

  it('a string response: exit 1 with a typed error naming the column', async () => {
    const { code, err } = await run('fit', join(DATA, 'Pastes.csv'), '--engine', 'duckdb', '-f', 'cask ~ 1 + (1 | batch)');
    expect(code).toBe(1);
    expect(err).toMatch(/response 'cask' is a string column/);
  });
});
