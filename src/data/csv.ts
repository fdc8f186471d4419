import { parse } from 'csv-parse/sync';
import { DataError, InvalidArgumentError } from '../errors.js';
import { didYouMean } from './closest.js';
import type { Column } from './column.js';
import { Table } from './table.js';

/**
 * Column type override for {@link parseCsv} / `readTable`.
 *
 * @example
 * ```ts
 * parseCsv(text, { types: { Subject: 'categorical' } });
 * ```
 */
export type ColumnType = 'numeric' | 'categorical';

/**
 * Options of {@link parseCsv}.
 *
 * @example
 * ```ts
 * parseCsv(text, { delimiter: ';', naStrings: ['.', 'NA'] });
 * ```
 */
export interface CsvOptions {
  /** Field delimiter; sniffed from the header line when absent. */
  delimiter?: string;
  /** Per-column type overrides. */
  types?: Record<string, ColumnType>;
  /** Values read as missing (default `['NA', '', 'NaN']`). */
  naStrings?: readonly string[];
  /** Name used in error messages (a file path). */
  source?: string;
}

/**
 * Default missing-value strings.
 *
 * @example
 * ```ts
 * parseCsv(text, { naStrings: [...DEFAULT_NA_STRINGS, '-'] });
 * ```
 */
export const DEFAULT_NA_STRINGS: readonly string[] = ['NA', '', 'NaN'];

/**
 * Guesses the delimiter from the first line: the most frequent of `,`, tab,
 * `;` and `|` outside double quotes (`,` when none occurs).
 *
 * @example
 * ```ts
 * sniffDelimiter('a\tb\tc\n1\t2\t3'); // '\t'
 * ```
 */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], ['\t', 0], [';', 0], ['|', 0]]);
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  let bestN = 0;
  for (const [d, n] of counts) {
    if (n > bestN) {
      best = d;
      bestN = n;
    }
  }
  return best;
}

/**
 * Marks, for each field of one raw record, whether it opened with `quote`
 * (csv-parse already split the values; this only recovers the quoting).
 */
function markQuoted(raw: string, delimiter: string, quote: string, out: Uint8Array, offset: number, nfield: number): void {
  let field = 0;
  let start = true;
  let i = 0;
  const len = raw.length;
  while (i < len && field < nfield) {
    if (start && raw[i] === quote) {
      out[offset + field] = 1;
      // skip to the closing quote ("" is an escaped quote)
      i++;
      while (i < len) {
        if (raw[i] === quote) {
          if (raw[i + 1] === quote) i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
      start = false;
      continue;
    }
    if (raw.startsWith(delimiter, i)) {
      field++;
      start = true;
      i += delimiter.length;
      continue;
    }
    start = false;
    i++;
  }
}

/** R's and JavaScript's spellings of ±infinity (R writes `Inf`): read as numbers, refused later by the model with row and column. */
const INFINITIES: ReadonlyMap<string, number> = new Map([
  ['Inf', Infinity], ['+Inf', Infinity], ['-Inf', -Infinity], ['inf', Infinity], ['+inf', Infinity], ['-inf', -Infinity],
  ['Infinity', Infinity], ['+Infinity', Infinity], ['-Infinity', -Infinity],
]);

function parseNumber(s: string): number {
  const t = s.trim();
  if (t === '') return NaN;
  const inf = INFINITIES.get(t);
  if (inf !== undefined) return inf;
  // a literal that overflows (1e400) is a number too: ±Infinity, refused later with its row
  return Number(t);
}

/**
 * Parses delimited text (CSV/TSV; quotes, embedded delimiters and newlines via
 * `csv-parse`) into a {@link Table}. The first record is the header.
 *
 * Missing: fields equal to one of `naStrings` (default `NA`, empty, `NaN`).
 * Type inference, per column: numeric when every non-missing field parses as a
 * finite number **and was not quoted**; otherwise categorical. Quoted numbers
 * stay categorical because R's `write.csv` quotes factor (and character)
 * columns, so `"308"` is a subject label, not a number. Exception: when every
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
export function parseCsv(text: string, options: CsvOptions = {}): Table {
  const source = options.source ?? '<csv>';
  const delimiter = options.delimiter ?? sniffDelimiter(text);
  if (delimiter.length === 0) throw new InvalidArgumentError('delimiter', 'must be a non-empty string');
  const na = new Set(options.naStrings ?? DEFAULT_NA_STRINGS);
  let parsed: { record: string[]; raw: string }[];
  try {
    // `raw` is much cheaper than a per-field `cast` callback for recovering quoting
    parsed = parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      raw: true,
    }) as unknown as { record: string[]; raw: string }[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    throw new DataError(`${source}: CSV parse error${err.lines !== undefined ? ` near line ${err.lines}` : ''}: ${err.message ?? String(e)}`, { row: -1 });
  }
  const header = parsed[0]?.record;
  if (!header) return new Table([], 0);
  const names = header.map((s, j) => (s === '' ? `Unnamed: ${j}` : s));
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new DataError(`${source}: duplicate column name '${name}' in header`, { column: name, row: -1 });
    seen.add(name);
  }
  const ncol = names.length;
  const n = parsed.length - 1;
  const records: string[][] = new Array<string[]>(n + 1);
  for (let r = 0; r <= n; r++) records[r] = parsed[r]!.record;
  for (let r = 1; r <= n; r++) {
    const len = records[r]!.length;
    if (len !== ncol) {
      throw new DataError(`${source}: record ${r + 1} (data row ${r - 1}, 0-based) has ${len} fields, the header has ${ncol}`, { row: r - 1 });
    }
  }
  const types = options.types ?? {};
  for (const name of Object.keys(types)) {
    if (!seen.has(name)) {
      throw new DataError(`${source}: type override for unknown column '${name}'${didYouMean(name, names)}`, { column: name, row: -1 });
    }
    const t = types[name];
    if (t !== 'numeric' && t !== 'categorical') throw new InvalidArgumentError(`types.${name}`, `must be 'numeric' or 'categorical', got '${String(t)}'`);
  }
  // quoted[(r-1)*ncol + j]: was field j of data row r quoted?
  const quoted = new Uint8Array(n * ncol);
  for (let r = 1; r <= n; r++) markQuoted(parsed[r]!.raw, delimiter, '"', quoted, (r - 1) * ncol, ncol);
  // does any non-missing field of the data go unquoted?
  let anyUnquoted = false;
  for (let r = 1; r <= n && !anyUnquoted; r++) {
    const rec = records[r]!;
    for (let j = 0; j < ncol; j++) {
      if (quoted[(r - 1) * ncol + j] === 0 && !na.has(rec[j]!)) {
        anyUnquoted = true;
        break;
      }
    }
  }
  const quotingIsType = anyUnquoted;
  const cols = new Map<string, Column>();
  for (let j = 0; j < ncol; j++) {
    const name = names[j]!;
    let kind = types[name];
    if (kind === undefined) {
      kind = 'numeric';
      for (let r = 1; r <= n; r++) {
        const s = records[r]![j]!;
        if (na.has(s)) continue;
        if ((quotingIsType && quoted[(r - 1) * ncol + j] === 1) || Number.isNaN(parseNumber(s))) {
          kind = 'categorical';
          break;
        }
      }
    }
    if (kind === 'numeric') {
      const v = new Float64Array(n);
      for (let r = 1; r <= n; r++) {
        const s = records[r]![j]!;
        if (na.has(s)) {
          v[r - 1] = NaN;
          continue;
        }
        const x = parseNumber(s);
        if (Number.isNaN(x)) {
          throw new DataError(`${source}: column '${name}' declared numeric but data row ${r - 1} (0-based) holds '${s}'`, { column: name, row: r - 1 });
        }
        v[r - 1] = x;
      }
      cols.set(name, { kind: 'numeric', values: v });
    } else {
      const v = new Array<string | null>(n);
      for (let r = 1; r <= n; r++) {
        const s = records[r]![j]!;
        v[r - 1] = na.has(s) ? null : s;
      }
      cols.set(name, { kind: 'categorical', values: v });
    }
  }
  return new Table(cols, n);
}
