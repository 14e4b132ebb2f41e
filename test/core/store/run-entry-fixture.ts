import type { RunIndexEntry } from '../../../src/core/store/run-records';

/** A finished run of a demo skill, to create in a test store (`RunStore.createRun`); override what a test needs. */
export function runEntry(overrides: Partial<Omit<RunIndexEntry, 'id'>> = {}): Omit<RunIndexEntry, 'id'> {
  return {
    skillPath: '/skills/demo/SKILL.md',
    skillName: 'demo',
    status: 'finished',
    startedAt: '2026-01-01T10:00:00.000Z',
    gateMetric: 'hard',
    costUsd: 0,
    stepsDone: 4,
    totalSteps: 4,
    baselineScore: 0.25,
    models: { target: 'sim:demo', optimizer: 'sim:demo' },
    ...overrides,
  };
}
