export * from './chat-model';
export * from './model-errors';
export * from './policies';
