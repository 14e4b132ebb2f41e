export * from './store-errors';
export * from './run-records';
export * from './atomic-write';
export * from './jsonl-file';
export * from './run-lock';
export * from './run-index';
export * from './run-store';
export * from './run-reader';
