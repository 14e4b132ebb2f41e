export * from './evaluate-skill';
export * from './rollout-request';
export * from './task-files';
export * from './skill-payload';
