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
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
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
  constructor(readonly argument: string, reason: string) {
    super(`${argument}: ${reason}`);
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
  constructor(readonly url: string, readonly serverMessage: string) {
    super(`${url}: ${serverMessage}`);
  }
}
