import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareLibrarySkills } from '../../../src/core/library/prepare-library-run';
import { startLibraryRun } from '../../../src/core/library/library-run';
import { readSkillLeaderboard } from '../../../src/core/library/skill-leaderboard';
import { ProviderCallError } from '../../../src/core/models/model-errors';
import { exampleWorkspace, simModelFactory, simSpecs } from './library-test-support';

test('the leaderboard puts what needs attention first: a failed latest run, then no improvement; each finished run is a point', async () => {
  const { workspace, skillDirectories } = await exampleWorkspace();
  const train = async (directories: string[], fail?: string) =>
    startLibraryRun({
      workspaceRoot: workspace,
      skills: await prepareLibrarySkills({ workspaceRoot: workspace, skillDirectories: directories, fallbackModels: simSpecs, trusted: true, flags: { training: { epochs: 1 } } }),
      options: { parallel: 3, concurrency: 8, onlyChanged: false },
      createModel: simModelFactory({
        wrap: (model, skill) =>
          skill.name === fail
            ? { ...model, complete: () => Promise.reject(new ProviderCallError({ provider: 'sim', kind: 'auth', status: 401, message: 'key refused (test)' })) }
            : model,
      }),
      trusted: true,
    });
  await train(skillDirectories);
  const second = await train([skillDirectories[2]!], 'landing-page-headlines');
  assert.equal(second.skills[0]?.outcome.status, 'failed');

  const rows = await readSkillLeaderboard(workspace);
  assert.deepEqual(rows.map((row) => row.skillName), ['landing-page-headlines', 'code-review-comments', 'commit-messages']);
  const [landing, review, commits] = rows as [typeof rows[0], typeof rows[0], typeof rows[0]];
  assert.match(landing.attention!, /^latest run \S+ failed: resume it with skill-trainer resume \S+/);
  assert.equal(landing.runs, 2);
  assert.equal(landing.finishedRuns, 1, 'the failed run adds no point');
  assert.equal(landing.latestBest, 0.75, 'the latest finished run still gives the score');
  assert.equal(review.attention, 'training found no improvement on validation');
  assert.equal(commits.attention, undefined);
  assert.equal(commits.history.length, 1);
  const point = commits.history[0]!;
  assert.deepEqual([point.baseline, point.best, point.metric], [1 / 3, 0.5, 'hard']);
  assert.ok(point.acceptedEdits > 0, 'the accepted step kept some edits');
  assert.equal(typeof point.testBefore, 'number');
  assert.equal(commits.delta, point.best - point.baseline!);
  assert.equal(commits.totalCostUsd, 0);

  // Derived from the run folders: the same without the index.
  await rm(join(workspace, '.skill-trainer', 'db.json'));
  assert.deepEqual(await readSkillLeaderboard(workspace), rows);
});
