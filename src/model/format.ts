/**
 * Number formatting that reproduces C `printf`, Python `repr`/`str.center` and
 * R `format()` exactly, so that printed results match statsmodels and lme4
 * character for character. Pure functions, no Node APIs.
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** |x| = mant · 2^exp exactly (x finite, nonzero). */
function decompose(x: number): { mant: bigint; exp: number } {
  F64[0] = Math.abs(x);
  const hi = U32[LITTLE ? 1 : 0]!;
  const lo = U32[LITTLE ? 0 : 1]!;
  const bexp = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  // subnormal: frac · 2^(1-1075); normal: (2^52 + frac) · 2^(bexp-1075)
  return bexp === 0 ? { mant: frac, exp: -1074 } : { mant: frac | (1n << 52n), exp: bexp - 1075 };
}

/**
 * C/Python `'%.{digits}f' % x`: the exact binary value rounded half-to-even at
 * `digits` decimals; `nan`, `inf`, `-inf`; the sign of -0 and of negatives that
 * round to zero is kept (`-0.000`).
 *
 * @example
 * ```ts
 * formatFixed(0.0625, 3);   // '0.062' (exact tie, to even; toFixed gives '0.063')
 * formatFixed(-1e-9, 3);    // '-0.000'
 * ```
 */
export function formatFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const neg = x < 0 || Object.is(x, -0);
  let q = 0n;
  if (x !== 0) {
    const { mant, exp } = decompose(x);
    const num = mant * 10n ** BigInt(digits);
    if (exp >= 0) {
      q = num << BigInt(exp);
    } else {
      // q = round_half_even(num / 2^-exp)
      const sh = BigInt(-exp);
      q = num >> sh;
      const r2 = (num - (q << sh)) << 1n;
      const den = 1n << sh;
      if (r2 > den || (r2 === den && (q & 1n) === 1n)) q += 1n;
    }
  }
  let s = q.toString();
  if (digits > 0) {
    if (s.length <= digits) s = '0'.repeat(digits + 1 - s.length) + s;
    s = `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
  }
  return neg ? `-${s}` : s;
}

/**
 * Python `repr(float)` / `str(float)`: shortest round-trip digits, positional
 * for 1e-4 ≤ |x| < 1e16 (with a trailing `.0` for integers), otherwise
 * `d.ddde±XX`.
 *
 * @example
 * ```ts
 * pyFloatRepr(0.025);  // '0.025'
 * pyFloatRepr(1);      // '1.0'
 * pyFloatRepr(1e-5);   // '1e-05'
 * ```
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // shortest digits and decimal exponent from JS (same shortest round-trip rule)
  const e = x.toExponential(); // e.g. '-1.2345e-7'
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e);
  if (m === null) return String(x);
  const sign = m[1]!;
  const digits = m[2]! + (m[3] ?? '');
  const exp10 = Number(m[4]);
  if (exp10 < -4 || exp10 >= 16) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ex = Math.abs(exp10);
    return `${sign}${mant}e${exp10 < 0 ? '-' : '+'}${ex < 10 ? '0' : ''}${ex}`;
  }
  let body: string;
  if (exp10 < 0) body = `0.${'0'.repeat(-exp10 - 1)}${digits}`;
  else if (digits.length <= exp10 + 1) body = `${digits}${'0'.repeat(exp10 + 1 - digits.length)}.0`;
  else body = `${digits.slice(0, exp10 + 1)}.${digits.slice(exp10 + 1)}`;
  return sign + body;
}

/**
 * Python `str.center(width)`: CPython puts the extra space of an odd margin on
 * the left when `width` is odd, on the right when it is even.
 *
 * @example
 * ```ts
 * pyCenter('z', 6);   // '  z   '
 * pyCenter('ab', 5);  // '  ab '
 * ```
 */
export function pyCenter(s: string, width: number): string {
  const marg = width - s.length;
  if (marg <= 0) return s;
  // left = marg/2 + (marg & width & 1)
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return ' '.repeat(left) + s + ' '.repeat(marg - left);
}

/** Left-justify `s` in `width` (Python `ljust`). @example `ljust('a', 3) // 'a  '` */
export function ljust(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/** Right-justify `s` in `width` (Python `rjust`). @example `rjust('a', 3) // '  a'` */
export function rjust(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

/** Significant digits of |x| rounded to `digits`: trailing zeros dropped. */
function sciParts(x: number, digits: number): { kp: number; nsig: number } {
  if (x === 0) return { kp: 0, nsig: 1 };
  const m = /^-?(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(Math.abs(x).toExponential(digits - 1));
  if (m === null) return { kp: 0, nsig: digits };
  const mant = (m[1]! + (m[2] ?? '')).replace(/0+$/, '');
  return { kp: Number(m[3]), nsig: Math.max(1, mant.length) };
}

/**
 * R's `format(x, digits = digits)` for a numeric vector (with `nsmall`): the
 * common layout R's `formatReal` chooses. Each finite element needs at most
 * `digits` significant digits; fixed notation uses the largest number of
 * decimals any element needs, unless scientific notation is narrower (ties go
 * to fixed, `scipen = 0`). All results have a common width (right-justified).
 * Non-finite values print as `NaN`, `NA`-free `Inf`, `-Inf`.
 *
 * @example
 * ```ts
 * formatR([612.100158, 35.0717145, 654.940008], 5); // ['612.100', ' 35.072', '654.940']
 * formatR([1, 0.066], 7, 3);                         // ['1.000', '0.066']
 * ```
 */
export function formatR(xs: readonly number[], digits: number, nsmall = 0): string[] {
  let neg = 0;
  let mxsl = -Infinity; // widest integer part (with sign)
  let rgt = -Infinity; // most decimals needed
  let mxe = -Infinity; // largest exponent
  let mne = Infinity; // smallest exponent
  let mxns = -Infinity; // most significant digits
  let naw = 0; // width of non-finite strings
  let anyFinite = false;
  for (const x of xs) {
    if (!Number.isFinite(x)) {
      naw = Math.max(naw, Number.isNaN(x) ? 3 : x > 0 ? 3 : 4);
      continue;
    }
    anyFinite = true;
    const { kp, nsig } = sciParts(x, digits);
    const isNeg = x < 0 ? 1 : 0;
    if (isNeg) neg = 1;
    const left = kp + 1;
    const sleft = isNeg + (left <= 0 ? 1 : left);
    mxsl = Math.max(mxsl, sleft);
    rgt = Math.max(rgt, nsig - kp - 1);
    mxe = Math.max(mxe, kp);
    mne = Math.min(mne, kp);
    mxns = Math.max(mxns, nsig);
  }
  if (!anyFinite) return xs.map((x) => rjust(nonFinite(x), naw));
  if (rgt < 0) rgt = 0;
  const wF = mxsl + rgt + (rgt !== 0 ? 1 : 0);
  const eDigits = mxe >= 100 || mne <= -100 ? 2 : 1;
  const d = mxns - 1;
  const wE = neg + (d > 0 ? 1 : 0) + d + 4 + eDigits;
  if (wF <= wE) {
    const r = Math.max(rgt, nsmall);
    const w = Math.max(mxsl + r + (r !== 0 ? 1 : 0), naw);
    return xs.map((x) => rjust(Number.isFinite(x) ? formatFixed(x, r) : nonFinite(x), w));
  }
  const w = Math.max(wE, naw);
  return xs.map((x) => rjust(Number.isFinite(x) ? formatSci(x, d) : nonFinite(x), w));
}

function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Inf' : '-Inf';
}

/** C `%.{d}e` with at least two exponent digits. */
function formatSci(x: number, d: number): string {
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(x.toExponential(d));
  if (m === null) return String(x);
  return `${m[1]}e${m[2]}${m[3]!.length < 2 ? '0' : ''}${m[3]}`;
}
