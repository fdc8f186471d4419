/** Issue 11: the README documents every error class and every warning code in one table, and nothing else. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as errors from '../../src/errors.js';
import { WARNING_CODES } from '../../src/model/warnings.js';
import { REPO_ROOT } from '../paths.js';

describe('README error and warning table', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Errors and warnings');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 5));
  const rows = section
    .split('\n')
    .filter((l) => /^\| `[^`]+` \| (error|warning) \|/.test(l))
    .map((l) => ({ name: /^\| `([^`]+)`/.exec(l)![1]!, kind: /^\| `[^`]+` \| (error|warning)/.exec(l)![1]! }));

  it('lists every exported error class exactly once', () => {
    const classes = Object.entries(errors)
      .filter(([, v]) => typeof v === 'function' && (v === errors.MixedLMError || v.prototype instanceof errors.MixedLMError))
      .map(([k]) => k)
      .sort();
    expect(rows.filter((r) => r.kind === 'error').map((r) => r.name).sort()).toEqual(classes);
  });

  it('lists every warning code exactly once', () => {
    expect(rows.filter((r) => r.kind === 'warning').map((r) => r.name).sort()).toEqual(Object.keys(WARNING_CODES).sort());
  });
});
