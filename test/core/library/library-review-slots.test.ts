import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareLibrarySkills } from '../../../src/core/library/prepare-library-run';
import { startLibraryRun } from '../../../src/core/library/library-run';
import { TrainingSlots } from '../../../src/core/library/training-slots';
import type { ReviewRequest } from '../../../src/core/training/review-gate';
import { exampleWorkspace, simModelFactory, simSpecs } from './library-test-support';

test('a skill waiting for review lends its slot: with --parallel 1 the other skills train meanwhile', async () => {
  const { workspace, skillDirectories } = await exampleWorkspace();
  const prepared = await prepareLibrarySkills({ workspaceRoot: workspace, skillDirectories, fallbackModels: simSpecs, trusted: true, flags: { training: { epochs: 1 } } });
  // Only commit-messages (first in the queue here) is trained in review mode.
  const reviewed = prepared.find((skill) => skill.name === 'commit-messages')!;
  prepared.splice(prepared.indexOf(reviewed), 1);
  prepared.unshift(reviewed);
  (reviewed.settings!.training as { gate: { mode: string } }).gate.mode = 'review';

  let othersDone!: () => void;
  const othersFinished = new Promise<void>((resolve) => (othersDone = resolve));
  const finished = new Set<string>();
  const requests: ReviewRequest[] = [];
  const result = await startLibraryRun({
    workspaceRoot: workspace,
    skills: prepared,
    options: { parallel: 1, concurrency: 8, onlyChanged: false },
    createModel: simModelFactory({ latencyMs: 1 }),
    trusted: true,
    review: (skill) =>
      skill.name !== 'commit-messages'
        ? undefined
        : async (request) => {
            requests.push(request);
            // The person answers only after every other skill finished: without the lent slot this never happens.
            let timer: ReturnType<typeof setTimeout> | undefined;
            const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the other skills never trained while a review waited')), 60_000)));
            await Promise.race([othersFinished, timeout]).finally(() => clearTimeout(timer));
            return { acceptedEdits: request.kind === 'step' ? request.selectedEdits.map((_, index) => index) : [0] };
          },
    onEvent: (event) => {
      if (event.type !== 'skill_changed' || event.skill.outcome.status !== 'finished') return;
      finished.add(event.skill.name);
      if (finished.has('code-review-comments') && finished.has('landing-page-headlines')) othersDone();
    },
  });
  assert.ok(requests.length > 0, 'commit-messages asked for a review');
  assert.equal(result.status, 'finished', JSON.stringify(result.skills));
  assert.deepEqual([...finished].at(-1), 'commit-messages', 'the reviewed skill finished last, after the others used its slot');
});

test('slots: at most N at once, a skill back from review goes before queued skills', async () => {
  const slots = new TrainingSlots(1);
  const order: string[] = [];
  await slots.acquire();
  const queued = slots.acquire().then(() => order.push('queued'));
  slots.release(); // the holder went to review: the queued skill takes the slot
  await queued;
  const back = slots.acquire({ returning: true }).then(() => order.push('returning'));
  const later = slots.acquire().then(() => order.push('later'));
  assert.equal(slots.waiting, 2);
  slots.release();
  await back;
  slots.release();
  await later;
  assert.deepEqual(order, ['queued', 'returning', 'later']);
});
