import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCapturedIo, type CliIo } from '../../src/cli/cli-io';
import { runMain } from '../../src/cli/run-main';
import { readLibraryRun } from '../../src/core/library/library-run-file';
import { listRuns } from '../../src/core/store/run-reader';

/** A workspace with the three bundled examples under skills/, like a fresh clone. */
async function cloneLikeWorkspace(): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), 'cli-train-all-'));
  await cp(resolve('skills'), join(workspace, 'skills'), { recursive: true });
  return workspace;
}

async function cli(workspace: string, args: string[], signal?: AbortSignal) {
  const io = createCapturedIo({ cwd: workspace, environment: {}, signal });
  const code = await runMain(args, io);
  return { code, stdout: io.stdoutText, stderr: io.stderrText, io };
}

test('from a fresh clone with no key, train-all trains the three examples, exits 0, and the leaderboard lists them with baseline and best', async () => {
  const workspace = await cloneLikeWorkspace();
  const trained = await cli(workspace, ['train-all', 'skills', '--epochs', '1', '--json']);
  assert.equal(trained.code, 0, trained.stderr);
  const summary = JSON.parse(trained.stdout) as { status: string; exitCode: number; skills: { name: string; status: string; runId: string; baselineScore: number; bestScore: number }[]; libraryRunId: string };
  assert.equal(summary.status, 'finished');
  assert.equal(summary.exitCode, 0);
  assert.deepEqual(summary.skills.map((skill) => [skill.name, skill.status]), [
    ['code-review-comments', 'finished'],
    ['commit-messages', 'finished'],
    ['landing-page-headlines', 'finished'],
  ]);
  assert.equal(trained.stderr, '', 'with --json and no terminal, nothing but the JSON is printed');

  const board = await cli(workspace, ['leaderboard', '--json']);
  assert.equal(board.code, 0);
  const rows = JSON.parse(board.stdout) as { skillName: string; latestBaseline: number; latestBest: number; runs: number }[];
  assert.deepEqual(rows.map((row) => row.skillName).sort(), ['code-review-comments', 'commit-messages', 'landing-page-headlines']);
  for (const row of rows) {
    const skill = summary.skills.find((entry) => entry.name === row.skillName)!;
    assert.equal(row.latestBaseline, skill.baselineScore);
    assert.equal(row.latestBest, skill.bestScore);
    assert.equal(row.runs, 1);
  }

  // The leaderboard comes from the run folders: losing the db.json cache changes nothing.
  await rm(join(workspace, '.skill-trainer', 'db.json'));
  assert.equal((await cli(workspace, ['leaderboard', '--json'])).stdout, board.stdout);

  // --only-changed: nothing changed, so nothing trains; then one skill changes and only it trains.
  const unchanged = await cli(workspace, ['train-all', 'skills', '--epochs', '1', '--only-changed', '--json']);
  assert.equal(unchanged.code, 0, unchanged.stderr);
  assert.deepEqual((JSON.parse(unchanged.stdout) as typeof summary).skills.map((skill) => skill.status), ['skipped', 'skipped', 'skipped']);
  const skillFile = join(workspace, 'skills', 'commit-messages', 'SKILL.md');
  await writeFile(skillFile, `${await readFile(skillFile, 'utf8')}\nKeep the subject short.\n`);
  const changed = await cli(workspace, ['train-all', 'skills', '--epochs', '1', '--only-changed', '--json']);
  assert.deepEqual((JSON.parse(changed.stdout) as typeof summary).skills.map((skill) => [skill.name, skill.status]), [
    ['code-review-comments', 'skipped'],
    ['commit-messages', 'finished'],
    ['landing-page-headlines', 'skipped'],
  ]);
  const history = JSON.parse((await cli(workspace, ['leaderboard', '--json', '--history'])).stdout) as { skillName: string; runs: number; history: unknown[] }[];
  assert.equal(history.find((row) => row.skillName === 'commit-messages')?.history.length, 2, 'a second finished run adds a point');
});

test('skill-trainer.config.yaml gives each skill its settings; flags win over it; a bad file is located', async () => {
  const workspace = await cloneLikeWorkspace();
  await writeFile(join(workspace, 'skill-trainer.config.yaml'), ['defaults:', '  epochs: 2', 'skills:', '  landing-page-headlines:', '    epochs: 1', '    gate: { metric: soft }', '  landing-page-headline:', '    epochs: 3', ''].join('\n'));
  const result = await cli(workspace, ['train-all', 'skills', '--parallel', '3']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: "skills\.landing-page-headline" in skill-trainer\.config\.yaml matches none of the skills trained here/);
  const runs = await listRuns(workspace);
  const config = async (name: string) => JSON.parse(await readFile(join(workspace, '.skill-trainer', 'runs', runs.find((run) => run.skillName === name)!.id, 'config.json'), 'utf8')) as { training: { epochs: number; gate: { metric: string } } };
  assert.equal((await config('commit-messages')).training.epochs, 2);
  assert.equal((await config('landing-page-headlines')).training.epochs, 1);
  assert.equal((await config('landing-page-headlines')).training.gate.metric, 'soft');

  const flagged = await cli(workspace, ['train', 'skills/landing-page-headlines', '--gate-metric', 'hard']);
  assert.equal(flagged.code, 0, flagged.stderr);
  assert.match(flagged.stderr, /Settings from skill-trainer\.config\.yaml \(flags win over it\)/);
  const newest = (await listRuns(workspace))[0]!;
  const trainConfig = JSON.parse(await readFile(join(workspace, '.skill-trainer', 'runs', newest.id, 'config.json'), 'utf8')) as { training: { epochs: number; gate: { metric: string } } };
  assert.deepEqual([trainConfig.training.epochs, trainConfig.training.gate.metric], [1, 'hard'], 'train reads the file too; the flag wins');

  await writeFile(join(workspace, 'skill-trainer.config.yaml'), 'defaults:\n  epochs: many\n');
  const bad = await cli(workspace, ['train-all', 'skills']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /error: The settings file cannot be used: .*skill-trainer\.config\.yaml:2:\d+: at defaults\.epochs: /);
});

test('a library cap stops the library with exit 4; resume with a higher cap continues every skill in its own run', async () => {
  const workspace = await cloneLikeWorkspace();
  const first = await cli(workspace, ['train-all', 'skills', '--epochs', '1', '--max-tokens', '60000', '--json']);
  assert.equal(first.code, 4, first.stderr);
  const stopped = JSON.parse(first.stdout) as { libraryRunId: string; status: string; resume: string; skills: { status: string; message?: string }[] };
  assert.equal(stopped.status, 'stopped');
  assert.equal(stopped.resume, `skill-trainer resume ${stopped.libraryRunId}`);
  assert.ok(stopped.skills.some((skill) => skill.status === 'budget_stopped' && /Library budget reached/.test(skill.message ?? '')), first.stdout);

  const resumed = await cli(workspace, ['resume', stopped.libraryRunId, '--max-tokens', '100000000', '--json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  const done = JSON.parse(resumed.stdout) as { status: string; skills: { status: string; runId: string }[] };
  assert.equal(done.status, 'finished');
  assert.deepEqual(done.skills.map((skill) => skill.status), ['finished', 'finished', 'finished']);
  // Resumed skills continued their own runs: still one run per skill.
  assert.equal((await listRuns(workspace)).length, 3);
  const record = await readLibraryRun(workspace, stopped.libraryRunId);
  assert.deepEqual(record.skills.map((skill) => skill.runId), done.skills.map((skill) => skill.runId));
});

test('Ctrl-C stops every run at a safe point with exit 130; resume of the library run finishes them', async () => {
  const workspace = await cloneLikeWorkspace();
  const controller = new AbortController();
  const captured = createCapturedIo({ cwd: workspace, environment: { SKILL_TRAINER_SIM_LATENCY_MS: '5' }, signal: controller.signal });
  const io: CliIo = {
    ...captured,
    stderr: {
      isTTY: false,
      write: (text) => {
        captured.stderr.write(text);
        if (/step 1:/.test(text)) controller.abort();
      },
    },
  };
  assert.equal(await runMain(['train-all', 'skills', '--epochs', '2', '--parallel', '1'], io), 130, captured.stderrText);
  const libraryRunId = /Continue it with: skill-trainer resume (lib-[\w-]+)/.exec(captured.stdoutText)?.[1];
  assert.ok(libraryRunId, captured.stdoutText);
  const record = await readLibraryRun(workspace, libraryRunId);
  assert.deepEqual(record.skills.map((skill) => skill.outcome.status), ['cancelled', 'queued', 'queued']);
  const listed = await cli(workspace, ['runs']);
  assert.match(listed.stdout, new RegExp(`Library runs \\(resume one with: skill-trainer resume <library-run-id>\\):\\n.*\\n${libraryRunId} +cancelled +1 cancelled, 2 queued`));
  const resumed = await cli(workspace, ['resume', libraryRunId]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /Library run lib-[\w-]+ resumed: 3 of 3 skills to train/);
  assert.equal((await listRuns(workspace)).length, 3);
});
