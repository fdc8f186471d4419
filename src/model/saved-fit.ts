/**
 * Reading a saved fit (`MixedLMResults.fromJSON`): the checked JSON, its
 * formula description with the designs restored, prediction on new data.
 * Reached through the registry (src/registry.ts), so a bundle that imports
 * only `MixedLM` does not carry it.
 */
import { InvalidArgumentError } from '../errors.js';
import type { DataFingerprint } from './fingerprint.js';
import { checkSavedFit, guardSaved } from './saved-fit-check.js';
import type { MixedLMWarning } from './warnings.js';
import type { TableInput } from '../data/table.js';
import { DesignInfo } from '../formula/design-info-api.js';
import type { FormulaModelInfo, FormulaModelJSON, RandomTermInfo } from './terms/formula-spec.js';
import { predictFromSpec, type FitJSON, type PredictOptions, type PredictSpec } from './formula-results.js';

/** Saved-fit versions `fromJSON` reads. */
const READABLE_VERSIONS = [2, 3] as const;

function bad(reason: string): never {
  throw new InvalidArgumentError('json', `not a valid saved formula model: ${reason}`);
}

const isStrArray = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

/**
 * Restores a formula description saved with {@link formulaInfoToJSON}
 * (designs restored with `DesignInfo.fromJSON`).
 *
 * @example
 * ```ts
 * const info = formulaInfoFromJSON(json.model);
 * info.fixedDesign.build(newRows);
 * ```
 */
export function formulaInfoFromJSON(json: FormulaModelJSON): Omit<FormulaModelInfo, 'rowsUsed'> {
  if (typeof json !== 'object' || json === null) bad('expected an object');
  if (typeof json.formula !== 'string' || typeof json.fixedRhs !== 'string' || !Array.isArray(json.random) || !isStrArray(json.fixedColumns)) bad('formula, fixedRhs, fixedColumns and random are required');
  const fixedDesign = DesignInfo.fromJSON(json.fixedDesign);
  if (fixedDesign.columnNames.join('\u0000') !== json.fixedColumns.join('\u0000')) bad('fixedDesign columns do not match fixedColumns');
  const random: RandomTermInfo[] = json.random.map((t, k) => {
    if (typeof t !== 'object' || t === null || !isStrArray(t.grouping) || !isStrArray(t.names) || !isStrArray(t.levels)) bad(`random term ${k}: grouping, names and levels must be string arrays`);
    if (t.kind !== 're' && t.kind !== 'vc' && t.kind !== 'smvc') bad(`random term ${k}: unknown kind '${String(t.kind)}'`);
    const design = t.design === null || t.design === undefined ? null : DesignInfo.fromJSON(t.design);
    if (design === null && t.kind !== 'smvc') bad(`random term ${k} (${t.grp}) has no design`);
    if (typeof t.grp !== 'string' || typeof t.expr !== 'string') bad(`random term ${k}: grp and expr must be strings`);
    return { ...t, grouping: t.grouping.slice(), names: t.names.slice(), levels: t.levels.slice(), design };
  });
  return {
    formula: json.formula,
    dialect: json.dialect,
    response: json.response,
    fixedRhs: json.fixedRhs,
    fixedColumns: json.fixedColumns.slice(),
    fixedDesign,
    groups: json.groups,
    reFormula: json.reFormula,
    vcFormula: json.vcFormula ? { ...json.vcFormula } : null,
    random,
    nDropped: json.nDropped,
  };
}

/**
 * A fit reloaded from its JSON form (`MixedLMResults.fromJSON`): the saved
 * numbers plus prediction on new data.
 *
 * @example
 * ```ts
 * const saved = MixedLMResults.fromJSON(JSON.parse(text));
 * saved.predict([{ Days: 3, Subject: '308' }]);
 * ```
 */
export class SavedFit {
  readonly json: FitJSON;
  /** The saved warnings, structured (version-2 messages get code `legacy`). */
  readonly warnings: MixedLMWarning[];
  /** The saved data fingerprint (null for version 2). */
  readonly data: DataFingerprint | null;
  /** The restored formula description (designs rebuilt from their JSON), or null. */
  private readonly spec: PredictSpec | null;
  /** Throws `SavedFitError` naming the first malformed field (wrong type, length, missing key, NaN). */
  constructor(json: FitJSON) {
    this.warnings = checkSavedFit(json, READABLE_VERSIONS);
    this.json = json;
    this.data = json.data ?? null;
    const m = json.model;
    this.spec = m
      ? {
          info: guardSaved('model', () => formulaInfoFromJSON(m)),
          feParams: m.feParams.slice(),
          effects: m.effects.map((e) => ({ ...e, values: e.values.map((r) => r.slice()) })),
        }
      : null;
    if (this.spec && this.spec.info.fixedColumns.length !== this.spec.feParams.length) throw new InvalidArgumentError('json', 'model.feParams does not match model.fixedColumns');
  }

  /** Fixed-effects estimates by name. */
  get feParams(): Record<string, number | null> {
    return this.json.fe_params;
  }

  /**
   * Predictions on new rows, as `MixedLMResults.predict(newData, options)`.
   *
   * @example
   * ```ts
   * saved.predict({ Days: [1, 2], Subject: ['308', '999'] }, { newLevels: 'population' });
   * ```
   */
  predict(newData: TableInput, options: PredictOptions = {}): number[] {
    if (!this.spec) throw new InvalidArgumentError('json', 'the saved fit has no formula description (not built with fromFormula); cannot predict on new data');
    return predictFromSpec(this.spec, newData, options);
  }
}
