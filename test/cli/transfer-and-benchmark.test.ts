import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { createCapturedIo } from '../../src/cli/cli-io';
import { listTransferChecks } from '../../src/core/library/transfer-checks-file';
import { runMain } from '../../src/cli/run-main';

async function workspaceWithExample(): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), 'cli-transfer-'));
  await cp(resolve('skills/landing-page-headlines'), join(workspace, 'skills', 'landing-page-headlines'), { recursive: true });
  return workspace;
}

async function cli(workspace: string, args: string[]) {
  const io = createCapturedIo({ cwd: workspace, environment: {} });
  return { code: await runMain(args, io), stdout: io.stdoutText, stderr: io.stderrText };
}

test('transfer with two sim: targets prints the matrix: no skill, original, trained, and trained − original with 95 % intervals', async () => {
  const workspace = await workspaceWithExample();
  assert.equal((await cli(workspace, ['transfer', 'skills/landing-page-headlines', '--targets', 'sim:a'])).code, 1, 'no finished run yet');
  const train = await cli(workspace, ['train', 'skills/landing-page-headlines', '--epochs', '1']);
  assert.equal(train.code, 0, train.stderr);
  const matrix = await cli(workspace, ['transfer', 'skills/landing-page-headlines', '--targets', 'sim:alpha, sim:beta']);
  assert.equal(matrix.code, 0, matrix.stderr);
  assert.match(matrix.stdout, /Transfer of landing-page-headlines \(run [\w-]+\): 4 test tasks, hard score/);
  assert.match(matrix.stdout, /target +no skill +original +trained +trained − original/);
  const cell = String.raw`[+-]?\d\.\d{3} \[[+-]?\d\.\d{3}, [+-]?\d\.\d{3}\]`;
  for (const target of ['sim:alpha', 'sim:beta']) assert.match(matrix.stdout, new RegExp(`${target} +${cell} +${cell} +${cell} +${cell}`));

  const json = await cli(workspace, ['transfer', 'skills/landing-page-headlines', '--targets', 'sim:alpha,sim:beta', '--json']);
  const result = JSON.parse(json.stdout) as { rows: { target: string; noSkill: { mean: number }; original: { mean: number }; trained: { mean: number; low: number; high: number }; delta: { mean: number } }[] };
  assert.deepEqual(result.rows.map((row) => row.target), ['sim:alpha', 'sim:beta']);
  for (const row of result.rows) {
    assert.ok(Math.abs(row.delta.mean - (row.trained.mean - row.original.mean)) < 1e-9, 'the delta is trained − original over the same tasks');
    assert.ok(row.trained.low <= row.trained.mean && row.trained.mean <= row.trained.high);
    assert.ok(row.noSkill.mean <= row.original.mean, 'in the simulated world a target follows no convention without a skill');
  }
  assert.equal((await cli(workspace, ['transfer', 'skills/landing-page-headlines', '--targets', ' , '])).code, 1);

  // The check is kept beside the run, where VS Code's Transfer page reads it too; the newer check replaced the older.
  assert.match(matrix.stdout, /Saved to .*\.skill-trainer[\\/]runs[\\/][\w-]+[\\/]transfer\.json/);
  const saved = await listTransferChecks(workspace);
  assert.equal(saved.length, 1);
  assert.deepEqual(saved[0]!.rows.map((row) => row.target), ['sim:alpha', 'sim:beta']);
  assert.deepEqual(saved[0]!.rows, result.rows);
  assert.equal(saved[0]!.skillName, 'landing-page-headlines');
  assert.equal(saved[0]!.costUsd, 0);
});

/** benchmark.json as skill-creator's schema documents it (references/schemas.md) and its viewer reads it. */
const statistics = z.object({ mean: z.number().nullable(), stddev: z.number().nullable() });
const benchmarkSchema = z.object({
  metadata: z.object({ skill_name: z.string(), skill_path: z.string(), executor_model: z.string(), timestamp: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), evals_run: z.array(z.union([z.number(), z.string()])), runs_per_configuration: z.number() }),
  runs: z.array(
    z.object({
      eval_id: z.union([z.number(), z.string()]),
      eval_name: z.string(),
      configuration: z.enum(['with_skill', 'without_skill']),
      run_number: z.number().int(),
      result: z.object({ pass_rate: z.number().min(0).max(1), passed: z.number().int(), total: z.number().int(), time_seconds: z.number().nullable(), tokens: z.number().nullable(), errors: z.number() }),
      expectations: z.array(z.object({ text: z.string(), passed: z.boolean(), evidence: z.string() })),
      notes: z.array(z.string()),
    }),
  ),
  run_summary: z.object({
    with_skill: z.object({ pass_rate: statistics, time_seconds: statistics, tokens: statistics }),
    without_skill: z.object({ pass_rate: statistics, time_seconds: statistics, tokens: statistics }),
    delta: z.object({ pass_rate: z.string().regex(/^[+-]\d+\.\d\d$/), time_seconds: z.string().regex(/^[+-]\d+\.\d$/), tokens: z.string().regex(/^[+-]\d+$/) }),
  }),
  notes: z.array(z.string()),
});

test('eval --baseline reports with / without / delta; --benchmark writes a valid benchmark.json', async () => {
  const workspace = await workspaceWithExample();
  const report = await cli(workspace, ['eval', 'skills/landing-page-headlines', '--target', 'sim:t', '--judge', 'sim:j', '--baseline']);
  assert.equal(report.code, 0, report.stderr);
  assert.match(report.stdout, /Baseline: the same tasks without the skill/);
  assert.match(report.stdout, /hard {2}with \d\.\d{3} \[[\d., ]+\] {2}without 0\.000 \[0\.000, 0\.000\] {2}delta [+-]\d\.\d{3}/);

  const written = await cli(workspace, ['eval', 'skills/landing-page-headlines', '--target', 'sim:t', '--judge', 'sim:j', '--baseline', '--benchmark', 'out.json', '--json']);
  assert.equal(written.code, 0, written.stderr);
  const benchmark = benchmarkSchema.parse(JSON.parse(await readFile(join(workspace, 'out.json'), 'utf8')));
  const tasks = (JSON.parse(written.stdout) as { tasks: unknown[]; baseline: { hard: { delta: { mean: number } } } });
  assert.equal(benchmark.runs.length, 2 * tasks.tasks.length, 'one run per task and configuration');
  assert.equal(benchmark.metadata.executor_model, 'sim:t');
  assert.ok(benchmark.run_summary.with_skill.pass_rate.mean! > benchmark.run_summary.without_skill.pass_rate.mean!);
  assert.equal(benchmark.run_summary.delta.pass_rate, `+${(benchmark.run_summary.with_skill.pass_rate.mean! - benchmark.run_summary.without_skill.pass_rate.mean!).toFixed(2)}`);
  assert.equal(typeof tasks.baseline.hard.delta.mean, 'number');

  // With trials, every configuration runs as many times: one run per task, trial and configuration.
  const trials = await cli(workspace, ['eval', 'skills/landing-page-headlines', '--target', 'sim:t', '--judge', 'sim:j', '--trials', '2', '--benchmark', 'trials.json', '--json']);
  assert.equal(trials.code, 0, trials.stderr);
  const repeated = benchmarkSchema.parse(JSON.parse(await readFile(join(workspace, 'trials.json'), 'utf8')));
  assert.equal(repeated.metadata.runs_per_configuration, 2);
  assert.equal(repeated.runs.length, 2 * 2 * benchmark.metadata.evals_run.length);
  assert.deepEqual([...new Set(repeated.runs.map((run) => run.run_number))], [1, 2]);
});
