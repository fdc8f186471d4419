/** Issue 11: saved fits carry a data fingerprint; compare/predict notice changed data; malformed saved fits are refused by field. */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { SavedFitError } from '../../src/errors.js';
import { dataFingerprint } from '../../src/model/fingerprint.js';
import { FIT_JSON_VERSION } from '../../src/model/formula-results.js';
import { MixedLM } from '../../src/model/mixedlm.js';
import { MixedLMResults } from '../../src/model/results-api.js';
import { DATA, table } from '../cli/helpers.js';

const TMP = mkdtempSync(join(tmpdir(), 'mixedlm-saved-'));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('data fingerprint', () => {
  const m = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', table('sleepstudy.csv'));
  it('rows, columns used and a 64-bit hash; any changed value, row or label changes the hash', () => {
    const f = dataFingerprint(m);
    expect(f.rows).toBe(180);
    expect(f.columns).toEqual(['Reaction', 'Intercept', 'Days', 'Subject']);
    expect(f.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(dataFingerprint(MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', table('sleepstudy.csv'))).hash).toBe(f.hash);
    const t = table('sleepstudy.csv');
    const y = Array.from(t.numeric('Reaction'));
    y[77] = y[77]! + 1e-9;
    expect(dataFingerprint(MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', t.withColumn('Reaction', y))).hash).not.toBe(f.hash);
    const s = t.column('Subject').values.slice() as string[];
    [s[0], s[179]] = [s[179]!, s[0]!];
    expect(dataFingerprint(MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', t.withColumn('Subject', s))).hash).not.toBe(f.hash);
    expect(dataFingerprint(MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', t.take(Array.from({ length: 170 }, (_, i) => i)))).rows).toBe(170);
  });
});

describe('saved-fit format', () => {
  const fit = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', table('sleepstudy.csv')).fit();
  const j = JSON.parse(JSON.stringify(fit.toJSON()));
  const rows = [{ Days: 3, Subject: '308' }];

  it(`version ${FIT_JSON_VERSION}: structured warnings and the data fingerprint`, () => {
    expect(j.version).toBe(3);
    expect(j.data).toEqual(dataFingerprint(fit.model));
    const t = table('sleepstudy.csv');
    const y = Array.from(t.numeric('Reaction'));
    y[3] = NaN;
    const withWarning = MixedLM.fromFormula('Reaction ~ Days + (1 | Subject)', t.withColumn('Reaction', y), { missing: 'drop' }).fit();
    const w = JSON.parse(JSON.stringify(withWarning.toJSON())).warnings;
    expect(w).toContainEqual({ code: 'missing-dropped', message: 'dropped 1 rows with missing values', count: 1 });
    for (const x of w) expect(Object.keys(x).slice(0, 2)).toEqual(['code', 'message']);
  });

  it('version 2 files (message-only warnings, no fingerprint) are still read', () => {
    const v2 = { ...JSON.parse(JSON.stringify(j)), version: 2, warnings: ['The MLE may be on the boundary of the parameter space.'] };
    delete v2.data;
    const s = MixedLMResults.fromJSON(v2);
    expect(s.warnings).toEqual([{ code: 'legacy', message: 'The MLE may be on the boundary of the parameter space.' }]);
    expect(s.data).toBeNull();
    expect(s.predict(rows)).toEqual(fit.predict(rows));
  });

  const damage: Array<[string, (x: any) => void, string]> = [
    ['NaN fixed effect (as null) in model.feParams', (x) => (x.model.feParams[1] = null), 'model.feParams[1]'],
    ['a string conditional mode', (x) => (x.model.effects[0].values[4][0] = '12'), 'model.effects[0].values[4][0]'],
    ['a short row of conditional modes', (x) => x.model.effects[0].values[2].pop(), 'model.effects[0].values[2]'],
    ['levels and values of different lengths', (x) => x.model.effects[0].levels.pop(), 'model.effects[0].values'],
    ['missing fe_params', (x) => delete x.fe_params, 'fe_params'],
    ['params of the wrong length', (x) => x.params.push(1), 'params'],
    ['nobs not an integer', (x) => (x.nobs = 'many'), 'nobs'],
    ['a warning without a code', (x) => (x.warnings = [{ message: 'hi' }]), 'warnings[0].code'],
    ['a bad hash', (x) => (x.data.hash = 'xyz'), 'data.hash'],
    ['fingerprint rows ≠ nobs', (x) => (x.data.rows = 7), 'data.rows'],
    ['a mangled design', (x) => (x.model.fixedDesign = { format: 'mixedlm-design', version: 1, terms: 5 }), 'model'],
    ['model.random not an array', (x) => (x.model.random = {}), 'model.random'],
    ['cov_re matrix too short', (x) => x.cov_re.matrix.pop(), 'cov_re.matrix'],
    ['unknown version', (x) => (x.version = 9), 'version'],
    ['not a saved fit', (x) => (x.format = 'other'), 'format'],
  ];
  for (const [name, hurt, field] of damage)
    it(`refused with the field named: ${name}`, () => {
      const x = JSON.parse(JSON.stringify(j));
      hurt(x);
      let err: unknown;
      try {
        MixedLMResults.fromJSON(x).predict(rows);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SavedFitError);
      expect((err as SavedFitError).field).toBe(field);
      expect((err as Error).message).toContain(field);
    });
});

describe('compare and predict check the data they refit from', () => {
  it('compare: a truncated data file is an error naming the change; --allow-changed-data refits with a warning', async () => {
    const data = join(TMP, 'sleep.csv');
    copyFileSync(join(DATA, 'sleepstudy.csv'), data);
    const a = join(TMP, 'a.json');
    const b = join(TMP, 'b.json');
    for (const [out, f] of [[a, 'Reaction ~ Days + (1 | Subject)'], [b, 'Reaction ~ Days + (Days | Subject)']] as const) {
      const r = await run('fit', data, '-f', f, '--save', out);
      expect(r.code).toBe(0);
    }
    const ok = await run('compare', a, b, '--json');
    expect(ok.code).toBe(0);
    const full = JSON.parse(ok.out).statistic;
    // truncate the data file: the saved fits recorded 180 rows
    const lines = readFileSync(data, 'utf8').split('\n');
    writeFileSync(data, `${lines.slice(0, 151).join('\n')}\n`);
    const bad = await run('compare', a, b, '--json');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/changed since the fit was saved \(saved: 180 rows, hash [0-9a-f]{16}; now: 150 rows/);
    expect(bad.err).toMatch(/--allow-changed-data/);
    const allowed = await run('compare', a, b, '--json', '--allow-changed-data');
    expect(allowed.code).toBe(0);
    expect(allowed.err).toMatch(/warning \[data-changed\]/);
    expect(JSON.parse(allowed.out).statistic).not.toBeCloseTo(full, 2);
    // same number of rows, one value changed: the hash catches it
    const edited = [...lines];
    edited[5] = edited[5]!.replace(/^[0-9.]+/, '300.5');
    writeFileSync(data, edited.join('\n'));
    const bad2 = await run('compare', a, b);
    expect(bad2.code).toBe(1);
    expect(bad2.err).toMatch(/saved: 180 rows, hash ([0-9a-f]{16}); now: 180 rows, hash (?!\1)[0-9a-f]{16}/);
    // predict on the changed source file is refused the same way; on another file it is not checked
    const p = await run('predict', a, data);
    expect(p.code).toBe(1);
    expect(p.err).toMatch(/changed since the fit was saved/);
    const p2 = await run('predict', a, data, '--allow-changed-data');
    expect(p2.code).toBe(0);
    expect(p2.err).toMatch(/warning \[data-changed\]/);
    // a version-2 fit (no fingerprint) is checked by its row count
    copyFileSync(join(DATA, 'sleepstudy.csv'), data);
    const v2 = JSON.parse(readFileSync(a, 'utf8'));
    v2.version = 2;
    v2.warnings = v2.warnings.map((w: { message: string }) => w.message);
    delete v2.data;
    const a2 = join(TMP, 'a2.json');
    writeFileSync(a2, JSON.stringify(v2));
    expect((await run('compare', a2, b)).code).toBe(0);
    writeFileSync(data, `${lines.slice(0, 101).join('\n')}\n`);
    const old = await run('compare', a2, b);
    expect(old.code).toBe(1);
    expect(old.err).toMatch(/saved: 180 rows, hash \(not saved\); now: 100 rows/);
    const other = join(TMP, 'other.csv');
    writeFileSync(other, 'Reaction,Days,Subject\n1,3,"308"\n');
    expect((await run('predict', a, other)).code).toBe(0);
  });
});
