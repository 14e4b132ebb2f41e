import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEvalCommand } from '../../src/cli/commands/eval-command';
import { createCapturedIo } from '../../src/cli/cli-io';
import { taskWarningsText } from '../../src/cli/task-warnings-text';
import { ScriptedChatModel } from '../../src/core/models/scripted-chat-model';

test('eval prints the loader\'s warnings before it starts: a skipped check is not missed by someone who never runs validate', async () => {
  const root = await mkdtemp(join(tmpdir(), 'skill-trainer-warnings-'));
  try {
    const skillDir = join(root, 'picker');
    await mkdir(join(skillDir, 'evals'), { recursive: true });
    await writeFile(join(skillDir, 'SKILL.md'), '---\nname: picker\ndescription: Picks the best answer.\n---\nPick one.\n');
    await writeFile(
      join(skillDir, 'evals', 'promptfooconfig.yaml'),
      ['prompts: ["Pick: {{options}}"]', 'tests:', '  - vars: {options: "a or b"}', '    assert: [{type: contains, value: a}, {type: select-best, value: the clearest}]', ''].join('\n'),
    );
    const io = createCapturedIo({ environment: {}, cwd: root });
    const target = new ScriptedChatModel([], { fallback: () => 'a' });
    assert.equal(await runEvalCommand({ skillDir, target: 'scripted:model', cache: false, split: 'all' }, io, { createModel: () => target }), 0, io.stderrText);
    assert.match(io.stderrText, /^1 warning while reading the tasks:\n {2}picker[\\/]evals[\\/]promptfooconfig\.yaml:4: at tests\[0\]\.assert\[1\]\.type: promptfoo assertion 'select-best' cannot be checked/m);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('many warnings: the first twelve, then where to see every one', () => {
  const warnings = Array.from({ length: 15 }, (_, index) => ({ severity: 'warning' as const, file: '/w/skills/s/evals/evals.json', line: index + 1, message: `warning ${index + 1}` }));
  const text = taskWarningsText({ source: '/w/skills/s/evals/evals.json', tasks: [], warnings }, '/w/skills/s', '/w');
  assert.match(text, /^15 warnings while reading the tasks:\n {2}skills\/s\/evals\/evals\.json:1: warning 1\n/);
  assert.match(text, /evals\.json:12: warning 12\n {2}… and 3 more: skill-trainer validate skills\/s lists every one\.\n$/);
  assert.equal(taskWarningsText({ source: 'x', tasks: [] }, '/w', '/w'), '');
});
