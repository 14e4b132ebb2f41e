export * from './chat-model';
export * from './model-errors';
export * from './structured-reply';
export * from './scripted-chat-model';
export * from './policies';
export * from './model-spec';
export * from './create-chat-model';
export * from './adapters';
