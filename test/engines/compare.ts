import { expect } from 'vitest';
import type { CrossProducts } from '../../src/engines/cross-products.js';

/** |got − want| ≤ tol · max|want| over the array (entries that cancel to ~0 are judged on the array's scale). */
export function expectArrayClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  expect(worst, `${what}: max |diff| ${worst} vs scale ${scale}`).toBeLessThanOrEqual(tol * Math.max(scale, Number.MIN_VALUE));
}

/** Same names, levels and ZᵀZ pattern; every product within `tol` relative (see {@link expectArrayClose}). */
export function expectCrossProductsClose(got: CrossProducts, want: CrossProducts, tol: number): void {
  expect(got.n).toBe(want.n);
  expect(got.nDropped).toBe(want.nDropped);
  expect(got.response).toBe(want.response);
  expect(got.feNames).toEqual(want.feNames);
  expect(got.terms).toEqual(want.terms);
  expect(Array.from(got.ZtZ.colPtr)).toEqual(Array.from(want.ZtZ.colPtr));
  expect(Array.from(got.ZtZ.rowIdx)).toEqual(Array.from(want.ZtZ.rowIdx));
  expectArrayClose(got.ZtZ.values, want.ZtZ.values, tol, 'ZtZ');
  expectArrayClose(got.ZtX, want.ZtX, tol, 'ZtX');
  expectArrayClose(got.Zty, want.Zty, tol, 'Zty');
  expectArrayClose(got.XtX, want.XtX, tol, 'XtX');
  expectArrayClose(got.Xty, want.Xty, tol, 'Xty');
  expectArrayClose([got.yty], [want.yty], tol, 'yty');
}
