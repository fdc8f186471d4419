import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { close, DATA, expectVarCorr, LME4_MODELS, loadRef, ROOT } from './helpers.js';

const lme4 = loadRef('lme4.json');
const sm = loadRef('statsmodels.json');
const TMP = mkdtempSync(join(tmpdir(), 'mixedlm-cli-'));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('mixedlm fit --json vs lme4 (lme4 syntax)', () => {
  for (const [name, spec] of Object.entries(LME4_MODELS))
    for (const tag of ['reml', 'ml']) {
      // insteval10k ML runs in the API suite (one ~5 s fit per suite)
      if (name === 'insteval10k' && tag === 'ml') continue;
      it(`${name} ${tag}`, async () => {
        const ref = lme4[`${name}_${tag}`]!;
        const argv = name === 'insteval10k' ? ['demo', '--rows', '10000', '--json'] : ['fit', join(DATA, spec.file), '--formula', spec.formula, '--json'];
        if (tag === 'ml') argv.push('--ml');
        const { code, out, err } = await run(...argv);
        expect(err.includes('error')).toBe(false);
        expect(code).toBe(0);
        const j = JSON.parse(out);
        expect(j.method).toBe(tag === 'reml' ? 'REML' : 'ML');
        expect(j.converged).toBe(true);
        expect(j.nobs).toBe(ref.nobs);
        for (const [k, v] of Object.entries(ref.fixef as Record<string, number>)) close(j.fe_params[spec.feName[k]!], v, 1e-4, 1e-6, k); // 1e-4 relative
        expect(Object.keys(j.bse_fe)).toEqual(Object.keys(j.fe_params));
        const resid = j.varcorr.at(-1);
        expect(resid).toMatchObject({ grp: 'Residual', var1: null, var2: null });
        close(resid.vcov, ref.sigma2, 1e-4, 0, 'sigma2'); // 1e-4 relative
        close(j.scale, ref.sigma2, 1e-4); // 1e-4 relative
        close(j.llf, ref.loglik, 0, 1e-2); // 1e-2 absolute
        expectVarCorr(j.varcorr, ref.varcorr);
        if (tag === 'reml') expect(j.aic).toBeNull();
        else close(j.aic, ref.aic, 0, 2e-2); // 2e-2 absolute (= 2·llf tolerance)
        expect(typeof j.fit_seconds).toBe('number');
        expect(Array.isArray(j.warnings)).toBe(true);
        expect(j.cov_re).toHaveProperty('names');
        expect(j.cov_re).toHaveProperty('matrix');
        expect(typeof j.vcomp).toBe('object');
        // the sparse solver's factorization choice (issue 10); null on the per-group solver
        expect(j).toHaveProperty('factorization');
        if (name === 'insteval10k') {
          expect(['dense-schur', 'sparse-schur', 'supernodal']).toContain(j.factorization.path);
          expect(j.factorization.predictedFlops).toBeGreaterThan(0);
          expect(j.factorization.fillNnz).toBeGreaterThan(0);
        }
      }, 60_000);
    }
});

describe('mixedlm fit, statsmodels dialect options', () => {
  it('--groups/--re-formula: sleepstudy slopes (parameter names and estimates of statsmodels)', async () => {
    const ref = sm.sleepstudy_slopes_ml;
    const { code, out } = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days', '--groups', 'Subject', '--re-formula', '~Days', '--ml', '--json');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.param_names).toEqual(ref.param_names);
    close(j.scale, ref.scale, 1e-4); // 1e-4 relative
    close(j.llf, ref.llf, 0, 1e-4); // 1e-4 absolute
    expect(j.cov_re.names).toEqual(['Subject', 'Days']);
  });

  it('--vc (repeatable) and a method list: pastes', async () => {
    const ref = sm.pastes_reml;
    const { code, out } = await run('fit', join(DATA, 'Pastes.csv'), '-f', 'strength ~ 1', '-g', 'batch', '--re-formula', '1', '--vc', 'cask=0 + C(cask)', '--method', 'lbfgs,bfgs', '--json');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.param_names).toEqual(ref.param_names);
    close(j.vcomp.cask, ref.vcomp[0], 2e-3); // 2e-3 relative (statsmodels' stopping rule)
    expect(j.varcorr.map((r: { grp: string }) => r.grp)).toEqual(['cask', 'batch', 'Residual']);
  });

  it('human output: summary, VarCorr table, fit time', async () => {
    const { code, out } = await run('fit', join(DATA, 'sleepstudy.csv'), '--formula', 'Reaction ~ Days + (Days | Subject)');
    expect(code).toBe(0);
    expect(out).toContain('Mixed Linear Model Regression Results');
    expect(out).toContain('Subject x Days Cov');
    expect(out).toMatch(/ Groups +Name +Variance +Std\.Dev\. +Corr/);
    expect(out).toMatch(/ Residual +\d/);
    expect(out).toMatch(/Fit time: \d+\.\d\d s/);
  });
});

describe('mixedlm predict and --ranef', () => {
  const fitJson = join(TMP, 'ss.json');
  const ranef = join(TMP, 'ranef.csv');
  beforeAll(async () => {
    const { code } = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days + (Days | Subject)', '--save', fitJson, '--ranef', ranef);
    expect(code).toBe(0);
  });

  it('--ranef writes group,term,level,value rows matching lme4 conditional modes', () => {
    const lines = readFileSync(ranef, 'utf8').trim().split('\n');
    expect(lines[0]!.startsWith('group,term,level,value')).toBe(true);
    expect(lines.length - 1).toBe(36);
    const ref = lme4.sleepstudy_slopes_reml.ranef.Subject;
    const row = lines.find((l) => l.startsWith('Subject,Days,308,'))!.split(',');
    close(Number(row[3]), ref.mean[0][1], 1e-3, 1e-3); // 1e-3 relative
    expect(lines[0]).toBe('group,term,level,value,condvar');
    close(Number(row[4]), ref.condvar[0][1][1], 1e-3); // conditional variance, 1e-3 relative
  });

  it('compare: two saved ML fits → likelihood-ratio test', async () => {
    const a = join(TMP, 'a.json');
    const b = join(TMP, 'b.json');
    const ra = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days + (1 | Subject)', '--ml', '--json', '--save', a);
    const rb = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days + (Days | Subject)', '--ml', '--json', '--save', b);
    const c = await run('compare', a, b, '--json');
    expect(c.code).toBe(0);
    const j = JSON.parse(c.out);
    expect(j.df).toBe(2);
    close(j.statistic, 2 * (JSON.parse(rb.out).llf - JSON.parse(ra.out).llf), 1e-6); // 1e-6 relative
    const t = await run('compare', a, b);
    expect(t.out).toMatch(/Pr\(>Chisq\)/);
  });

  it('predicts new rows, unknown levels raise (exit 1) or use the population (flag), -o writes a file', async () => {
    const data = join(TMP, 'new.csv');
    writeFileSync(data, 'Days,Subject\n10,308\n4,999\n');
    const bad = await run('predict', fitJson, data);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/level '999'/);
    const out = join(TMP, 'pred.csv');
    const ok = await run('predict', fitJson, data, '--population-for-new-levels', '-o', out);
    expect(ok.code).toBe(0);
    const vals = readFileSync(out, 'utf8').trim().split('\n');
    expect(vals[0]).toBe('predicted');
    const j = JSON.parse(readFileSync(fitJson, 'utf8'));
    close(Number(vals[2]), j.fe_params.Intercept + 4 * j.fe_params.Days, 1e-12); // population level, 1e-12 relative
    const ref = lme4.sleepstudy_slopes_reml;
    const b = ref.ranef.Subject.mean[0];
    close(Number(vals[1]), ref.fixef['(Intercept)'] + b[0] + 10 * (ref.fixef.Days + b[1]), 1e-4); // 1e-4 relative
  });

  it('predict with center(Days): the saved fit-time mean (4.5) is used, not the new rows\' mean; old versions → exit 1', async () => {
    const fj = join(TMP, 'centered.json');
    const fit = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ center(Days) + (center(Days) | Subject)', '--save', fj);
    expect(fit.code).toBe(0);
    const data = join(TMP, 'centered-new.csv');
    writeFileSync(data, 'Days,Subject\n10,308\n12,372\n');
    const out = await run('predict', fj, data);
    expect(out.code).toBe(0);
    const vals = out.out.trim().split('\n').slice(1).map(Number);
    const j = JSON.parse(readFileSync(fj, 'utf8'));
    const eff = j.model.effects[0] as { levels: string[]; values: number[][] };
    [[10, '308'], [12, '372']].forEach(([d, s], i) => {
      const bb = eff.values[eff.levels.indexOf(s as string)]!;
      const c = (d as number) - 4.5;
      close(vals[i]!, j.fe_params.Intercept + bb[0]! + (j.fe_params['center(Days)'] + bb[1]!) * c, 1e-12, 1e-9); // 1e-12 relative
    });
    const old = join(TMP, 'old.json');
    writeFileSync(old, JSON.stringify({ ...j, version: 1 }));
    const r = await run('predict', old, data);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/version 1.*reads versions 2, 3/);
  });
});

describe('fit --json (results only) and --save (the saved fit)', () => {
  it('--json is small and has no model; --save holds the model that predict reads; predict refuses a --json file', async () => {
    const saved = join(TMP, 'saved.json');
    const r = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days + (Days | Subject)', '--json', '--save', saved);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.model).toBeUndefined();
    for (const k of ['method', 'converged', 'nobs', 'fe_params', 'bse_fe', 'scale', 'llf', 'aic', 'bic', 'cov_re', 'vcomp', 'varcorr', 'warnings', 'fit_seconds', 'source']) expect(j).toHaveProperty(k);
    expect(r.out.length).toBeLessThan(8000);
    const s = JSON.parse(readFileSync(saved, 'utf8'));
    expect(s.format).toBe('mixedlm-fit');
    expect(s.model.effects[0].levels).toHaveLength(18);
    expect(s.llf).toBe(j.llf);
    expect(s.fe_params).toEqual(j.fe_params);
    const summary = join(TMP, 'summary.json');
    writeFileSync(summary, r.out);
    const p = await run('predict', summary, join(DATA, 'sleepstudy.csv'));
    expect(p.code).toBe(1);
    expect(p.err).toMatch(/results only.*--save/);
  });

  it('shows a reading progress line on a terminal stderr (and clears it), none otherwise', async () => {
    const io = Object.assign(memoryIO(), { errIsTTY: true });
    expect(await main(['fit', join(DATA, 'Dyestuff.csv'), '-f', 'Yield ~ 1 + (1 | Batch)', '--json'], io)).toBe(0);
    expect(io.stderr).toMatch(/reading .*Dyestuff\.csv +0\.0 of 0\.0 MB +30 rows/);
    expect(io.stderr.endsWith('\r\x1b[K')).toBe(true);
    const plainIo = memoryIO();
    expect(await main(['fit', join(DATA, 'Dyestuff.csv'), '-f', 'Yield ~ 1 + (1 | Batch)', '--json'], plainIo)).toBe(0);
    expect(plainIo.stderr).toBe('');
  });

  it('nothing is half written: an unwritable --save leaves neither it nor --ranef behind (exit 1)', async () => {
    const ranef = join(TMP, 'never-ranef.csv');
    const bad = join(TMP, 'no-such-dir', 'fit.json');
    const r = await run('fit', join(DATA, 'Dyestuff.csv'), '-f', 'Yield ~ 1 + (1 | Batch)', '--ranef', ranef, '--save', bad);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot write/);
    expect(existsSync(ranef)).toBe(false);
    expect(existsSync(bad)).toBe(false);
    expect(readdirSync(TMP).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(r.out).toBe(''); // no summary printed for a failed run
  });
});

describe('mixedlm errors and exit codes', () => {
  const ss = join(DATA, 'sleepstudy.csv');
  it('formula syntax error → 1 with caret', async () => {
    const r = await run('fit', ss, '-f', 'Reaction ~ Days + (Days | Subject');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\^/);
    expect(r.err).not.toMatch(/    at /); // no stack trace
  });
  it('unknown column → 1 with suggestion', async () => {
    const r = await run('fit', ss, '-f', 'Reaction ~ Dayz + (1 | Subject)');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/did you mean 'Days'/);
  });
  it('one-level grouping and non-numeric response → 1', async () => {
    const f = join(TMP, 'one.csv');
    writeFileSync(f, 'y,x,g\n1,1,a\n2,2,a\n3,1,a\n4,5,a\n');
    const r = await run('fit', f, '-f', 'y ~ x + (1 | g)');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/only one level/);
    const r2 = await run('fit', ss, '-f', 'Subject ~ Days + (1 | Days)');
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/numeric response/);
  });
  it('missing file → 1; bad option, missing --formula, unknown command → 2; --version, --help → 0', async () => {
    const r = await run('fit', join(TMP, 'nope.csv'), '-f', 'y ~ x + (1 | g)');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read/);
    expect((await run('fit', ss, '-f', 'y ~ 1', '--bogus')).code).toBe(2);
    expect((await run('fit', ss)).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('fit', ss, '-f', 'y ~ 1', '--missing', 'sometimes')).code).toBe(2);
    const v = await run('--version');
    expect(v.code).toBe(0);
    expect(v.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = await run('--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/fit/);
    expect(h.out).toMatch(/demo/);
  });
});

describe('built CLI as a subprocess (dist/cli.js)', () => {
  const cli = join(ROOT, 'dist', 'cli.js');
  it.runIf(existsSync(cli))('fit --json and a usage error exit codes', () => {
    const out = execFileSync('node', [cli, 'fit', join(DATA, 'Dyestuff.csv'), '--formula', 'Yield ~ 1 + (1 | Batch)', '--json'], { encoding: 'utf8' });
    const j = JSON.parse(out);
    close(j.scale, lme4.dyestuff_reml.sigma2, 1e-4); // 1e-4 relative
    const bad = spawnSync('node', [cli, 'fit', '--nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    const err = spawnSync('node', [cli, 'fit', join(DATA, 'Dyestuff.csv'), '--formula', 'Yield ~ 1 + (1 | Batchh)'], { encoding: 'utf8' });
    expect(err.status).toBe(1);
    expect(err.stderr).toMatch(/Batch/);
  }, 30_000);
});
