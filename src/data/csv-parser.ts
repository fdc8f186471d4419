/**
 * Streaming CSV/TSV parser from UTF-8 bytes straight into typed columns
 * (RFC 4180 quoting: `"` opens a quoted field, `""` inside it is a quote;
 * quoted fields may hold delimiters and newlines). Records end at LF, CRLF
 * or CR; empty lines are skipped; the first record is the header.
 *
 * Per column it keeps a growing `Float64Array` while every non-missing field
 * is a number, else level codes from a byte-keyed {@link LevelDict}. The rare
 * column that turns categorical after numbers were stored (e.g. `1, 2, x`, or
 * a file whose quoting only proves informative late) is settled by a second
 * pass over the kept input with the types the first pass decided.
 */
import { DataError, InvalidArgumentError } from '../errors.js';
import { didYouMean } from './closest.js';
import { CategoricalColumn, type Column } from './column.js';
import { LevelDict } from './level-dict.js';
import { asciiOrUtf8, parseNumberBytes } from './number-bytes.js';
import { Table } from './table.js';

/**
 * Column type override.
 *
 * @example
 * ```ts
 * const t: ColumnType = 'categorical';
 * ```
 */
export type ColumnType = 'numeric' | 'categorical';

/**
 * Options of {@link CsvParser} (and `parseCsv` / `readTable`).
 *
 * @example
 * ```ts
 * new CsvParser({ delimiter: ';', naStrings: ['.', 'NA'], types: { id: 'categorical' } });
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

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const NUM = 0;
const CAT = 1;

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

/** One column under construction. */
class ColumnBuilder {
  mode: number;
  num = new Float64Array(1024);
  codes: Int32Array | null = null;
  dict: LevelDict | null = null;
  n = 0;
  nonMissing = 0;
  quotedSeen = false;

  constructor(readonly name: string, readonly forced: ColumnType | undefined) {
    this.mode = forced === 'categorical' ? CAT : NUM;
    if (this.mode === CAT) this.toCategorical();
  }

  toCategorical(): void {
    this.mode = CAT;
    this.codes = new Int32Array(Math.max(1024, this.num.length)).fill(-1, 0, this.n);
    this.dict = new LevelDict();
  }

  pushNumber(x: number): void {
    if (this.n === this.num.length) {
      const a = new Float64Array(this.n * 2);
      a.set(this.num);
      this.num = a;
    }
    this.num[this.n++] = x;
  }

  pushCode(k: number): void {
    let c = this.codes!;
    if (this.n === c.length) {
      const a = new Int32Array(this.n * 2);
      a.set(c);
      this.codes = c = a;
    }
    c[this.n++] = k;
  }

  column(): Column {
    if (this.mode === NUM) return { kind: 'numeric', values: this.num.slice(0, this.n) };
    return new CategoricalColumn(this.codes!.slice(0, this.n), this.dict!.levels);
  }
}

/**
 * Incremental CSV/TSV parser: {@link CsvParser.push} byte chunks (or strings)
 * as they arrive, then {@link CsvParser.finish} returns the {@link Table}.
 * Type inference and missing values follow `parseCsv`.
 *
 * @example
 * ```ts
 * const p = new CsvParser({ source: 'data.csv' });
 * p.push(new TextEncoder().encode('y,g\n1.5,"a"\n'));
 * p.push('2.5,"b"\n');
 * const t = p.finish();
 * t.numeric('y'); // Float64Array [1.5, 2.5]
 * ```
 */
export class CsvParser {
  private readonly source: string;
  private readonly options: CsvOptions;
  private delim: Uint8Array | null = null;
  private readonly na: Uint8Array[];
  private readonly naMaxLen: number;
  private carry: Uint8Array | null = null;
  private readonly kept: Uint8Array[] = [];
  private started = false;
  private finished = false;
  private names: string[] | null = null;
  private cols: ColumnBuilder[] = [];
  private record = 0; // 1-based record number of the last record (header = 1)
  private anyUnquoted = false;
  private reparse = false;
  private bytes = 0;
  // per-record field spans
  private fs = new Int32Array(64);
  private fe = new Int32Array(64);
  private fq = new Uint8Array(64); // bit 0: quoted, bit 1: holds "" escapes
  private scratch = new Uint8Array(256);
  private readonly encoder = new TextEncoder();

  constructor(options: CsvOptions = {}) {
    this.options = options;
    this.source = options.source ?? '<csv>';
    if (options.delimiter !== undefined) {
      if (typeof options.delimiter !== 'string' || options.delimiter.length === 0) throw new InvalidArgumentError('delimiter', 'must be a non-empty string');
      this.delim = this.encoder.encode(options.delimiter);
    }
    const naStrings = options.naStrings ?? DEFAULT_NA_STRINGS;
    this.na = naStrings.map((s) => this.encoder.encode(s));
    this.naMaxLen = this.na.reduce((m, b) => Math.max(m, b.length), -1);
    if (options.types) {
      for (const [name, t] of Object.entries(options.types)) {
        if (t !== 'numeric' && t !== 'categorical') throw new InvalidArgumentError(`types.${name}`, `must be 'numeric' or 'categorical', got '${String(t)}'`);
      }
    }
  }

  /** Data rows parsed so far. */
  get rows(): number {
    return Math.max(0, this.record - 1);
  }

  /** Input bytes received so far. */
  get bytesRead(): number {
    return this.bytes;
  }

  /**
   * Adds the next piece of input (bytes may split a character or a record
   * anywhere). The chunk is copied when kept, never modified.
   */
  push(chunk: Uint8Array | string): void {
    this.pushOwned(typeof chunk === 'string' ? this.encoder.encode(chunk) : chunk.slice());
  }

  /** As {@link push}, taking ownership of `chunk` (no copy). */
  pushOwned(input: Uint8Array): void {
    if (this.finished) throw new InvalidArgumentError('push', 'the parser has already finished');
    // a plain view (a Node Buffer subclass would make every subarray slow and the loops polymorphic)
    const chunk = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    this.bytes += chunk.length;
    this.kept.push(chunk);
    let buf = chunk;
    if (!this.started) {
      if (buf.length === 0) return;
      if (buf.length < 3 && (this.carry?.length ?? 0) + buf.length < 3) {
        this.carry = concat(this.carry, buf);
        return;
      }
      buf = concat(this.carry, buf);
      this.carry = null;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      this.started = true;
    } else if (this.carry !== null) {
      buf = concat(this.carry, buf);
      this.carry = null;
    }
    this.consume(buf, false);
  }

  /** Ends the input and returns the table. */
  finish(): Table {
    if (this.finished) throw new InvalidArgumentError('finish', 'the parser has already finished');
    let buf = this.carry ?? new Uint8Array(0);
    this.carry = null;
    if (!this.started) {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      this.started = true;
    }
    this.consume(buf, true);
    this.finished = true;
    if (this.names === null) return new Table([], 0);
    const final: Record<string, ColumnType> = {};
    for (const b of this.cols) {
      let kind: ColumnType = b.mode === CAT ? 'categorical' : 'numeric';
      if (b.forced === undefined && kind === 'numeric' && b.quotedSeen && this.anyUnquoted) {
        // quoting said "factor" only after numbers were stored
        kind = 'categorical';
        this.reparse = true;
      }
      final[b.name] = b.forced ?? kind;
    }
    if (this.reparse) {
      const p = new CsvParser({ ...this.options, types: final, delimiter: new TextDecoder().decode(this.delim!) });
      for (const c of this.kept) p.pushOwned(c);
      return p.finish();
    }
    const cols = new Map<string, Column>();
    for (const b of this.cols) cols.set(b.name, b.column());
    return new Table(cols, this.rows);
  }

  /** Parses every complete record of `buf`; keeps the incomplete tail (unless `final`). */
  private consume(buf: Uint8Array, final: boolean): void {
    if (this.delim === null) {
      const end = firstLineEnd(buf);
      if (end < 0 && !final) {
        this.carry = buf;
        return;
      }
      const head = buf.subarray(0, end < 0 ? buf.length : end);
      this.delim = this.encoder.encode(sniffDelimiter(new TextDecoder().decode(head)));
    }
    const n = buf.length;
    const delim = this.delim;
    const d0 = delim[0]!;
    const dlen = delim.length;
    let pos = 0;
    while (pos < n) {
      let c = buf[pos]!;
      if (c === LF || c === CR) {
        // empty line
        pos++;
        if (c === CR && buf[pos] === LF) pos++;
        continue;
      }
      let i = pos;
      let nf = 0;
      let complete = false;
      for (;;) {
        if (nf === this.fs.length) this.growFields();
        c = buf[i]!;
        if (i < n && c === QUOTE) {
          i++;
          const s = i;
          let flags = 1;
          let closed = false;
          while (i < n) {
            if (buf[i] !== QUOTE) {
              i++;
              continue;
            }
            if (i + 1 < n && buf[i + 1] === QUOTE) {
              flags = 3;
              i += 2;
              continue;
            }
            if (i + 1 === n && !final) break; // cannot tell "" from " yet
            closed = true;
            break;
          }
          if (!closed) {
            if (!final) break;
            throw new DataError(`${this.source}: record ${this.record + 1} (data row ${this.record - 1}, 0-based): a quoted field is not closed before the end of the input`, { row: this.record - 1 });
          }
          this.fs[nf] = s;
          this.fe[nf] = i;
          this.fq[nf++] = flags;
          i++; // past the closing quote
          if (i >= n) {
            if (!final) break;
            complete = true;
            break;
          }
          c = buf[i]!;
          if (c === d0 && (dlen === 1 || matchAt(buf, i, delim))) {
            i += dlen;
            continue;
          }
          if (c === LF || c === CR) {
            complete = true;
            break;
          }
          throw new DataError(
            `${this.source}: record ${this.record + 1} (data row ${this.record - 1}, 0-based): unexpected character after a closing quote`,
            { row: this.record - 1 },
          );
        }
        const s = i;
        while (i < n) {
          c = buf[i]!;
          if (c === d0 || c === LF || c === CR) break;
          i++;
        }
        if (i < n && c === d0 && dlen > 1 && !matchAt(buf, i, delim)) {
          // first byte of a multi-byte delimiter only: part of the field
          if (i + dlen > n && !final) break;
          i++;
          while (i < n) {
            c = buf[i]!;
            if ((c === d0 && matchAt(buf, i, delim)) || c === LF || c === CR) break;
            i++;
          }
        }
        if (i >= n && !final) break;
        this.fs[nf] = s;
        this.fe[nf] = i;
        this.fq[nf++] = 0;
        if (i < n && c === d0) {
          i += dlen;
          continue;
        }
        complete = true;
        break;
      }
      if (!complete) {
        this.carry = buf.subarray(pos);
        return;
      }
      // past the record terminator
      if (i < n) {
        if (buf[i] === CR) {
          i++;
          if (i < n && buf[i] === LF) i++;
        } else if (buf[i] === LF) i++;
      }
      this.commit(buf, nf);
      pos = i;
    }
  }

  private growFields(): void {
    const m = this.fs.length * 2;
    const fs = new Int32Array(m);
    fs.set(this.fs);
    const fe = new Int32Array(m);
    fe.set(this.fe);
    const fq = new Uint8Array(m);
    fq.set(this.fq);
    this.fs = fs;
    this.fe = fe;
    this.fq = fq;
  }

  private isNa(buf: Uint8Array, s: number, e: number): boolean {
    const len = e - s;
    if (len > this.naMaxLen) return false;
    for (const b of this.na) {
      if (b.length !== len) continue;
      let k = 0;
      while (k < len && b[k] === buf[s + k]) k++;
      if (k === len) return true;
    }
    return false;
  }

  /** Copies field k with `""` collapsed into the scratch buffer; returns its length. */
  private unescape(buf: Uint8Array, s: number, e: number): number {
    if (this.scratch.length < e - s) this.scratch = new Uint8Array(2 * (e - s));
    const out = this.scratch;
    let o = 0;
    for (let i = s; i < e; i++) {
      out[o++] = buf[i]!;
      if (buf[i] === QUOTE) i++; // skip the second quote of ""
    }
    return o;
  }

  private commit(buf: Uint8Array, nf: number): void {
    this.record++;
    if (this.names === null) {
      this.header(buf, nf);
      return;
    }
    const ncol = this.cols.length;
    const row = this.record - 2;
    if (nf !== ncol) {
      throw new DataError(`${this.source}: record ${this.record} (data row ${row}, 0-based) has ${nf} fields, the header has ${ncol}`, { row });
    }
    const fs = this.fs;
    const fe = this.fe;
    const fq = this.fq;
    if (!this.anyUnquoted) {
      for (let j = 0; j < ncol; j++) {
        if (fq[j] === 0 && !this.isNa(buf, fs[j]!, fe[j]!)) {
          this.anyUnquoted = true;
          break;
        }
      }
    }
    for (let j = 0; j < ncol; j++) {
      const b = this.cols[j]!;
      let src = buf;
      let s = fs[j]!;
      let e = fe[j]!;
      const q = fq[j]!;
      if (q === 3) {
        e = this.unescape(buf, s, e);
        s = 0;
        src = this.scratch;
      }
      if (e - s <= this.naMaxLen && this.isNa(src, s, e)) {
        if (b.mode === NUM) b.pushNumber(NaN);
        else b.pushCode(-1);
        continue;
      }
      if (b.mode === NUM) {
        const quotedFactor = q !== 0 && this.anyUnquoted && b.forced === undefined;
        const x = quotedFactor ? NaN : parseNumberBytes(src, s, e);
        if (!Number.isNaN(x)) {
          b.pushNumber(x);
          b.nonMissing++;
          if (q !== 0) b.quotedSeen = true;
          continue;
        }
        if (b.forced === 'numeric') {
          const text = asciiOrUtf8(src, s, e);
          throw new DataError(`${this.source}: column '${b.name}' declared numeric but data row ${row} (0-based) holds '${text}'`, { column: b.name, row });
        }
        if (b.nonMissing > 0) this.reparse = true;
        b.toCategorical();
      }
      b.pushCode(b.dict!.code(src, s, e));
      b.nonMissing++;
    }
  }

  private header(buf: Uint8Array, nf: number): void {
    const names: string[] = [];
    for (let j = 0; j < nf; j++) {
      let s = this.fs[j]!;
      let e = this.fe[j]!;
      let src = buf;
      if (this.fq[j] === 3) {
        e = this.unescape(buf, s, e);
        s = 0;
        src = this.scratch;
      }
      const name = new TextDecoder().decode(src.subarray(s, e));
      names.push(name === '' ? `Unnamed: ${j}` : name);
    }
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) throw new DataError(`${this.source}: duplicate column name '${name}' in header`, { column: name, row: -1 });
      seen.add(name);
    }
    const types = this.options.types ?? {};
    for (const name of Object.keys(types)) {
      if (!seen.has(name)) {
        throw new DataError(`${this.source}: type override for unknown column '${name}'${didYouMean(name, names)}`, { column: name, row: -1 });
      }
    }
    this.names = names;
    this.cols = names.map((name) => new ColumnBuilder(name, Object.hasOwn(types, name) ? types[name] : undefined));
  }
}

function concat(a: Uint8Array | null, b: Uint8Array): Uint8Array {
  if (a === null || a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function matchAt(buf: Uint8Array, i: number, d: Uint8Array): boolean {
  if (i + d.length > buf.length) return false;
  for (let k = 0; k < d.length; k++) if (buf[i + k] !== d[k]) return false;
  return true;
}

/** Index of the first LF/CR outside double quotes, or −1. */
function firstLineEnd(buf: Uint8Array): number {
  let quoted = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) return i;
  }
  return -1;
}
