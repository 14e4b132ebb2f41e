import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentTrajectory, TrajectoryStep } from '../../../src/core/models/agent-trajectory';
import { boundTrajectory, clipMiddle, stepCharacters, trajectoryLength } from '../../../src/core/models/bound-trajectory';

test('a long text keeps its beginning and its end around an exact count of what was cut', () => {
  const text = `BEGIN${'x'.repeat(9_990)}END!!`;
  const clipped = clipMiddle(text, 1_000);
  assert.ok(clipped.startsWith(`BEGIN${'x'.repeat(495)}\n[… 9000 characters left out …]\n`));
  assert.ok(clipped.endsWith('END!!'));
  assert.equal(clipMiddle('short', 1_000), 'short');
});

test('a text cut twice counts every character left out, including the first cut', () => {
  const original = 'a'.repeat(50_000);
  const twice = clipMiddle(clipMiddle(original, 10_000), 2_000);
  assert.match(twice, /\[… 48000 characters left out …\]/);
  assert.equal(twice.match(/left out/g)?.length, 1, 'one note');
});

test('a trajectory over its total keeps its first and last steps and says how many steps and characters it left out', () => {
  const steps: TrajectoryStep[] = Array.from({ length: 100 }, (_, index) =>
    index % 2 === 0 ? { type: 'tool_call', name: 'Bash', input: `step ${index}` } : { type: 'tool_result', name: 'Bash', output: 'o'.repeat(500) },
  );
  const trajectory: AgentTrajectory = { steps, skippedLines: 2 };
  const bounded = boundTrajectory(trajectory, { fieldCharacters: 400, totalCharacters: 4_000 });
  const kept = bounded.steps.reduce((sum, step) => sum + stepCharacters(step), 0);
  assert.ok(kept <= 4_000, `kept ${kept} characters`);
  assert.deepEqual(bounded.steps[0], steps[0]);
  assert.deepEqual(bounded.steps.at(-1), { ...steps[99], output: clipMiddle('o'.repeat(500), 400) });
  const omitted = bounded.steps.filter((step) => step.type === 'omitted');
  assert.equal(omitted.length, 1);
  assert.equal(trajectoryLength(bounded), 100, 'the omitted steps are still counted');
  assert.equal(bounded.skippedLines, 2);
  // Bounding again, tighter, merges what was omitted before with what is omitted now.
  const tighter = boundTrajectory(bounded, { fieldCharacters: 400, totalCharacters: 1_000 });
  assert.equal(tighter.steps.filter((step) => step.type === 'omitted').length, 1);
  assert.equal(trajectoryLength(tighter), 100);
});

test('a trajectory within its bounds is returned as it was', () => {
  const trajectory: AgentTrajectory = { steps: [{ type: 'text', text: 'hello' }, { type: 'notice', message: 'warning: slow' }], skippedLines: 0 };
  assert.deepEqual(boundTrajectory(trajectory, { fieldCharacters: 100, totalCharacters: 1_000 }), trajectory);
});
