import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEvalCommand } from '../../src/cli/commands/eval-command';
import { createCapturedIo } from '../../src/cli/cli-io';
import { ScriptedChatModel } from '../../src/core/models/scripted-chat-model';

/** Two prompts × three tests; the target labels "buy now" mail spam and everything else ham. */
const suite = [
  'prompts: ["Label this mail: {{mail}}", "Is this spam? {{mail}}"]',
  'derivedMetrics:',
  '  - {name: accuracy, value: "correct / total"}',
  '  - {name: percent, value: "round(accuracy * 100, 1)"}',
  '  - {name: recall, value: "caught / spam"}',
  'defaultTest:',
  '  assert: [{type: javascript, value: "1", metric: total}]',
  'tests:',
  '  - vars: {mail: "buy now"}',
  '    assert: [{type: icontains, value: spam, metric: correct}, {type: javascript, value: "1", metric: spam}, {type: icontains, value: spam, metric: caught}]',
  '  - vars: {mail: "lunch at noon?"}',
  '    assert: [{type: icontains, value: ham, metric: correct}]',
  '  - vars: {mail: "cheap watches"}',
  '    assert: [{type: icontains, value: spam, metric: correct}, {type: javascript, value: "1", metric: spam}, {type: icontains, value: spam, metric: caught}]',
  '',
].join('\n');

test('eval reports a promptfoo suite\'s derivedMetrics per prompt, from the named scores of its checks', async () => {
  const root = await mkdtemp(join(tmpdir(), 'skill-trainer-derived-'));
  try {
    const skillDir = join(root, 'mail-labels');
    await mkdir(join(skillDir, 'evals'), { recursive: true });
    await writeFile(join(skillDir, 'SKILL.md'), '---\nname: mail-labels\ndescription: Labels mail as spam or ham.\n---\nAnswer spam or ham.\n');
    await writeFile(join(skillDir, 'evals', 'promptfooconfig.yaml'), suite);
    const target = new ScriptedChatModel([], { fallback: (request) => (request.messages.at(-1)!.content.includes('buy now') ? 'spam' : 'ham') });
    const args = { skillDir, target: 'scripted:model', cache: false, split: 'all' as const };

    const text = createCapturedIo({ environment: {} });
    assert.equal(await runEvalCommand(args, text, { createModel: () => target }), 0, text.stderrText);
    // Per prompt: 3 tasks, 2 labelled right ("cheap watches" is missed), 1 of 2 spam mails caught.
    assert.match(text.stdoutText, /Derived metrics \(the suite's derivedMetrics; named scores are sums over the scored tasks\):/);
    for (const prompt of ['prompt-1', 'prompt-2']) {
      assert.match(text.stdoutText, new RegExp(`  ${prompt}: accuracy = 0\\.667 · percent = 66\\.7 · recall = 0\\.5  \\[3 task results; total 3, correct 2, spam 2, caught 1\\]`));
    }

    const json = createCapturedIo({ environment: {} });
    assert.equal(await runEvalCommand({ ...args, json: true }, json, { createModel: () => target }), 0, json.stderrText);
    const report = JSON.parse(json.stdoutText) as { derivedMetrics: { prompt: string; results: number; namedScores: Record<string, number>; derived: { name: string; value: number | null }[] }[] };
    assert.deepEqual(report.derivedMetrics.map((group) => group.prompt), ['prompt-1', 'prompt-2']);
    assert.deepEqual(report.derivedMetrics[0]!.namedScores, { total: 3, correct: 2, spam: 2, caught: 1 });
    assert.deepEqual(report.derivedMetrics[0]!.derived.map((metric) => [metric.name, metric.value]), [['accuracy', 2 / 3], ['percent', 66.7], ['recall', 0.5]]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
