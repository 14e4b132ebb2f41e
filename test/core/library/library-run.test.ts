import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareLibrarySkills } from '../../../src/core/library/prepare-library-run';
import { startLibraryRun, resumeLibraryRun } from '../../../src/core/library/library-run';
import { readLibraryRun } from '../../../src/core/library/library-run-file';
import type { LibraryEvent } from '../../../src/core/library/library-events';
import { listRuns } from '../../../src/core/store/run-reader';
import { exampleWorkspace, simModelFactory, simSpecs } from './library-test-support';

const options = { parallel: 2, concurrency: 8, onlyChanged: false };

test('a library run trains every skill as its own run, records which run each got, and reports each skill by events', async () => {
  const { workspace, skillDirectories } = await exampleWorkspace();
  // A skill without tasks and one with a broken task file are skipped with the reason, never stopping the others.
  await mkdir(join(workspace, 'skills', 'no-tasks'));
  await writeFile(join(workspace, 'skills', 'no-tasks', 'SKILL.md'), '---\nname: no-tasks\ndescription: A skill without eval tasks.\n---\n# No tasks\n');
  await mkdir(join(workspace, 'skills', 'broken-tasks', 'evals'), { recursive: true });
  await writeFile(join(workspace, 'skills', 'broken-tasks', 'SKILL.md'), '---\nname: broken-tasks\ndescription: A skill with a broken task file.\n---\n# Broken\n');
  await writeFile(join(workspace, 'skills', 'broken-tasks', 'evals', 'evals.json'), '{"evals": [ {"id": 1} ]}');
  // Drafted tasks nobody reviewed are refused, as train refuses them.
  await mkdir(join(workspace, 'skills', 'drafted', 'evals'), { recursive: true });
  await writeFile(join(workspace, 'skills', 'drafted', 'SKILL.md'), '---\nname: drafted\ndescription: A skill whose tasks are unreviewed drafts.\n---\n# Drafted\n');
  await writeFile(join(workspace, 'skills', 'drafted', 'evals', 'evals.json'), JSON.stringify({ evals: [1, 2, 3, 4].map((id) => ({ id, prompt: `Task ${id}`, assert: [{ type: 'contains', value: 'x' }], draft: true })) }));
  const directories = [...skillDirectories, join(workspace, 'skills', 'no-tasks'), join(workspace, 'skills', 'broken-tasks'), join(workspace, 'skills', 'drafted')];
  const prepared = await prepareLibrarySkills({ workspaceRoot: workspace, skillDirectories: directories, fallbackModels: simSpecs, trusted: true, flags: { training: { epochs: 1 } } });
  assert.deepEqual(prepared.map((skill) => skill.outcome.status), ['queued', 'queued', 'queued', 'skipped', 'skipped', 'skipped']);
  assert.equal((prepared[5]!.outcome as { code: string }).code, 'tasks_unreviewed');

  const events: LibraryEvent[] = [];
  let running = 0;
  let mostRunning = 0;
  const result = await startLibraryRun({
    workspaceRoot: workspace,
    skills: prepared,
    options,
    createModel: simModelFactory({ latencyMs: 5 }),
    trusted: true,
    onEvent: (event) => {
      events.push(event);
      if (event.type === 'training_event' && event.event.type === 'run_started') mostRunning = Math.max(mostRunning, ++running);
      if (event.type === 'training_event' && event.event.type === 'run_finished') running -= 1;
    },
  });
  assert.equal(result.status, "finished", JSON.stringify(result.skills, null, 1));
  assert.equal(mostRunning, 2, 'two skills train at once (--parallel 2)');
  const byName = Object.fromEntries(result.skills.map((skill) => [skill.name, skill]));
  for (const name of ['code-review-comments', 'commit-messages', 'landing-page-headlines']) {
    const outcome = byName[name]!.outcome;
    assert.equal(outcome.status, 'finished', name);
    if (outcome.status !== 'finished') continue;
    assert.ok(outcome.bestScore >= (outcome.baselineScore ?? 1), `${name}: ${JSON.stringify(outcome)}`);
    assert.equal(byName[name]!.runId, outcome.runId);
  }
  assert.match((byName['no-tasks']!.outcome as { reason: string }).reason, /no eval tasks: create .*evals\.json/);
  assert.match((byName['broken-tasks']!.outcome as { reason: string }).reason, /Eval tasks cannot be loaded: .*evals\.json/);

  // Each skill is an ordinary run of the store; the library record links them and keeps the settings and order.
  const commitMessages = byName['commit-messages']!.outcome;
  assert.ok(commitMessages.status === 'finished' && commitMessages.bestScore > commitMessages.baselineScore!, 'the simulated optimizer improves commit-messages in one step');
  const runs = await listRuns(workspace);
  assert.equal(runs.length, 3);
  const record = await readLibraryRun(workspace, result.libraryRunId);
  assert.deepEqual(record.skills.map((skill) => skill.order), [0, 1, 2, 3, 4, 5]);
  assert.equal(record.skills[1]!.settings?.models.target, 'sim:target');
  assert.equal((record.skills[1]!.settings?.training as { epochs: number }).epochs, 1);
  assert.deepEqual(new Set(runs.map((run) => run.id)), new Set(record.skills.flatMap((skill) => (skill.runId ? [skill.runId] : []))));

  // A view sees each skill queued, then running with epoch, step and score, then finished.
  const seen = events.filter((event) => event.type === 'skill_changed' && event.skill.name === 'commit-messages').map((event) => (event.type === 'skill_changed' ? event.skill.outcome : undefined));
  assert.equal(seen[0]?.status, 'running');
  assert.ok(seen.some((outcome) => outcome?.status === 'running' && outcome.step === 1 && outcome.epoch === 1 && outcome.score !== undefined));
  assert.equal(seen.at(-1)?.status, 'finished');
  assert.equal(events[0]?.type, 'library_started');
  assert.equal(events.at(-1)?.type, 'library_finished');

  // Resuming a finished library run reruns nothing.
  const again = await resumeLibraryRun({ workspaceRoot: workspace, libraryRunId: result.libraryRunId, createModel: simModelFactory(), trusted: true });
  assert.deepEqual(again.skills.map((skill) => skill.outcome), result.skills.map((skill) => skill.outcome));
  assert.equal((await listRuns(workspace)).length, 3);
  assert.ok((await readFile(join(workspace, '.skill-trainer', 'library', result.libraryRunId, 'library.json'), 'utf8')).includes('"status": "finished"'));
});

test('stopping one skill ends its run cancelled while the others finish; resuming the library run trains only that one', async () => {
  const { workspace, skillDirectories } = await exampleWorkspace();
  const prepared = await prepareLibrarySkills({ workspaceRoot: workspace, skillDirectories, fallbackModels: simSpecs, trusted: true, flags: { training: { epochs: 1 } } });
  const stopCommitMessages = new AbortController();
  const result = await startLibraryRun({
    workspaceRoot: workspace,
    skills: prepared,
    options,
    createModel: simModelFactory({ latencyMs: 5 }),
    trusted: true,
    skillSignal: (skill) => (skill.name === 'commit-messages' ? stopCommitMessages.signal : undefined),
    onEvent: (event) => {
      if (event.type === 'training_event' && event.skillName === 'commit-messages' && event.event.type === 'step_started') stopCommitMessages.abort();
    },
  });
  const byName = Object.fromEntries(result.skills.map((skill) => [skill.name, skill]));
  assert.equal(byName['commit-messages']!.outcome.status, 'cancelled', JSON.stringify(byName['commit-messages']));
  const stoppedRunId = byName['commit-messages']!.runId;
  assert.ok(stoppedRunId, 'the stopped skill keeps its run, to be resumed');
  for (const name of ['code-review-comments', 'landing-page-headlines']) assert.equal(byName[name]!.outcome.status, 'finished', name);
  assert.equal(result.status, 'cancelled', 'a library run with a stopped skill can be resumed');

  const finishedRuns = result.skills.filter((skill) => skill.outcome.status === 'finished').map((skill) => skill.runId);
  const again = await resumeLibraryRun({ workspaceRoot: workspace, libraryRunId: result.libraryRunId, createModel: simModelFactory(), trusted: true });
  assert.equal(again.status, 'finished', JSON.stringify(again.skills, null, 1));
  const resumed = again.skills.find((skill) => skill.name === 'commit-messages')!;
  assert.equal(resumed.runId, stoppedRunId, 'the stopped run continues where it stopped');
  assert.deepEqual(again.skills.filter((skill) => skill.name !== 'commit-messages').map((skill) => skill.runId), finishedRuns);
  assert.equal((await listRuns(workspace)).length, 3);
});

test('a skill stopped before its turn is left untrained, and the library run is resumable', async () => {
  const { workspace, skillDirectories } = await exampleWorkspace();
  const prepared = await prepareLibrarySkills({ workspaceRoot: workspace, skillDirectories, fallbackModels: simSpecs, trusted: true, flags: { training: { epochs: 1 } } });
  const stopped = new AbortController();
  stopped.abort();
  const result = await startLibraryRun({
    workspaceRoot: workspace,
    skills: prepared,
    options: { ...options, parallel: 1 },
    createModel: simModelFactory({ latencyMs: 1 }),
    trusted: true,
    skillSignal: (skill) => (skill.name === 'landing-page-headlines' ? stopped.signal : undefined),
  });
  const landing = result.skills.find((skill) => skill.name === 'landing-page-headlines')!;
  assert.equal(landing.outcome.status, 'cancelled');
  assert.equal(landing.runId, undefined);
  assert.match((landing.outcome as { message: string }).message, /Stopped before it started/);
  assert.equal(result.status, 'cancelled');
  assert.equal((await listRuns(workspace)).length, 2);
});
