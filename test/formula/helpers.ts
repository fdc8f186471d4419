import type { FormulaNode } from '../../src/formula/ast.js';
import type { DesignMatrix } from '../../src/formula/design.js';

/** The library's seeded PRNG (mulberry32), shared by every test suite. */
export { mulberry32 } from '../../src/model/inference/simulate.js';

/** Design matrix rows as plain arrays. */
export function rows(d: DesignMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < d.nrow; i++) out.push(Array.from(d.matrix.subarray(i * d.ncol, (i + 1) * d.ncol)));
  return out;
}

/** Fully parenthesized S-expression of a formula AST (for precedence tests). */
export function sexpr(n: FormulaNode): string {
  switch (n.kind) {
    case 'binary':
      return `(${n.op} ${sexpr(n.left)} ${sexpr(n.right)})`;
    case 'unary':
      return `(${n.op} ${sexpr(n.arg)})`;
    case 'intercept':
      return String(n.value);
    case 'number':
      return n.text;
    case 'factor':
      return n.code;
    case 'random':
      return `[${sexpr(n.expr)} ${n.correlated ? '|' : '||'} ${sexpr(n.grouping)}]`;
  }
}

/** A small fixed table used by several design tests. */
export const small = {
  y: [1.5, 2.5, 0.5, 4, 3, 2],
  x: [1, 2, 3, 4, 5, 6],
  z: [0.5, 1, 1.5, 2, 3, 1],
  g: ['a', 'b', 'c', 'a', 'b', 'c'],
  h: ['x', 'y', 'x', 'y', 'x', 'y'],
};
