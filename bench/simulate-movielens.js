// Seeded simulator of a MovieLens-1M-shaped crossed design (issue 10): users × items ratings.
import { mulberry32, normalGenerator } from './simulate.js';

/**
 * MovieLens-1M shape: `rows` distinct (user, item) pairs over `users` × `items`, every user with
 * at least `minPerUser` ratings and every item rated at least once. User activity is skewed
 * (log-normal, σ = 1, as ML-1M's: median ≈ 96, a few users rate over 1,000 items); item
 * popularity is Zipf-like (weight ∝ (rank + 10)^−1.1, so the head items are rated by most
 * users and the tail by a few). Each user's items are a weighted sample without replacement
 * (Efraimidis–Spirakis keys). rating = clamp(round(3.6 + u_user + v_item + e), 1, 5) with
 * sd 0.45, 0.5, 0.9. Returns {y, user, item} (Int32Array codes; rows grouped by user).
 */
export function simulateMovieLens({ rows = 1000209, users = 6040, items = 3706, minPerUser = 20, seed = 1 } = {}) {
  const rng = mulberry32(seed);
  const z = normalGenerator(rng);
  if (rows < users * minPerUser || rows > users * items) throw new RangeError(`rows must be in [${users * minPerUser}, ${users * items}]`);
  // ratings per user: minPerUser + a log-normal share of the rest, capped at items, summing to rows
  const w = Float64Array.from({ length: users }, () => Math.exp(z()));
  const wsum = w.reduce((a, b) => a + b, 0);
  const cnt = new Int32Array(users);
  let total = 0;
  for (let u = 0; u < users; u++) {
    cnt[u] = Math.min(items, minPerUser + Math.floor(((rows - users * minPerUser) * w[u]) / wsum));
    total += cnt[u];
  }
  while (total < rows) {
    const v = Math.floor(rng() * users);
    if (cnt[v] < items) cnt[v]++, total++;
  }
  // item weights (Zipf-like) in a random rank order
  const rank = Int32Array.from({ length: items }, (_, i) => i);
  for (let i = items - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = rank[i];
    rank[i] = rank[j];
    rank[j] = t;
  }
  const pop = Float64Array.from({ length: items }, (_, i) => Math.pow(rank[i] + 10, -1.1));
  const popSum = pop.reduce((a, b) => a + b, 0);
  const cdf = new Float64Array(items);
  let acc = 0;
  for (let i = 0; i < items; i++) cdf[i] = acc += pop[i] / popSum;
  const draw = () => {
    const r = rng() * acc;
    let lo = 0;
    let hi = items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const user = new Int32Array(rows);
  const item = new Int32Array(rows);
  const mark = new Int32Array(items).fill(-1);
  const keys = new Float64Array(items);
  const order = Int32Array.from({ length: items }, (_, i) => i);
  let r = 0;
  for (let u = 0; u < users; u++) {
    const c = cnt[u];
    if (c * 4 < items) {
      // light users: draws by popularity, duplicates redrawn
      for (let k = 0; k < c; ) {
        const i = draw();
        if (mark[i] === u) continue;
        mark[i] = u;
        user[r] = u;
        item[r++] = i;
        k++;
      }
    } else {
      // heavy users: the c largest keys rng^(1/weight)
      for (let i = 0; i < items; i++) keys[i] = Math.log(rng() || 1e-300) / pop[i];
      order.sort((a, b) => keys[b] - keys[a]);
      for (let k = 0; k < c; k++) {
        mark[order[k]] = u;
        user[r] = u;
        item[r++] = order[k];
      }
      for (let i = 0; i < items; i++) order[i] = i;
    }
  }
  // every item rated: give each unrated item one rating of a user who has not rated it (replacing that user's most popular item)
  const seen = new Int32Array(items);
  for (let t = 0; t < rows; t++) seen[item[t]]++;
  for (let i = 0; i < items; i++) {
    while (seen[i] === 0) {
      const t = Math.floor(rng() * rows);
      if (seen[item[t]] < 2) continue;
      const u = user[t];
      let dup = false;
      for (let s = t; s >= 0 && user[s] === u && !dup; s--) dup = item[s] === i;
      for (let s = t + 1; s < rows && user[s] === u && !dup; s++) dup = item[s] === i;
      if (dup) continue;
      seen[item[t]]--;
      item[t] = i;
      seen[i]++;
    }
  }
  const uU = Float64Array.from({ length: users }, () => 0.45 * z());
  const vI = Float64Array.from({ length: items }, () => 0.5 * z());
  const y = new Float64Array(rows);
  for (let t = 0; t < rows; t++) y[t] = Math.min(5, Math.max(1, Math.round(3.6 + uU[user[t]] + vI[item[t]] + 0.9 * z())));
  return { y, user, item };
}
