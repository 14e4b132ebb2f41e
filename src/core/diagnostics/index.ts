export * from './diagnostics-report';
export * from './diagnose-skill';
export * from './check-discrimination';
