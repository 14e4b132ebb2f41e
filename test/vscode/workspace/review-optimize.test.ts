import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyEdits } from '../../../src/core/skill';
import { listCheckpoints, readStepRecords, type TrainingStepRecord } from '../../../src/core/store';
import type { OptimizeOutcome } from '../../../src/vscode/optimize-skill-command';
import type { ReviewSnapshot } from '../../../src/vscode/review/review-commands';
import { reviewSnapshot } from '../support/review-fixture';
import { discardAllEditors, exampleSkillUri, readWorkspaceText, removeRunStore, setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension, waitFor, workspaceFile } from '../support/skill-trainer-extension';

// Gate mode `review` for real: Optimize Skill trains the example skill in the simulated
// world, and each step waits for the inline review in the SKILL.md editor. The person
// accepts one edit of the first step and rejects everything else.
describe('inline review during Optimize Skill (gate mode review)', function () {
  this.timeout(120_000);
  const root = () => workspaceFile().fsPath;
  let restoreSettings: () => Promise<void>;
  let originalSkill: string;
  let autoSave: unknown;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    originalSkill = await readWorkspaceText(exampleSkillUri());
    restoreSettings = await setUserSettings({ target: 'sim:demo', 'gate.mode': 'review', epochs: 1 });
    // Auto-save off (as on the desktop), so the test sees whether the review itself ever saves.
    autoSave = vscode.workspace.getConfiguration('files').inspect('autoSave')?.globalValue;
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await restoreSettings();
    await vscode.workspace.getConfiguration('files').update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    await discardAllEditors();
    await removeRunStore();
  });

  it('waits for the review, keeps only the accepted edit in the buffer, and records the decision', async () => {
    const running = Promise.resolve(vscode.commands.executeCommand<OptimizeOutcome>('skillTrainer.optimizeSkill', exampleSkillUri()));
    let settled = false;
    void running.finally(() => (settled = true));
    const reviews: ReviewSnapshot[] = [];
    /** The hover over the accepted proposal, as the person saw it before accepting. */
    let hoverText = '';
    while (!settled) {
      let snapshot: ReviewSnapshot | undefined;
      await waitFor('a review or the end of the run', async () => settled || (snapshot = await reviewSnapshot(exampleSkillUri())) !== undefined, 60_000);
      if (!snapshot) break;
      reviews.push(snapshot);
      const document = await vscode.workspace.openTextDocument(exampleSkillUri());
      await waitFor('the review to show the SKILL.md', () => vscode.window.visibleTextEditors.some((editor) => editor.document === document));
      if (reviews.length === 1) {
        const first = snapshot.hunks.find((hunk) => hunk.state === 'pending' && hunk.editIndices.length === 1);
        assert.ok(first, `the first review has no single-edit hunk: ${JSON.stringify(snapshot.hunks)}`);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', exampleSkillUri(), new vscode.Position(first.firstLine, 3));
        hoverText = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
        // The proposals are in the buffer while the person decides.
        assert.notEqual(document.getText(), originalSkill, 'the proposals should be in the buffer');
        const result = await vscode.commands.executeCommand<{ done: boolean; message?: string }>('skillTrainer.acceptEdit', { hunkId: first.id });
        assert.equal(result.done, true, result.message);
      }
      await vscode.commands.executeCommand('skillTrainer.rejectAllEdits', { uri: exampleSkillUri().toString() });
      await waitFor('the review to end', async () => (await reviewSnapshot(exampleSkillUri()))?.sessionId !== snapshot!.sessionId);
    }
    const outcome = await running;
    assert.equal(outcome.kind, 'finished', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'finished');
    assert.ok(reviews.length >= 1, 'no step asked for a review');

    const steps = (await readStepRecords(root(), outcome.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
    const reviewed = steps.filter((record) => record.review !== undefined);
    assert.equal(reviewed.length, reviews.length, 'every review should be recorded on its step');
    const [first, ...rest] = reviewed;
    assert.equal(first.review?.acceptedEdits.length, 1);
    const acceptedIndex = first.review!.acceptedEdits[0];
    for (const record of rest) assert.deepEqual(record.review?.acceptedEdits, []);

    // The working buffer holds exactly the accepted edit, applied to the text the review began with; the file on disk is untouched.
    const document = await vscode.workspace.openTextDocument(exampleSkillUri());
    assert.equal(document.getText(), applyEdits(originalSkill, [first.selectedEdits[acceptedIndex]], { keepListsTight: true }).text);
    assert.equal(await readWorkspaceText(exampleSkillUri()), originalSkill, 'the review saved the file');
    // The hover told why the optimizer proposed that edit: its own reasoning, as the step recorded it.
    const reasoning = first.selectedEdits[acceptedIndex].reasoning;
    assert.ok(reasoning && reasoning.length > 10, `the accepted edit carries no reasoning: ${JSON.stringify(first.selectedEdits[acceptedIndex])}`);
    assert.ok(hoverText.includes(reasoning.replace(/\n/g, '\n> ')), `the hover lacks the edit's reasoning "${reasoning}":\n${hoverText}`);
    assert.match(hoverText, /from the failure analyst · support \d/);
    assert.ok((await listCheckpoints(root(), outcome.runId)).length > 0);
  });
});
