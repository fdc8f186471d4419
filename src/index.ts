export * from './errors.js';
export * as sparse from './sparse/index.js';
