import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatRequest } from '../../../src/core/models/chat-model';
import { ProviderCallError } from '../../../src/core/models/model-errors';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { batchJobId, InProcessRolloutQueue, queuedTargetForSpec, type RolloutJob, type RolloutQueue } from '../../../src/core/queue';
import { readJsonLines } from '../../../src/core/store/jsonl-file';
import { CallJournal, type JournalRecord } from '../../../src/core/training/call-journal';

const skill = '# Commit messages\nUse the imperative mood.';

/** A rollout of task `index` for `skillText`, as the rollout stage asks it of an API target. */
function rollout(index: number, skillText = skill): ChatRequest {
  return { label: 'rollout', messages: [{ role: 'system', content: skillText }, { role: 'user', content: `task ${index}` }] };
}

/** A worker model that answers each task with its number, except those listed as failing. */
function workerModel(failing: readonly number[] = []): ScriptedChatModel {
  return new ScriptedChatModel([], {
    fallback: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const task = Number(/task (\d+)/.exec(request.messages.at(-1)!.content)![1]);
      if (failing.includes(task)) throw new ProviderCallError({ provider: 'openai', kind: 'server', status: 500, message: `openai: HTTP 500 on task ${task}` });
      return `answer ${task}`;
    },
  });
}

/** An in-process queue over `worker` that records every job enqueued. */
function recordingQueue(worker: ScriptedChatModel): { queue: RolloutQueue; jobs: RolloutJob[] } {
  const inner = new InProcessRolloutQueue(async () => worker, 4);
  const jobs: RolloutJob[] = [];
  const queue: RolloutQueue = {
    enqueue: (job) => {
      jobs.push(job);
      return inner.enqueue(job);
    },
    onResult: (listener) => inner.onResult(listener),
    withdraw: (jobId) => inner.withdraw(jobId),
    status: () => inner.status(),
    close: () => inner.close(),
  };
  return { queue, jobs };
}

async function runJournal(): Promise<{ path: string; open(): Promise<CallJournal> }> {
  const folder = join(await mkdtemp(join(tmpdir(), 'batch-journal-')), '20261206-120000-batch1');
  await mkdir(folder);
  const path = join(folder, 'calls.jsonl');
  return { path, open: () => CallJournal.open(path) };
}

test("a stage's calls for one skill text run as one batch job, and each call is journaled one by one with its own reply", async () => {
  const worker = workerModel();
  const { queue, jobs } = recordingQueue(worker);
  const { path, open } = await runJournal();
  const journal = await open();
  const target = journal.wrap(queuedTargetForSpec(queue, 'openai:gpt-5-mini', { batchSize: 8 }), 'target', () => undefined);
  journal.beginUnit('step-0001');
  const replies = await Promise.all([0, 1, 2, 3, 4, 5].map((index) => target.complete(rollout(index))));
  assert.deepEqual(replies.map((reply) => reply.text), ['answer 0', 'answer 1', 'answer 2', 'answer 3', 'answer 4', 'answer 5']);
  assert.equal(jobs.length, 1, 'one job for the stage');
  assert.equal(jobs[0]!.data.calls.length, 6);
  assert.equal(jobs[0]!.data.account, 'openai https://api.openai.com/v1');
  assert.equal(jobs[0]!.id, batchJobId(jobs[0]!.data.calls.map((call) => call.key)));
  assert.equal(worker.calls.length, 6);
  await journal.flush();
  const records = await readJsonLines<JournalRecord>(path);
  const done = records.filter((record) => record.type === 'done');
  assert.equal(records.filter((record) => record.type === 'start').length, 6);
  assert.deepEqual(done.map((record) => (record.type === 'done' ? record.text : '')).sort(), ['answer 0', 'answer 1', 'answer 2', 'answer 3', 'answer 4', 'answer 5']);
  assert.equal(new Set(done.map((record) => record.key)).size, 6);
  // The job's calls are keyed by the journal's keys (scoped by the run folder).
  assert.deepEqual(jobs[0]!.data.calls.map((call) => call.key).sort(), done.map((record) => `20261206-120000-batch1.${record.key}`).sort());
});

test('calls beyond the batch size, or for another skill text, go in other jobs', async () => {
  const { queue, jobs } = recordingQueue(workerModel());
  const target = queuedTargetForSpec(queue, 'openai:gpt-5-mini', { batchSize: 4 });
  await Promise.all([...[0, 1, 2, 3, 4, 5].map((index) => target.complete({ ...rollout(index), callKey: `run.${index}` })), target.complete({ ...rollout(9, '# Another skill'), callKey: 'run.9' })]);
  assert.deepEqual(jobs.map((job) => job.data.calls.length).sort(), [1, 2, 4]);
  const other = jobs.find((job) => job.data.calls.some((call) => call.key === 'run.9'))!;
  assert.equal(other.data.calls.length, 1, 'a skill text of its own');
});

test("one call of a batch failing fails only that call: the others are answered and journaled, the failure journaled as failed", async () => {
  const worker = workerModel([2]);
  const { queue, jobs } = recordingQueue(worker);
  const { path, open } = await runJournal();
  const journal = await open();
  const target = journal.wrap(queuedTargetForSpec(queue, 'openai:gpt-5-mini'), 'target', () => undefined);
  journal.beginUnit('step-0001');
  const settled = await Promise.allSettled([0, 1, 2, 3].map((index) => target.complete(rollout(index))));
  assert.equal(jobs.length, 1);
  assert.deepEqual(settled.map((outcome) => outcome.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  const failure = (settled[2] as PromiseRejectedResult).reason as unknown;
  assert.ok(failure instanceof ProviderCallError, 'a task-level provider failure, as in-process');
  assert.equal(failure.kind, 'server');
  assert.match(failure.message, /HTTP 500 on task 2 \(on worker in-process\)/);
  await journal.flush();
  const records = await readJsonLines<JournalRecord>(path);
  assert.equal(records.filter((record) => record.type === 'done').length, 3);
  assert.equal(records.filter((record) => record.type === 'failed').length, 1);
});

test('resume with half a batch journaled: only the rest is sent, as a job of its own; a batch asked again with the same calls is reattached, not paid again', async () => {
  const worker = workerModel();
  const { queue, jobs } = recordingQueue(worker);
  const { open } = await runJournal();
  // The first session finished tasks 0-3 of the step, then died.
  const first = await open();
  const firstTarget = first.wrap(queuedTargetForSpec(queue, 'openai:gpt-5-mini'), 'target', () => undefined);
  first.beginUnit('step-0001');
  await Promise.all([0, 1, 2, 3].map((index) => firstTarget.complete(rollout(index))));
  await first.flush();
  assert.equal(worker.calls.length, 4);

  // The resumed session asks the whole step again: four calls replay from the journal, four go to the queue.
  const resumed = await open();
  const resumedTarget = resumed.wrap(queuedTargetForSpec(queue, 'openai:gpt-5-mini'), 'target', () => undefined);
  resumed.beginUnit('step-0001');
  const replies = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((index) => resumedTarget.complete(rollout(index))));
  assert.deepEqual(replies.map((reply) => reply.cached === true), [true, true, true, true, false, false, false, false]);
  assert.equal(worker.calls.length, 8, 'tasks 0-3 were not paid again');
  assert.equal(jobs.length, 2);
  const [done, rest] = jobs;
  assert.equal(rest!.data.calls.length, 4);
  assert.equal(rest!.id, batchJobId(rest!.data.calls.map((call) => call.key)));
  assert.notEqual(rest!.id, done!.id);

  // A third coordinator asking those same four calls (it died before journaling them) gets the job's result.
  const again = queuedTargetForSpec(queue, 'openai:gpt-5-mini');
  const reattached = await Promise.all(rest!.data.calls.map((call) => again.complete({ messages: call.request.messages, label: call.request.label, callKey: call.key })));
  assert.deepEqual(reattached.map((reply) => reply.text).sort(), ['answer 4', 'answer 5', 'answer 6', 'answer 7']);
  assert.equal(jobs.at(-1)!.id, rest!.id, 'the same job id, so the queue reattached it');
  assert.equal(worker.calls.length, 8, 'nothing was paid again');
});
