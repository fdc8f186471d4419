/**
 * Decimal numbers straight from UTF-8 bytes. Fast path (Clinger): at most 15
 * significant digits m and a decimal exponent |k| ≤ 22, so m and 10^k are
 * exact doubles and m·10^k (or m / 10^-k) is one correctly rounded operation.
 * Anything else (17-digit mantissas, hex, `Infinity`, spaces) goes through
 * `Number()` on the field text, so the result always equals `Number(text)`.
 */

const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k); // exact up to 1e22

/** Infinity spellings read as numbers (R writes `Inf` / `-Inf`). */
const INFINITIES = new Map<string, number>([
  ['Inf', Infinity],
  ['+Inf', Infinity],
  ['-Inf', -Infinity],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
]);

/**
 * Text of `bytes[s, e)` as a string (latin1 fast path for ASCII).
 *
 * @example
 * ```ts
 * asciiOrUtf8(new TextEncoder().encode('a,b'), 0, 1); // 'a'
 * ```
 */
export function asciiOrUtf8(bytes: Uint8Array, s: number, e: number, decoder: { decode(b: Uint8Array): string } = UTF8): string {
  if (e - s <= 64) {
    let ascii = true;
    for (let i = s; i < e; i++) {
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(s, e) as unknown as number[]);
  }
  return decoder.decode(bytes.subarray(s, e));
}

const UTF8 = new TextDecoder('utf-8');

/**
 * Parses a field's text as a number the way the CSV reader does: surrounding
 * white space ignored, empty → `NaN`, `Inf`/`-Inf`/`Infinity` → ±∞, anything
 * `Number()` rejects (or that is not finite/infinite) → `NaN`.
 *
 * @example
 * ```ts
 * parseNumberText(' 1e3 '); // 1000
 * parseNumberText('-Inf');  // -Infinity
 * parseNumberText('abc');   // NaN
 * ```
 */
export function parseNumberText(text: string): number {
  const t = text.trim();
  if (t === '') return NaN;
  const inf = INFINITIES.get(t);
  if (inf !== undefined) return inf;
  return Number(t);
}

/**
 * Parses `bytes[s, e)` as a number; `NaN` when it is not one (see
 * {@link parseNumberText}; the result is identical to it on the same text).
 *
 * @example
 * ```ts
 * const b = new TextEncoder().encode('x,-12.5e-1');
 * parseNumberBytes(b, 2, b.length); // -1.25
 * ```
 */
export function parseNumberBytes(bytes: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  let c = bytes[i];
  if (c === 0x2d /* - */ || c === 0x2b /* + */) {
    neg = c === 0x2d;
    c = bytes[++i];
  }
  let m = 0;
  let digits = 0; // significant digits accumulated into m
  let anyDigit = false;
  let scale = 0; // decimal exponent adjustment from digits after the point
  while (i < e && c! >= 0x30 && c! <= 0x39) {
    anyDigit = true;
    if (digits > 0 || c !== 0x30) {
      m = m * 10 + (c! - 0x30);
      digits++;
    }
    c = bytes[++i];
  }
  if (i < e && c === 0x2e /* . */) {
    c = bytes[++i];
    while (i < e && c! >= 0x30 && c! <= 0x39) {
      anyDigit = true;
      if (digits > 0 || c !== 0x30) {
        m = m * 10 + (c! - 0x30);
        digits++;
      }
      scale--;
      c = bytes[++i];
    }
  }
  if (anyDigit && i < e && (c === 0x65 || c === 0x45) /* e E */) {
    let j = i + 1;
    let eneg = false;
    let d = bytes[j];
    if (d === 0x2d || d === 0x2b) {
      eneg = d === 0x2d;
      d = bytes[++j];
    }
    let ex = 0;
    let any = false;
    while (j < e && d! >= 0x30 && d! <= 0x39) {
      any = true;
      if (ex < 100000) ex = ex * 10 + (d! - 0x30);
      d = bytes[++j];
    }
    if (any) {
      scale += eneg ? -ex : ex;
      i = j;
    }
  }
  if (i === e && anyDigit && digits <= 15) {
    let x: number;
    if (m === 0) x = 0;
    else if (scale === 0) x = m;
    else if (scale > 0 && scale <= 22) x = m * POW10[scale]!;
    else if (scale < 0 && scale >= -22) x = m / POW10[-scale]!;
    else return slow(bytes, s, e);
    return neg ? -x : x;
  }
  return slow(bytes, s, e);
}

function slow(bytes: Uint8Array, s: number, e: number): number {
  return parseNumberText(asciiOrUtf8(bytes, s, e));
}
