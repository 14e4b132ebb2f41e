export * from './evaluate-skill';
export * from './rollout-request';
export * from './task-files';
export * from './skill-payload';
export * from './evaluate-trials';
export * from './judge-noise';
