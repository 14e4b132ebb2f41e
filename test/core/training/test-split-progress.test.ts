import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainingEvent } from '../../../src/core/training/training-events';
import { runExample } from './sim-run-helpers';

// The test split scores the baseline, best and final skills at once. Their progress is
// one count (a progress bar that went 4/6 → 3/6 when each reported its own was seen in
// VS Code), rising to every task of every distinct skill.
test('the test split reports one rising count over the skills it scores at once', async () => {
  const events: TrainingEvent[] = [];
  const { result, tasks } = await runExample({ input: { onEvent: (event) => events.push(event) } });
  assert.equal(result.status, 'finished');
  const progress = events.filter((event): event is Extract<TrainingEvent, { type: 'rollout_progress' }> => event.type === 'rollout_progress' && event.phase === 'test');
  assert.ok(progress.length > 0, 'no test-split progress');
  const totals = new Set(progress.map((event) => event.total));
  assert.equal(totals.size, 1, `one total for the phase: ${[...totals].join(', ')}`);
  const [total] = totals;
  assert.ok(total! > tasks.test.length && total! % tasks.test.length === 0, `${total} counts the tasks of every distinct skill (${tasks.test.length} each)`);
  progress.forEach((event, index) => assert.ok(index === 0 || event.done >= progress[index - 1]!.done, `went backwards: ${progress.map((e) => e.done).join(', ')}`));
  assert.equal(progress.at(-1)!.done, total);
});
