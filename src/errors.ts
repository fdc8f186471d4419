/**
 * Error classes shared by every layer. Each carries the fields a caller needs to
 * react programmatically (column, row, position), not just a message.
 *
 * @example
 * ```ts
 * import { DataError } from 'mixedlm';
 * try { model.fit(); } catch (e) { if (e instanceof DataError) console.log(e.column, e.row); }
 * ```
 */
export class MixedLMError extends Error {
  // each class names itself: a minifier renames classes, so `new.target.name` would not survive a bundle
  override name = 'MixedLMError';
}

/**
 * A matrix that should be symmetric positive definite is not: the pivot of
 * `column` (0-based, in the caller's ordering) was not positive.
 *
 * @example
 * ```ts
 * try { cholesky(A); } catch (e) { if (e instanceof NotPositiveDefiniteError) console.log(e.column); }
 * ```
 */
export class NotPositiveDefiniteError extends MixedLMError {
  override name = 'NotPositiveDefiniteError';
  constructor(readonly column: number, readonly pivot: number = NaN) {
    super(`matrix is not positive definite: pivot ${pivot} at column ${column}`);
  }
}

/**
 * A matrix is singular (to working precision): no usable pivot in `column`.
 *
 * @example
 * ```ts
 * try { lu(A).solve(b); } catch (e) { if (e instanceof SingularMatrixError) console.log(e.column); }
 * ```
 */
export class SingularMatrixError extends MixedLMError {
  override name = 'SingularMatrixError';
  constructor(readonly column: number) {
    super(`matrix is singular: no nonzero pivot in column ${column}`);
  }
}

/**
 * Operand shapes disagree. `what` names the operation or argument.
 *
 * @example
 * ```ts
 * new DimensionMismatchError('dot', '3x4', '5x2');
 * ```
 */
export class DimensionMismatchError extends MixedLMError {
  override name = 'DimensionMismatchError';
  constructor(readonly what: string, readonly expected: string, readonly actual: string) {
    super(`${what}: dimension mismatch, expected ${expected}, got ${actual}`);
  }
}

/**
 * Bad data: a value, length or type problem in a named column and/or row
 * (0-based row; -1 when the whole column is at fault).
 *
 * @example
 * ```ts
 * throw new DataError('endog contains NaN', { column: 'endog', row: 12 });
 * ```
 */
export class DataError extends MixedLMError {
  override name = 'DataError';
  readonly column: string | undefined;
  readonly row: number | undefined;
  constructor(message: string, where: { column?: string; row?: number } = {}) {
    super(message);
    this.column = where.column;
    this.row = where.row;
  }
}

/**
 * A formula could not be parsed or refers to something that does not exist.
 * `position` is the 0-based character offset in `formula`; the message ends
 * with the formula and a caret line under the offending position.
 *
 * @example
 * ```ts
 * try { parseFormula('y ~ x +'); } catch (e) { if (e instanceof FormulaError) console.log(e.position); }
 * ```
 */
export class FormulaError extends MixedLMError {
  override name = 'FormulaError';
  constructor(readonly reason: string, readonly formula: string, readonly position: number) {
    super(`${reason}\n  ${formula}\n  ${' '.repeat(Math.max(0, position))}^`);
  }
}

/**
 * An option or argument has an invalid value; `argument` names it.
 *
 * @example
 * ```ts
 * throw new InvalidArgumentError('method', "unknown optimizer 'foo'");
 * ```
 */
export class InvalidArgumentError extends MixedLMError {
  override name = 'InvalidArgumentError';
  constructor(readonly argument: string, reason: string) {
    super(`${argument}: ${reason}`);
  }
}

/**
 * A fit was stopped before it finished: its `signal` was aborted, or a time
 * or evaluation budget ran out. `evaluations` counts the objective
 * evaluations done; `reason` is `'aborted'` or `'timeout'`.
 *
 * @example
 * ```ts
 * const ac = new AbortController(); ac.abort();
 * try { model.fit({ signal: ac.signal }); } catch (e) { if (e instanceof FitAbortedError) console.log(e.evaluations); }
 * ```
 */
export class FitAbortedError extends MixedLMError {
  override name = 'FitAbortedError';
  constructor(
    readonly evaluations: number,
    readonly elapsedSeconds: number,
    readonly reason: 'aborted' | 'timeout' = 'aborted',
  ) {
    super(
      reason === 'timeout'
        ? `fit stopped after ${elapsedSeconds.toFixed(1)} s (time limit reached) after ${evaluations} objective evaluations`
        : `fit aborted after ${evaluations} objective evaluations (${elapsedSeconds.toFixed(2)} s)`,
    );
  }
}

/**
 * A saved fit (`toJSON()` output or a `fit --json` file) is malformed: `field`
 * is the JSON path of the first bad entry (`fe_params.Days`, `model.effects[0].values[3]`).
 *
 * @example
 * ```ts
 * try { MixedLMResults.fromJSON(json); } catch (e) { if (e instanceof SavedFitError) console.log(e.field); }
 * ```
 */
export class SavedFitError extends InvalidArgumentError {
  override name = 'SavedFitError';
  constructor(readonly field: string, reason: string) {
    super('saved fit', `${field}: ${reason}`);
  }
}

/**
 * The data a saved fit was made from have changed since it was saved: the
 * recorded fingerprint (rows, columns, hash of the used values) differs.
 *
 * @example
 * ```ts
 * try { await compareCommand('a.json', 'b.json', {}, io); } catch (e) { if (e instanceof DataChangedError) console.log(e.saved, e.current); }
 * ```
 */
export class DataChangedError extends MixedLMError {
  override name = 'DataChangedError';
  constructor(
    readonly source: string,
    readonly saved: { rows: number; hash: string },
    readonly current: { rows: number; hash: string },
    hint = '',
  ) {
    super(
      `the data in '${source}' changed since the fit was saved (saved: ${saved.rows} rows, hash ${saved.hash}; now: ${current.rows} rows, hash ${current.hash})${hint ? `; ${hint}` : ''}`,
    );
  }
}

/**
 * A fit ended without a usable optimum: the log-likelihood, the residual
 * variance or an estimate is not finite at the optimizer's last point (for
 * example when the model fits the response exactly, so the residual variance
 * goes to zero). `quantity` names what is not finite; `warnings` holds the
 * codes the fit had recorded.
 *
 * @example
 * ```ts
 * try { model.fit(); } catch (e) { if (e instanceof FitFailedError) console.log(e.quantity, e.warnings); }
 * ```
 */
export class FitFailedError extends MixedLMError {
  override name = 'FitFailedError';
  constructor(
    readonly quantity: string,
    readonly value: number,
    readonly warnings: string[] = [],
  ) {
    super(
      `fit failed: ${quantity} is ${value} at the optimizer's last point${warnings.length ? ` (warnings: ${[...new Set(warnings)].join(', ')})` : ''}; the model may fit the response exactly (zero residual variance) or be unidentified — check the response against the random-effects design`,
    );
  }
}

/**
 * A short, readable rendering of a value for error messages (`'no'`,
 * `{"a":1}`, `[1,2]`, `a function`, `NaN`), never `[object Object]`.
 *
 * @example
 * ```ts
 * showValue({ a: 1 }); // '{"a":1}'
 * ```
 */
export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'symbol') return v.toString();
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return typeof v;
    return s.length > 60 ? `${s.slice(0, 60)}…` : s;
  } catch {
    return typeof v;
  }
}

/**
 * A contrast matrix L whose rows are linearly dependent (or all zero): the
 * hypothesis Lβ = 0 has `rank` < `rows` independent rows.
 *
 * @example
 * ```ts
 * throw new RankDeficientError('L', 1, 2);
 * ```
 */
export class RankDeficientError extends MixedLMError {
  override name = 'RankDeficientError';
  constructor(readonly what: string, readonly rank: number, readonly rows: number) {
    super(`${what}: rank-deficient contrast matrix (rank ${rank} with ${rows} rows); remove the dependent rows`);
  }
}

/**
 * A denominator-degrees-of-freedom method the fit cannot support (e.g.
 * Kenward–Roger on an ML fit, which needs the REML fit).
 *
 * @example
 * ```ts
 * throw new UnsupportedDdfError('kenward-roger', 'needs a REML fit; refit with reml: true');
 * ```
 */
export class UnsupportedDdfError extends MixedLMError {
  override name = 'UnsupportedDdfError';
  constructor(readonly ddf: string, readonly reason: string) {
    super(`ddf '${ddf}': ${reason}`);
  }
}

/**
 * A database engine (DuckDB, a ClickHouse server) refused, dropped or failed a
 * request. `url` says where (a `clickhouse://` URL without credentials, or the
 * DuckDB source); `serverMessage` is the engine's own message.
 *
 * @example
 * ```ts
 * try { await crossProductsFromSql(engine, 'db.t', 'y ~ x + (1 | g)'); } catch (e) { if (e instanceof EngineError) console.log(e.url, e.serverMessage); }
 * ```
 */
export class EngineError extends MixedLMError {
  override name = 'EngineError';
  constructor(readonly url: string, readonly serverMessage: string) {
    super(`${url}: ${serverMessage}`);
  }
}

/**
 * A method whose code the package's public entry installs was called on a
 * class imported from an internal module, so a bundler left its code out
 * (e.g. `MixedLMResults.fromJSON` when only `MixedLM` was imported). `api`
 * names the method; importing `importName` from `'mixedlm'` installs it.
 *
 * @example
 * ```ts
 * import { MixedLMResults } from 'mixedlm'; // installs MixedLMResults.fromJSON
 * ```
 */
export class NotInstalledError extends MixedLMError {
  override name = 'NotInstalledError';
  constructor(readonly api: string, readonly importName: string) {
    super(`${api} is not in this bundle: import { ${importName} } from 'mixedlm'`);
  }
}
