import { afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { comparableSteps } from '../core/training/sim-run-helpers';
import {
  answeredTargetCalls,
  assertNothingFinishedAskedAgain,
  callsDone,
  exampleWorkspace,
  jobsDone,
  perSkillResults,
  startCli,
  startWorker,
  waitFor,
  workerReady,
  useQueueTestBed,
  type CliProcess,
  type SkillSummary,
} from './queue-processes';

/** Every run here: one epoch over the three example skills, in the simulated world. */
const trainAll = (root: string, extra: string[] = []) => ['train-all', join(root, 'skills'), '--workspace', root, '--epochs', '1', '--json', ...extra];

const bed = useQueueTestBed();
let expectedLibrary: Record<string, unknown>;
const workers: CliProcess[] = [];

before(async () => {
  const root = await exampleWorkspace('queue-reference');
  const reference = startCli(trainAll(root), 0);
  const { code } = await reference.exited;
  assert.equal(code, 0, reference.stderr());
  expectedLibrary = await perSkillResults(root, (JSON.parse(reference.stdout()) as { skills: SkillSummary[] }).skills);
});

/** Each test's workers stop at its end, so the next test's jobs go only to its own. */
async function stopWorkers(): Promise<void> {
  for (const worker of workers.splice(0)) await worker.kill();
}

afterEach(stopWorkers);

/**
 * Two fresh workers (their own names, so the heartbeats tell them apart), both up before
 * the coordinator starts: on a loaded machine one may take seconds longer to start, and a
 * short run's jobs would all go to the other.
 */
async function twoWorkers(test: string, options: { latencyMs: number; concurrency?: number }): Promise<[CliProcess, CliProcess]> {
  const pair: [CliProcess, CliProcess] = [startWorker(bed.redis().url, `${test}-1`, options), startWorker(bed.redis().url, `${test}-2`, options)];
  workers.push(...pair);
  await Promise.all(pair.map(workerReady));
  return pair;
}

async function finishedLibrary(coordinator: CliProcess): Promise<SkillSummary[]> {
  const { code } = await coordinator.exited;
  assert.equal(code, 0, coordinator.stderr());
  const summary = JSON.parse(coordinator.stdout()) as { status: string; skills: SkillSummary[] };
  assert.equal(summary.status, 'finished');
  return summary.skills;
}

test('train and train-all with 2 worker processes end exactly like the in-process runs with the same seed; each rollout runs once', { timeout: 300_000 }, async () => {
  const [first, second] = await twoWorkers('same', { latencyMs: 20 });
  const root = await exampleWorkspace('queue-same');
  const coordinator = startCli(trainAll(root, ['--queue', bed.redis().url]), 0);
  const skills = await finishedLibrary(coordinator);
  assert.deepEqual(await perSkillResults(root, skills), expectedLibrary);
  // Both workers took batch jobs, and together ran each answered target call exactly once.
  assert.ok(jobsDone(first) > 0 && jobsDone(second) > 0, `jobs: ${jobsDone(first)} and ${jobsDone(second)}`);
  const answered = await answeredTargetCalls(root, skills.map((skill) => skill.runId));
  assert.equal(callsDone(first) + callsDone(second), answered.size);
  // Calls travel in batches: fewer jobs than calls.
  assert.ok(jobsDone(first) + jobsDone(second) < answered.size, `${jobsDone(first) + jobsDone(second)} jobs for ${answered.size} calls`);

  // A single train: the same steps as in-process.
  const single = async (queue: string[]) => {
    const workspace = await exampleWorkspace('queue-train');
    const train = startCli(['train', join(workspace, 'skills', 'commit-messages'), '--workspace', workspace, '--epochs', '1', ...queue], 0);
    const { code } = await train.exited;
    assert.equal(code, 0, train.stderr());
    if (queue.length > 0) assert.match(train.stderr(), /Rollouts run on the queue at redis:\/\/127\.0\.0\.1:\d+\/?: 2 workers connected\./);
    const [runId] = (await readdir(join(workspace, '.skill-trainer', 'runs'))).filter((name) => !name.startsWith('.'));
    return comparableSteps(workspace, runId!);
  };
  assert.deepEqual(await single(['--queue', bed.redis().url]), await single([]));
});

test('a worker killed with SIGKILL mid-run: its jobs go to the other worker once their lock expires, and the run ends as in-process', { timeout: 300_000 }, async () => {
  // 150 ms per job and 2 at a time per worker: the kill finds jobs in flight.
  const [doomed, survivor] = await twoWorkers('kill', { latencyMs: 150, concurrency: 2 });
  const root = await exampleWorkspace('queue-worker-kill');
  const coordinator = startCli(trainAll(root, ['--queue', bed.redis().url]), 0);
  await waitFor(() => callsDone(doomed) >= 3, 120_000, 'the first worker to finish 3 calls');
  await doomed.kill('SIGKILL');
  const survivorAtKill = jobsDone(survivor);
  const skills = await finishedLibrary(coordinator);
  assert.ok(jobsDone(survivor) > survivorAtKill, 'the other worker went on');
  assert.deepEqual(await perSkillResults(root, skills), expectedLibrary);
});

test('the coordinator killed with SIGKILL, then resume: it takes the jobs finished meanwhile, pays no finished rollout again, and ends as in-process', { timeout: 300_000 }, async () => {
  const [first, second] = await twoWorkers('coordinator', { latencyMs: 100 });
  const root = await exampleWorkspace('queue-coordinator-kill');
  const coordinator = startCli(trainAll(root, ['--queue', bed.redis().url]), 0);
  await waitFor(() => callsDone(first) + callsDone(second) >= 12, 120_000, 'a dozen calls done');
  await coordinator.kill('SIGKILL');
  const [libraryRunId] = (await readdir(join(root, '.skill-trainer', 'library'))).filter((name) => !name.startsWith('.'));
  assert.ok(libraryRunId, 'the library run was recorded before the kill');
  const resumed = startCli(['resume', libraryRunId, '--workspace', root, '--json', '--queue', bed.redis().url], 0);
  const skills = await finishedLibrary(resumed);
  assert.deepEqual(await perSkillResults(root, skills), expectedLibrary);
  const runIds = skills.map((skill) => skill.runId);
  await assertNothingFinishedAskedAgain(root, runIds);
  // Every rollout ran on a worker exactly once, those finished while no coordinator listened included.
  assert.equal(callsDone(first) + callsDone(second), (await answeredTargetCalls(root, runIds)).size);
});

test('Redis restarted mid-run (its jobs lost): coordinator and workers reconnect, the lost jobs are added again, and the run ends as in-process', { timeout: 300_000 }, async () => {
  const [first, second] = await twoWorkers('restart', { latencyMs: 100 });
  const root = await exampleWorkspace('queue-redis-restart');
  const coordinator = startCli(trainAll(root, ['--queue', bed.redis().url]), 0);
  await waitFor(() => callsDone(first) + callsDone(second) >= 12, 120_000, 'a dozen calls done');
  const before = jobsDone(first) + jobsDone(second);
  await bed.redis().restart(1_000);
  const skills = await finishedLibrary(coordinator);
  assert.ok(jobsDone(first) + jobsDone(second) > before, 'the workers went on after the restart');
  assert.deepEqual(await perSkillResults(root, skills), expectedLibrary);
});
