/**
 * Structural validation of a saved fit (`toJSON()` output, `fit --json`):
 * every field `SavedFit` reads is checked for type, length and finiteness,
 * and the first bad one is named in a {@link SavedFitError}.
 */
import { MixedLMError, SavedFitError } from '../errors.js';
import { isWarningCode, type MixedLMWarning } from './warnings.js';

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (typeof x === 'number') return Number.isNaN(x) ? 'NaN' : String(x);
  if (typeof x === 'string') return `'${x.length > 40 ? `${x.slice(0, 40)}…` : x}'`;
  return typeof x;
}

function fail(field: string, expected: string, got: unknown): never {
  throw new SavedFitError(field, `expected ${expected}, got ${describe(got)}`);
}

function obj(x: unknown, field: string): Obj {
  if (!isObj(x)) fail(field, 'an object', x);
  return x;
}

function str(x: unknown, field: string): string {
  if (typeof x !== 'string') fail(field, 'a string', x);
  return x;
}

function strArray(x: unknown, field: string): string[] {
  if (!Array.isArray(x)) fail(field, 'an array of strings', x);
  x.forEach((s, i) => str(s, `${field}[${i}]`));
  return x as string[];
}

/** A finite number (null allowed when `nullable`: the saved form of a non-finite value). */
function finite(x: unknown, field: string, nullable = false): number | null {
  if (nullable && x === null) return null;
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(field, nullable ? 'a finite number or null' : 'a finite number', x);
  return x;
}

function finiteArray(x: unknown, field: string, length: number | null, nullable = false): number[] {
  if (!Array.isArray(x)) fail(field, 'an array of numbers', x);
  if (length !== null && x.length !== length) throw new SavedFitError(field, `expected ${length} values, got ${x.length}`);
  x.forEach((v, i) => finite(v, `${field}[${i}]`, nullable));
  return x as number[];
}

function count(x: unknown, field: string, min: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) fail(field, `an integer ≥ ${min}`, x);
  return x;
}

/**
 * Checks a parsed saved fit; returns its warnings as structured objects
 * (version 2 saved plain messages: they get code `legacy`). Throws
 * {@link SavedFitError} naming the first malformed field.
 *
 * @example
 * ```ts
 * checkSavedFit(JSON.parse(text)); // throws SavedFitError('fe_params.Days', ...) on a NaN estimate
 * ```
 */
export function checkSavedFit(json: unknown, versions: readonly number[]): MixedLMWarning[] {
  const j = obj(json, '(root)');
  if (j.format !== 'mixedlm-fit') fail('format', "'mixedlm-fit'", j.format);
  if (typeof j.version !== 'number' || !versions.includes(j.version)) {
    throw new SavedFitError('version', `unsupported saved-fit version ${describe(j.version)}: this mixedlm reads versions ${versions.join(', ')} (refit and save the model again)`);
  }
  if (j.method !== 'REML' && j.method !== 'ML') fail('method', "'REML' or 'ML'", j.method);
  if (typeof j.converged !== 'boolean') fail('converged', 'true or false', j.converged);
  const nobs = count(j.nobs, 'nobs', 1);
  count(j.n_groups, 'n_groups', 1);
  str(j.endog_name, 'endog_name');
  const names = strArray(j.param_names, 'param_names');
  finiteArray(j.params, 'params', names.length, true);
  const fe = obj(j.fe_params, 'fe_params');
  for (const [k, v] of Object.entries(fe)) finite(v, `fe_params.${k}`, true);
  const bse = obj(j.bse_fe, 'bse_fe');
  for (const [k, v] of Object.entries(bse)) finite(v, `bse_fe.${k}`, true);
  for (const k of ['scale', 'llf', 'aic', 'bic']) finite(j[k], k, true);
  const cov = obj(j.cov_re, 'cov_re');
  const reNames = strArray(cov.names, 'cov_re.names');
  if (!Array.isArray(cov.matrix) || cov.matrix.length !== reNames.length) fail('cov_re.matrix', `${reNames.length} rows`, cov.matrix);
  (cov.matrix as unknown[]).forEach((row, i) => finiteArray(row, `cov_re.matrix[${i}]`, reNames.length, true));
  const vc = obj(j.vcomp, 'vcomp');
  for (const [k, v] of Object.entries(vc)) finite(v, `vcomp.${k}`, true);
  if (!Array.isArray(j.varcorr)) fail('varcorr', 'an array', j.varcorr);
  j.varcorr.forEach((r, i) => obj(r, `varcorr[${i}]`));
  if (!Array.isArray(j.warnings)) fail('warnings', 'an array', j.warnings);
  const warnings = j.warnings.map((w, i): MixedLMWarning => {
    if (typeof w === 'string' && j.version === 2) return { code: 'legacy', message: w };
    const o = obj(w, `warnings[${i}]`);
    if (!isWarningCode(o.code)) fail(`warnings[${i}].code`, 'a known warning code', o.code);
    str(o.message, `warnings[${i}].message`);
    return { ...o, code: o.code, message: o.message as string };
  });
  if (j.version >= 3) {
    const d = obj(j.data, 'data');
    const rows = count(d.rows, 'data.rows', 1);
    if (rows !== nobs) throw new SavedFitError('data.rows', `is ${rows} but nobs is ${nobs}`);
    strArray(d.columns, 'data.columns');
    if (typeof d.hash !== 'string' || !/^[0-9a-f]{16}$/.test(d.hash)) fail('data.hash', '16 hex digits', d.hash);
  }
  if (j.model === null || j.model === undefined) return warnings;
  const m = obj(j.model, 'model');
  const cols = strArray(m.fixedColumns, 'model.fixedColumns');
  finiteArray(m.feParams, 'model.feParams', cols.length);
  if (!Array.isArray(m.random)) fail('model.random', 'an array', m.random);
  if (!Array.isArray(m.effects) || m.effects.length !== m.random.length) fail('model.effects', `an array of ${m.random.length} terms`, m.effects);
  (m.effects as unknown[]).forEach((e, k) => {
    const f = `model.effects[${k}]`;
    const eo = obj(e, f);
    const en = strArray(eo.names, `${f}.names`);
    const lev = strArray(eo.levels, `${f}.levels`);
    if (!Array.isArray(eo.values) || eo.values.length !== lev.length) fail(`${f}.values`, `${lev.length} rows (one per level)`, eo.values);
    (eo.values as unknown[]).forEach((row, l) => finiteArray(row, `${f}.values[${l}]`, en.length));
    const t = obj((m.random as unknown[])[k], `model.random[${k}]`);
    const tn = strArray(t.names, `model.random[${k}].names`);
    if (tn.length !== en.length) throw new SavedFitError(`${f}.names`, `${en.length} columns but the term has ${tn.length}`);
  });
  return warnings;
}

/**
 * Runs `restore`, turning any failure inside it into a {@link SavedFitError}
 * on `field` (the nested design JSON is validated by its own reader; a
 * malformed one must not escape as a raw TypeError).
 *
 * @example
 * ```ts
 * const info = guardSaved('model', () => formulaInfoFromJSON(json.model));
 * ```
 */
export function guardSaved<T>(field: string, restore: () => T): T {
  try {
    return restore();
  } catch (e) {
    if (e instanceof SavedFitError) throw e;
    const msg = e instanceof MixedLMError ? e.message : `malformed (${(e as Error)?.message ?? String(e)})`;
    throw new SavedFitError(field, msg);
  }
}
