import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EvaluateOutcome } from '../../../src/vscode/evaluate-skill-command';
import { setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension, workspaceFile } from '../support/skill-trainer-extension';

/** A skill whose tasks are checked by `similar` only; the simulated target answers each with its hint. */
const evals = {
  skill_name: 'similar-skill',
  sim: { rules: [{ id: 'name', phrase: 'greet by name', instruction: 'Always greet by name.' }] },
  evals: ['Ada', 'Bob', 'Cy'].map((name) => ({
    id: `greet-${name.toLowerCase()}`,
    prompt: `Greet ${name}.`,
    assert: [{ type: 'similar', value: `Hello ${name}, welcome`, threshold: 0.95 }],
    sim: { output: `Hello ${name}, welcome` },
  })),
};

describe('the skillTrainer.embedding setting', function () {
  this.timeout(60_000);
  const folder = () => workspaceFile('skills', 'similar-skill');
  const write = (path: string, text: string) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), path), new TextEncoder().encode(text));
  const evaluate = () =>
    vscode.commands.executeCommand<EvaluateOutcome>('skillTrainer.evaluateSkill', vscode.Uri.joinPath(folder(), 'SKILL.md'), {
      split: 'all',
      // No judge: only an embedding model can decide the checks.
      specs: { target: 'sim:demo', optimizer: 'sim:demo' },
    });
  let restore: (() => Promise<void>) | undefined;

  before(async () => {
    await skillTrainerExtension().activate();
    await write('SKILL.md', '---\nname: similar-skill\ndescription: Greets people warmly.\n---\nGreet by name and welcome them.\n');
    await write('evals/evals.json', JSON.stringify(evals, null, 2));
  });

  afterEach(async () => restore?.());

  after(async () => {
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
  });

  it('decides similar checks with the embedding model it names (sim:embedding, offline)', async () => {
    restore = await setUserSettings({ embedding: 'sim:embedding' });
    const outcome = await evaluate();
    assert.ok(outcome.kind === 'evaluated', JSON.stringify(outcome));
    assert.equal(outcome.scored, 3);
    assert.equal(outcome.hard, 1, 'each output says its expected text word for word: cosine similarity 1');
  });

  it('asks for the key of the embedding model it names before any task runs', async () => {
    restore = await setUserSettings({ embedding: 'openai:text-embedding-3-small' });
    const outcome = await evaluate();
    assert.equal(outcome.kind, 'not-started', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'not-started');
    assert.match(outcome.reason, /No API key for openai/);
  });
});
