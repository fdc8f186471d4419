/**
 * Plots of fits as SVG strings (no DOM, no `node:` imports): caterpillar,
 * profile, residual and bootstrap plots.
 *
 * @example
 * ```ts
 * import { plotCaterpillar } from './plot/index.js';
 * const svg = plotCaterpillar(fit);
 * ```
 */
export { plotCaterpillar, type CaterpillarOptions } from './caterpillar.js';
export { plotProfile, type ProfilePlotOptions } from './profile.js';
export { plotResiduals, type ResidualsOptions } from './residuals.js';
export { plotBootstrap, type BootstrapPlotOptions } from './bootstrap.js';
export { fitEffects } from './effects.js';
export { normalQQ } from './qq.js';
