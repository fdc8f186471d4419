/**
 * Levenshtein edit distance between two strings (insert, delete, substitute,
 * each of cost 1), computed with one rolling row.
 *
 * @example
 * ```ts
 * editDistance('Reaction', 'reaction'); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  const row = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) row[j] = j;
  for (let i = 1; i <= m; i++) {
    let diag = row[0]!; // d[i-1][j-1]
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const up = row[j]!; // d[i-1][j]
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      // d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + cost);
      diag = up;
    }
  }
  return row[n]!;
}

/**
 * The candidate closest to `name` by edit distance (case-insensitive matches
 * first), or `undefined` when none is within `max(2, name.length / 2)` edits.
 *
 * @example
 * ```ts
 * closestName('Subjct', ['Reaction', 'Days', 'Subject']); // 'Subject'
 * ```
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  for (const c of candidates) if (c.toLowerCase() === lower) return c;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 2)) ? best : undefined;
}

/**
 * `" (did you mean 'x'?)"` when a close candidate exists, else `""`.
 *
 * @example
 * ```ts
 * `unknown column 'Dys'${didYouMean('Dys', ['Days'])}`; // "unknown column 'Dys' (did you mean 'Days'?)"
 * ```
 */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const c = closestName(name, candidates);
  return c === undefined ? '' : ` (did you mean '${c}'?)`;
}
