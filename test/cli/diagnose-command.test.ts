import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, flakyEvals, withSimSkill } from './sim-greeter-fixture';

test('diagnose finds the non-discriminating assertion planted in the fixture, the flaky task and the task the skill does not change', () =>
  withSimSkill(async ({ root, cacheDir }) => {
    const result = await cli(root, cacheDir, 'diagnose', 'greeter', '--target', 'sim:t', '--judge', 'sim:j', '--trials', '3', '--json');
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    const findings = report.findings as Array<{ kind: string; check?: string; taskIds: string[]; message: string; advice: string }>;
    const planted = findings.find((finding) => finding.kind === 'never-discriminates' && finding.check === 'max-length 100000');
    assert.ok(planted, JSON.stringify(findings, null, 2));
    assert.deepEqual(planted.taskIds.sort(), ['coin', 'steady']);
    assert.match(planted.message, /passed in every run of all 2 tasks that have it \(12 runs\), with the skill and without/);
    assert.match(planted.advice, /Make it stricter|drop it/);
    assert.ok(!findings.some((finding) => finding.check === 'contains Bob'), 'a check that moves with the skill discriminates');
    assert.deepEqual(findings.find((finding) => finding.kind === 'flaky')?.taskIds, ['coin']);
    assert.deepEqual(findings.find((finding) => finding.kind === 'skill-makes-no-difference')?.taskIds, ['unmoved']);
    const steady = report.tasks.find((task: { taskId: string }) => task.taskId === 'steady');
    assert.deepEqual([steady.withSkill.passed, steady.withoutSkill.passed], [3, 0]);
    assert.ok(steady.cost.inputTokens > 0, 'cost per task is measured');
    assert.ok(findings.every((finding) => finding.advice.length > 0), 'each finding says what to do');

    const text = await cli(root, cacheDir, 'diagnose', 'greeter', '--target', 'sim:t', '--judge', 'sim:j', '--trials', '3');
    assert.match(text.stdout, /WARNING \[never-discriminates\] “max-length 100000” passed in every run/);
    assert.match(text.stdout, /^steady\s+3\/3 · 1\.00\s+0\/3 · 0\.50\s+\d+\s+\d\.\d\s+\$0\.00$/m);
  }));

test('diagnose reports an expected output that fails its own assertion', () =>
  withSimSkill(
    async ({ root, cacheDir }) => {
      const result = await cli(root, cacheDir, 'diagnose', 'greeter', '--target', 'sim:t', '--judge', 'sim:j', '--trials', '1', '--json');
      assert.equal(result.code, 0, result.stderr);
      const finding = JSON.parse(result.stdout).findings.find((candidate: { kind: string }) => candidate.kind === 'expected-output-contradicts');
      assert.deepEqual(finding?.taskIds, ['steady']);
      assert.match(finding.message, /The expected output of steady fails its own checks: contains Bob \(/);
    },
    { ...flakyEvals, evals: flakyEvals.evals.map((task) => (task.id === 'steady' ? { ...task, expected_output: 'Hi Robert.' } : task)) },
  ));
