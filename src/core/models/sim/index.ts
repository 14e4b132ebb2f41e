export * from './sim-hints';
export * from './simulated-world';
export * from './simulated-model';
