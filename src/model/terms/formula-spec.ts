/**
 * The description a formula-built model keeps of itself: how to rebuild its
 * designs on new data (the fit-time `DesignInfo`s) and how its random terms
 * map to the model's parameters (in lme4's terms), and its JSON form.
 */
import type { DesignInfo } from '../../formula/design.js';
import type { DesignInfoJSON } from '../../formula/design-json.js';

/**
 * One random term as lme4 sees it, with its link to the model's parameters.
 * `kind: 're'` — the columns are the model's `exogRe` (groups = this term's
 * grouping); `'vc'` — variance component `vcIndex`, columns named by the
 * grouping level; `'smvc'` — a statsmodels `vc_formula` component (columns
 * named `C(x)[a]` per group).
 *
 * @example
 * ```ts
 * const t: RandomTermInfo = {
 *   grp: 'Subject', grouping: ['Subject'], expr: 'Days', names: ['(Intercept)', 'Days'], kind: 're',
 *   vcIndex: -1, vcName: null, nLevels: 18, design: buildDesign('Days', data).info, levels: ['308', '309'],
 * };
 * ```
 */
export interface RandomTermInfo {
  /** Grouping as written (`s`, `batch:cask`), or the groups / component name (statsmodels dialect). */
  grp: string;
  /** Data columns of the grouping factor (empty when groups were passed as an array). */
  grouping: string[];
  /** Left side of the term as a formula right-hand side (`'1'`, `'Days'`, `'0 + x'`), or the vc formula. */
  expr: string;
  /** lme4 names of the term's columns (`(Intercept)`, `Days`). */
  names: string[];
  kind: 're' | 'vc' | 'smvc';
  /** Index into the model's variance components (`vc`, `smvc`), else -1. */
  vcIndex: number;
  /** Name of the variance component (`vc`, `smvc`), else null. */
  vcName: string | null;
  /** Number of levels of the grouping factor. */
  nLevels: number;
  /** Fit-time coding of the term's columns (`expr`); `null` for `smvc` (statsmodels evaluates it per group). */
  design: DesignInfo | null;
  /** Levels of the grouping factor seen in the fit (the groups, as strings, for the statsmodels dialect). */
  levels: string[];
}

/**
 * Everything `fromFormula` recorded about a model (the `formula` field of a
 * formula-built `MixedLM`).
 *
 * @example
 * ```ts
 * MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', data).formula?.random[0]?.grp; // 'Subject'
 * ```
 */
export interface FormulaModelInfo {
  formula: string;
  dialect: 'lme4' | 'statsmodels';
  /** Response code (`Reaction`). */
  response: string;
  /** Fixed-effects right-hand side as written (`Days`, `1`). */
  fixedRhs: string;
  /** Fit-time coding of the fixed-effects design (levels, references, transform state). */
  fixedDesign: DesignInfo;
  /** Names of the fixed-effects columns. */
  fixedColumns: string[];
  /** Groups column (statsmodels dialect), or null. */
  groups: string | null;
  reFormula: string | null;
  vcFormula: Record<string, string> | null;
  random: RandomTermInfo[];
  /** Rows dropped by `missing: 'drop'`. */
  nDropped: number;
  /** Indices (into the input after `subset`) of the rows used. */
  rowsUsed: number[];
}

/**
 * JSON form of a {@link RandomTermInfo}.
 *
 * @example
 * ```ts
 * const j: RandomTermJSON = formulaInfoToJSON(model.formula!).random[0]!;
 * ```
 */
export type RandomTermJSON = Omit<RandomTermInfo, 'design'> & { design: DesignInfoJSON | null };

/**
 * JSON form of a {@link FormulaModelInfo} (without `rowsUsed`), as saved in a
 * fit's `model` field.
 *
 * @example
 * ```ts
 * const j: FormulaModelJSON = formulaInfoToJSON(model.formula!);
 * j.fixedDesign.columnNames; // ['Intercept', 'Days']
 * ```
 */
export type FormulaModelJSON = Omit<FormulaModelInfo, 'rowsUsed' | 'fixedDesign' | 'random'> & { fixedDesign: DesignInfoJSON; random: RandomTermJSON[] };

/**
 * The JSON form of a model's formula description (designs serialized with
 * `DesignInfo.toJSON`; `rowsUsed` left out).
 *
 * @example
 * ```ts
 * JSON.stringify(formulaInfoToJSON(model.formula!));
 * ```
 */
export function formulaInfoToJSON(info: Omit<FormulaModelInfo, 'rowsUsed'>): FormulaModelJSON {
  return {
    formula: info.formula,
    dialect: info.dialect,
    response: info.response,
    fixedRhs: info.fixedRhs,
    fixedColumns: info.fixedColumns.slice(),
    fixedDesign: info.fixedDesign.toJSON(),
    groups: info.groups,
    reFormula: info.reFormula,
    vcFormula: info.vcFormula ? { ...info.vcFormula } : null,
    random: info.random.map((t) => ({ ...t, grouping: t.grouping.slice(), names: t.names.slice(), levels: t.levels.slice(), design: t.design ? t.design.toJSON() : null })),
    nDropped: info.nDropped,
  };
}

/**
 * Conditional modes of one random term, by level: `values[l][j]` is the mode
 * of column `names[j]` at level `levels[l]`; `condvar[l]` (optional) their
 * conditional variances.
 *
 * @example
 * ```ts
 * const r: TermEffects = { grp: 'Batch', names: ['(Intercept)'], levels: ['A'], values: [[-17.6]] };
 * ```
 */
export interface TermEffects {
  grp: string;
  names: string[];
  levels: string[];
  values: number[][];
  condvar?: number[][];
}
