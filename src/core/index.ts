/**
 * The public API of the Skill Trainer core, bundled as `dist/core.js`.
 * Each area exports through its own barrel; add exports there, not here.
 */
export * from './errors';
export * from './skill';
export * from './tasks';
export * from './scoring';
export * from './models';
export * from './evaluation';
export * from './training';
export * from './store';
export * from './library';
