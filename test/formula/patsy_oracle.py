"""Regenerates patsy-oracle.json: patsy's design matrices (names and values) for
formulas on a small seeded table. Run with patsy + numpy installed:
    python test/formula/patsy_oracle.py
Generated with patsy 1.0.3, numpy 2.4. (C() of numeric columns is left out: patsy
names those levels by numpy repr, e.g. `[T.np.int64(2)]` under numpy 2.)
"""
import json, numpy as np, patsy
from numpy import log, exp, sqrt
from patsy import center, standardize
rng = np.random.default_rng(3)
n = 24
data = {
  'x': np.array([float(v) for v in rng.uniform(0.5, 5, n).round(3)]),
  'z': np.array([float(v) for v in rng.uniform(-1, 1, n).round(3)]),
  'w': np.array([10.0, 2.0, 1.0] * 8),
  'g': np.array(['a', 'b', 'c', 'd'] * 6, dtype=object),
  'h': np.array((['x'] * 3 + ['y'] * 3) * 4, dtype=object),
  'k': np.array(['B', 'a', 'C'] * 8, dtype=object),
  'b': np.array([True, False, False] * 8),
}
formulas = [
 'x + C(g)', 'g + h', 'C(g)*C(h)', 'C(g):C(h)', 'x:C(g)', 'C(g):x', 'x*C(g)', '0 + C(g)', 'C(g) - 1',
 "C(g, Treatment(reference='c'))", 'C(g, Treatment("b"))', 'I(x**2) + log(x) + np.log(x) + I(-x**2 + 1)',
 'center(x) + standardize(x)', 'standardize(x, ddof=1)', '(x + z)**2', '(x + z + C(g))**2', 'g/h', 'x + C(h) - 1',
 'b + x', 'k', 'h:g + g', 'C(g)*C(h) - C(g):C(h) + C(g):C(h) + x',
 'x*z*g - 1', '(g + h + x)**3', 'x:z:g + h', 'g:h:k', 'x + g:h + g', 'C(g):C(h):x + C(g)', '0 + g:x + h',
 'np.exp(z) + sqrt(x) + I(x/2 - z*3)', 'x - 1 + -1', '-1 + x + 1',
 "C(g,Treatment(reference = 'c'))", 'I( x**2 )+np.log( x )', 'I(-x+z*-2)', 'C(h)+C(h):C(k)', 'x:h + z:h + h',
]
out = []
for f in formulas:
    d = dict(data)
    m = patsy.dmatrix(f, d, return_type='matrix')
    out.append({'formula': f, 'names': m.design_info.column_names, 'values': np.asarray(m).tolist()})
data_json = {k: (v.tolist()) for k, v in data.items()}
json.dump({'data': data_json, 'cases': out}, open(__file__.replace('patsy_oracle.py', 'patsy-oracle.json'), 'w'))
print(len(out))
