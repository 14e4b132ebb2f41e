/**
 * Runs the README's GitHub Actions workflow locally: every `run:` step in order (the
 * one that builds the command line from its repository aside; the command line under
 * test stands in for it), in a repository holding the example skills, with GitHub's
 * step files (GITHUB_OUTPUT, GITHUB_ENV) and expressions. Steps that `uses:` an action
 * are checked for what they are given, not run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

interface Workflow {
  on: { schedule: { cron: string }[] };
  jobs: { train: { env: Record<string, string>; steps: Step[] } };
}

async function readmeWorkflow(): Promise<Workflow> {
  const readme = await readFile('README.md', 'utf8');
  const block = /```yaml\n(# \.github\/workflows\/train-skills\.yml\n[\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the README holds the workflow');
  return parse(block[1]!) as Workflow;
}

/** GitHub's `${{ }}` expressions the workflow uses: step outputs, the runner's temp folder; secrets and tokens are empty here. */
function evaluate(text: string, context: { outputs: Record<string, Record<string, string>>; runnerTemp: string }): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (output) return context.outputs[output[1]!]?.[output[2]!] ?? '';
    if (expression === 'runner.temp') return context.runnerTemp;
    return '';
  });
}

function readKeyValues(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/** One night: the workflow's run steps in order, as the runner would; returns each step's exit status. */
async function runNight(workflow: Workflow, repository: string, runnerTemp: string, binFolder: string): Promise<Record<string, number>> {
  const cli = `${process.execPath} --require ${resolve('scripts/register-text-modules.cjs')} --import ${resolve('node_modules/tsx/dist/loader.mjs')} ${resolve('src/cli/main.ts')}`;
  const outputs: Record<string, Record<string, string>> = {};
  const exported: Record<string, string> = { SKILL_TRAINER: cli };
  const statuses: Record<string, number> = {};
  let failed = false;
  for (const [index, step] of workflow.jobs.train.steps.entries()) {
    if (!step.run || step.id === 'build-cli') continue;
    if (failed && step.if !== 'always()') continue;
    const outputFile = join(runnerTemp, `output-${index}`);
    const envFile = join(runnerTemp, `env-${index}`);
    await writeFile(outputFile, '');
    await writeFile(envFile, '');
    const stepEnv = Object.fromEntries(Object.entries({ ...workflow.jobs.train.env, ...step.env }).map(([key, value]) => [key, evaluate(String(value), { outputs, runnerTemp })]));
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', evaluate(step.run, { outputs, runnerTemp })], {
      cwd: repository,
      encoding: 'utf8',
      env: { PATH: `${binFolder}:${process.env.PATH}`, HOME: process.env.HOME, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: outputFile, GITHUB_ENV: envFile, GITHUB_WORKFLOW: 'Train skills', ...exported, ...stepEnv },
      timeout: 300_000,
    });
    statuses[step.name ?? step.id ?? String(index)] = result.status ?? -1;
    if (result.status !== 0) {
      failed = true;
      assert.fail(`step "${step.name}" exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    }
    if (step.id) outputs[step.id] = readKeyValues(await readFile(outputFile, 'utf8'));
    Object.assign(exported, readKeyValues(await readFile(envFile, 'utf8')));
  }
  return statuses;
}

test("the README's nightly workflow: its commands train the changed skills, write them and the leaderboard for the pull request, and keep .skill-trainer/", { timeout: 600_000 }, async () => {
  const workflow = await readmeWorkflow();
  assert.ok(workflow.on.schedule[0]?.cron, 'scheduled');
  const steps = workflow.jobs.train.steps;
  const train = steps.find((step) => step.id === 'train')!;
  assert.match(train.run!, /\$SKILL_TRAINER train-all "\$SKILLS" --only-changed .*--json/);
  const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
  assert.deepEqual([upload.with?.path, upload.with?.['include-hidden-files'], upload.if], ['.skill-trainer/', true, 'always()']);
  const pullRequest = steps.find((step) => step.uses?.startsWith('peter-evans/create-pull-request@'))!;
  assert.equal(pullRequest.with?.['add-paths'], '**/SKILL.md');

  const repository = await mkdtemp(join(tmpdir(), 'nightly-'));
  const runnerTemp = await mkdtemp(join(tmpdir(), 'nightly-runner-'));
  const bin = join(runnerTemp, 'bin');
  await mkdir(bin);
  // No earlier workflow run to restore from on the first night: `gh` finds none.
  await writeFile(join(bin, 'gh'), '#!/bin/sh\nexit 1\n');
  await chmod(join(bin, 'gh'), 0o755);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repository, encoding: 'utf8' });
  git('init', '-q');
  git('config', 'user.name', 'Tester');
  git('config', 'user.email', 'tester@example.com');
  await cp(resolve('skills'), join(repository, 'skills'), { recursive: true });
  await writeFile(join(repository, '.gitignore'), '.skill-trainer/\n');
  // The team's settings file keeps the nightly runs short here.
  await writeFile(join(repository, 'skill-trainer.config.json'), JSON.stringify({ defaults: { epochs: 1 } }));
  git('add', '.');
  git('commit', '-q', '-m', 'skills');

  const first = await runNight(workflow, repository, runnerTemp, bin);
  assert.ok(Object.values(first).every((status) => status === 0), JSON.stringify(first));
  const summary = JSON.parse(await readFile(join(repository, 'train-all.json'), 'utf8')) as { status: string; skills: { name: string; status: string; baselineScore: number; bestScore: number }[] };
  assert.equal(summary.status, 'finished');
  assert.deepEqual(summary.skills.map((skill) => skill.status), ['finished', 'finished', 'finished']);
  // The pull request's content: the improved skills written into the repository, the leaderboard as its body.
  const improved = summary.skills.filter((skill) => skill.bestScore > skill.baselineScore).map((skill) => `skills/${skill.name}/SKILL.md`);
  assert.ok(improved.length > 0);
  const changed = git('status', '--porcelain').split('\n').filter(Boolean).map((line) => line.slice(3));
  assert.deepEqual(changed.filter((path) => path.endsWith('SKILL.md')).sort(), improved.sort());
  const body = await readFile(join(runnerTemp, 'leaderboard.md'), 'utf8');
  assert.match(body, /^## Skill leaderboard/);
  for (const skill of summary.skills) assert.match(body, new RegExp(`\\| ${skill.name} \\| ${skill.bestScore.toFixed(3)} \\|`));
  // The artifact: the run store, ignored by git.
  assert.ok(existsSync(join(repository, '.skill-trainer', 'db.json')));
  assert.ok(!changed.some((path) => path.startsWith('.skill-trainer')));

  // The pull request merges; the next night the restored runs show nothing changed, so nothing trains.
  git('add', '.');
  git('commit', '-q', '-m', 'Trained skills');
  const second = await runNight(workflow, repository, runnerTemp, bin);
  assert.ok(Object.values(second).every((status) => status === 0), JSON.stringify(second));
  const again = JSON.parse(await readFile(join(repository, 'train-all.json'), 'utf8')) as typeof summary;
  assert.deepEqual(again.skills.map((skill) => skill.status), ['skipped', 'skipped', 'skipped']);
  assert.equal(git('status', '--porcelain').split('\n').filter((line) => line.endsWith('SKILL.md')).length, 0);
});
