import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatModel } from '../../../src/core/models/chat-model';
import { ProviderCallError } from '../../../src/core/models/model-errors';
import { prepareLibrarySkills } from '../../../src/core/library/prepare-library-run';
import { startLibraryRun } from '../../../src/core/library/library-run';
import { exampleWorkspace, simModelFactory, simSpecs } from './library-test-support';

/** Watches every call that reaches a model, across all runs of the library. */
function callWatcher() {
  const calls: { skill: string; start: number; inFlightAtStart: number; afterRateLimit: boolean }[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  let rateLimited = false;
  const skillsInFlight = new Map<string, number>();
  /** Target rollouts in flight per skill: a rollout stage queues many more behind them. */
  const rolloutsInFlight = new Map<string, number>();
  let overlapped = false;
  let clock = 0;
  /** Which run got the 429, and the other run, busy with rollouts at that moment. */
  const rateLimit: { limited?: string; other?: string } = {};
  /** `busy`: one call gets a 429 at a moment when another run has that many rollouts in flight, early in its run. */
  const wrap = (model: ChatModel, skill: { name: string }, options: { busy?: number } = {}): ChatModel => {
    return {
      ...model,
      complete: async (request) => {
        // Early in the other run (so it has many calls still to make), with rollouts in flight and more queued.
        const other = [...rolloutsInFlight].find(([name, count]) => name !== skill.name && count >= (options.busy ?? Infinity) && calls.filter((call) => call.skill === name).length < 60)?.[0];
        if (other && !rateLimited) {
          rateLimited = true;
          Object.assign(rateLimit, { limited: skill.name, other });
          throw new ProviderCallError({ provider: model.provider, kind: 'rate_limit', status: 429, retryAfterMs: 1, message: 'rate limited (test)' });
        }
        calls.push({ skill: skill.name, start: clock++, inFlightAtStart: inFlight, afterRateLimit: rateLimited });
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        skillsInFlight.set(skill.name, (skillsInFlight.get(skill.name) ?? 0) + 1);
        const rollout = request.label === 'rollout';
        if (rollout) rolloutsInFlight.set(skill.name, (rolloutsInFlight.get(skill.name) ?? 0) + 1);
        if ([...skillsInFlight.values()].filter((value) => value > 0).length > 1) overlapped = true;
        try {
          return await model.complete(request);
        } finally {
          inFlight -= 1;
          skillsInFlight.set(skill.name, skillsInFlight.get(skill.name)! - 1);
          if (rollout) rolloutsInFlight.set(skill.name, rolloutsInFlight.get(skill.name)! - 1);
        }
      },
    };
  };
  return { calls, wrap, rateLimit, get mostInFlight() { return mostInFlight; }, get overlapped() { return overlapped; } };
}

test('skills training in parallel share one limiter per provider: together they never exceed its concurrency', async () => {
  const { workspace, skillDirectories } = await exampleWorkspace();
  const prepared = await prepareLibrarySkills({ workspaceRoot: workspace, skillDirectories, fallbackModels: simSpecs, trusted: true, flags: { training: { epochs: 1 } } });
  const watcher = callWatcher();
  const result = await startLibraryRun({
    workspaceRoot: workspace,
    skills: prepared,
    options: { parallel: 3, concurrency: 3, onlyChanged: false },
    createModel: simModelFactory({ latencyMs: 3, wrap: (model, skill) => watcher.wrap(model, skill) }),
    trusted: true,
  });
  assert.equal(result.status, 'finished');
  assert.ok(watcher.overlapped, 'the three runs had calls in flight at the same time');
  assert.equal(watcher.mostInFlight, 3, 'three runs together stay at the provider limit of 3 (each run alone could send 3)');
});

test('a 429 seen by one run slows every run on that provider', async () => {
  const { workspace, skillDirectories } = await exampleWorkspace();
  const prepared = await prepareLibrarySkills({ workspaceRoot: workspace, skillDirectories: skillDirectories.slice(0, 2), fallbackModels: simSpecs, trusted: true, flags: { training: { epochs: 1 } } });
  const watcher = callWatcher();
  await startLibraryRun({
    workspaceRoot: workspace,
    skills: prepared,
    options: { parallel: 2, concurrency: 4, onlyChanged: false },
    createModel: simModelFactory({ latencyMs: 3, wrap: (model, skill) => watcher.wrap(model, skill, { busy: 2 }) }),
    retry: { baseDelayMs: 1 },
    trusted: true,
  });
  // The 429 came to one run while the other had rollouts in flight and more queued (its own
  // limit would allow 4). The limit fell from 4 to 2 for the whole provider: the next calls
  // (before 8 successes raise it again) find at most one other call in flight, the other run's included.
  const { limited, other } = watcher.rateLimit;
  assert.ok(limited && other && limited !== other, 'one run got a 429 while the other was busy');
  const after = watcher.calls.filter((call) => call.afterRateLimit);
  const window = after.slice(0, 5);
  assert.ok(after.some((call) => call.skill === other), `the other run kept calling after the 429: ${after.length} calls after it`);
  for (const call of window) assert.ok(call.inFlightAtStart <= 1, `a call of ${call.skill} started with ${call.inFlightAtStart} others in flight after the 429`);
});
