import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { ChatModel, ChatRequest } from '../../../src/core/models/chat-model';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { readStepRecords } from '../../../src/core/store/run-reader';
import type { TrainingStepRecord } from '../../../src/core/store/run-records';
import { keepProtectedParts, rewriteFromSuggestions } from '../../../src/core/training/skill-update-modes';
import { runExample } from './sim-run-helpers';
import { edit, userMessage } from './stage-helpers';

function recording(requests: ChatRequest[]): (model: ChatModel) => ChatModel {
  return (model) => ({ spec: model.spec, provider: model.provider, model: model.model, complete: (request) => (requests.push(request), model.complete(request)) });
}

test('rewrite_from_suggestions: analysts propose suggestions, ranking keeps the budget, one call rewrites the skill, and the run still learns', async () => {
  const requests: ChatRequest[] = [];
  const patch = await runExample({ config: { epochs: 2 } });
  const { result, workspace, skillText } = await runExample({ config: { epochs: 2, skillUpdateMode: 'rewrite_from_suggestions' }, wrap: recording(requests) });
  assert.equal(result.status, 'finished');
  assert.ok(result.bestScore > (result.baselineScore ?? 1), 'the rewritten skill beat the baseline');
  assert.equal(result.bestScore, patch.result.bestScore);
  const reflectSystem = requests.find((request) => request.label === 'reflect')!.messages[0].content;
  assert.match(reflectSystem, /Do not write edit operations\. Propose revision suggestions instead/);
  const rewrites = requests.filter((request) => request.label === 'rewrite');
  assert.ok(rewrites.length > 0);
  assert.equal(rewrites[0].jsonSchema?.name, 'skill_rewrite');
  assert.match(userMessage(rewrites[0]), /<suggestions>[\s\S]*"op": "suggestion"/);
  const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  assert.ok(steps.every((step) => step.selectedEdits.length <= (step.budget ?? Infinity)));
  assert.ok(steps.some((step) => (step.rewrite?.changeSummary.length ?? 0) > 0));
  const trained = await readFile(result.trainedSkillPath!, 'utf8');
  assert.ok(trained.startsWith(skillText.split('\n---\n')[0]), 'frontmatter kept');
});

test('full_rewrite_minibatch: each analyst writes a whole skill, the merge keeps one, no budget and no ranking', async () => {
  const requests: ChatRequest[] = [];
  const { result, workspace } = await runExample({ config: { epochs: 2, skillUpdateMode: 'full_rewrite_minibatch' }, wrap: recording(requests) });
  assert.equal(result.status, 'finished');
  assert.ok(result.bestScore > (result.baselineScore ?? 1));
  assert.equal(requests.filter((request) => request.label === 'rank').length, 0);
  assert.match(requests.find((request) => request.label === 'reflect')!.messages[0].content, /one complete replacement skill document/);
  const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  assert.ok(steps.every((step) => step.budget === null));
});

test('a rewrite never changes the frontmatter or a protected region; an unusable rewrite leaves the skill as it was', async () => {
  const current = '---\nname: s\ndescription: d\n---\n# S\n\n- Old rule.\n\n<!-- SLOW_UPDATE_START -->\n- Guidance.\n<!-- SLOW_UPDATE_END -->\n';
  const rewritten = '---\nname: hacked\ndescription: x\n---\n# S\n\n- New rule.\n\n<!-- SLOW_UPDATE_START -->\n- Changed guidance.\n<!-- SLOW_UPDATE_END -->\n';
  assert.equal(keepProtectedParts(current, rewritten), '---\nname: s\ndescription: d\n---\n# S\n\n- New rule.\n\n<!-- SLOW_UPDATE_START -->\n- Guidance.\n<!-- SLOW_UPDATE_END -->\n');
  const dropped = keepProtectedParts(current, '# S\n\n- New rule.\n');
  assert.match(dropped, /^---\nname: s[\s\S]*- New rule\.\n\n<!-- SLOW_UPDATE_START -->\n- Guidance\.\n<!-- SLOW_UPDATE_END -->\n$/);
  const broken = await rewriteFromSuggestions({ skill: current, suggestions: [edit('x', { op: 'suggestion' })], stepHistory: '', optimizer: new ScriptedChatModel(['nope', 'nope']) });
  assert.equal(broken.candidate, current);
  assert.ok(broken.failed);
});
