import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root (this file lives in `test/`). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** `../shared/reference` beside the clone: lme4 and statsmodels reference fits. CI places `shared/` next to the repository. */
export const REFERENCE_DIR = process.env.MIXEDLM_REFERENCE_DIR ?? resolve(REPO_ROOT, '..', 'shared', 'reference');
