export * from './evaluate-skill';
export * from './rollout-request';
export * from './task-files';
export * from './skill-payload';
export * from './compare-conditions';
export * from './benchmark-json';
export * from './evaluate-trials';
export * from './judge-noise';
