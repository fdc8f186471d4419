import { CsvParser, type CsvOptions } from './csv-parser.js';
import type { Table } from './table.js';

export { CsvParser, sniffDelimiter, DEFAULT_NA_STRINGS, type CsvOptions, type ColumnType } from './csv-parser.js';

/**
 * Parses delimited text (CSV/TSV) into a {@link Table}: numeric columns as
 * `Float64Array`, categorical ones as level codes (see `CategoricalColumn`).
 * Accepts a string or UTF-8 bytes (a leading BOM is skipped). The first
 * record is the header; quoted fields may hold delimiters, `""` and newlines;
 * records end at LF, CRLF or CR; empty lines are skipped; a record with a
 * different number of fields than the header is a {@link DataError} naming it.
 *
 * Missing: fields equal to one of `naStrings` (default `NA`, empty, `NaN`).
 * Type inference, per column: numeric when every non-missing field is a
 * number (`Number()` syntax, surrounding spaces allowed, `Inf`/`-Inf` are
 * ±∞) **and was not quoted**; otherwise categorical. Quoted numbers stay
 * categorical because R's `write.csv` quotes factor (and character) columns,
 * so `"308"` is a subject label, not a number. Exception: when every
 * non-missing field of the file is quoted (a `QUOTE_ALL` writer), quoting says
 * nothing and numeric-looking columns become numeric. `types` overrides the
 * inference (`numeric` on a non-number → {@link DataError} with the row).
 *
 * @example
 * ```ts
 * const t = parseCsv('y,g\n1.5,"a"\nNA,"b"\n');
 * t.column('y').kind; // 'numeric'
 * t.column('g').kind; // 'categorical'
 * ```
 */
export function parseCsv(text: string | Uint8Array, options: CsvOptions = {}): Table {
  const p = new CsvParser(options);
  if (typeof text === 'string') p.pushOwned(new TextEncoder().encode(text));
  else p.pushOwned(text); // read only, never modified
  return p.finish();
}
