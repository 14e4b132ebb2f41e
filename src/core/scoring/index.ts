export * from './task-score';
