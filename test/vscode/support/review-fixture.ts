import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { EditReport } from '../../../src/core/skill';
import type { StepReviewRequest } from '../../../src/core/training';
import type { ReviewSnapshot } from '../../../src/vscode/review/review-commands';
import type { ReviewEdit } from '../../../src/vscode/review/review-types';
import skillText from '../../fixtures/review/SKILL.md';
import stepEdits from '../../fixtures/review/step-edits.json';
import { waitFor } from './skill-trainer-extension';

/** The fixture skill the review tests open (release notes, 4 edits: 3 apply, 1 skipped by the trainer). */
export const REVIEW_BASE_TEXT: string = skillText;
export const REVIEW_EDITS = stepEdits.selectedEdits as ReviewEdit[];
/** How the fixture's run applies edits: training's default (tight lists stay tight). */
export const REVIEW_EDIT_OPTIONS = { keepListsTight: true } as const;

/**
 * Writes the fixture to a fresh temp folder (outside the workspace, so no other suite
 * sees it) and shows it in an editor with focus.
 */
export async function openFixtureSkill(): Promise<vscode.TextEditor> {
  const folder = join(mkdtempSync(join(tmpdir(), 'skill-trainer-review-')), 'release-notes');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'SKILL.md');
  writeFileSync(path, REVIEW_BASE_TEXT);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** A gate-mode-review request as the trainer sends it for the fixture's step. */
export function fixtureReviewRequest(overrides: Partial<StepReviewRequest> = {}): StepReviewRequest {
  return {
    runId: 'run-fixture',
    epoch: 1,
    step: 3,
    currentSkill: REVIEW_BASE_TEXT,
    candidateSkill: REVIEW_BASE_TEXT,
    selectedEdits: REVIEW_EDITS,
    applyReport: stepEdits.applyReport as EditReport[],
    keepListsTight: REVIEW_EDIT_OPTIONS.keepListsTight,
    gateVerdict: 'accept',
    metric: 'hard',
    scores: { current: 0.5, best: 0.625, candidate: { hard: 0.5625, soft: 0.7 }, candidateScore: 0.5625 },
    ...overrides,
  };
}

/** The review of `uri` as plain data, or undefined when none is open. */
export function reviewSnapshot(uri: vscode.Uri): Thenable<ReviewSnapshot | undefined> {
  return vscode.commands.executeCommand<ReviewSnapshot | undefined>('skillTrainer.review.snapshot', uri);
}

/** Waits for the review of `uri` to exist and satisfy `condition`; returns its snapshot. */
export async function waitForReview(
  uri: vscode.Uri,
  description: string,
  condition: (snapshot: ReviewSnapshot) => boolean = () => true,
): Promise<ReviewSnapshot> {
  let latest: ReviewSnapshot | undefined;
  await waitFor(description, async () => {
    latest = await reviewSnapshot(uri);
    return latest !== undefined && condition(latest);
  });
  return latest!;
}

/** The hunk carrying the step's edit `editIndex` (0-based). */
export function hunkOfEdit(snapshot: ReviewSnapshot, editIndex: number): ReviewSnapshot['hunks'][number] {
  const hunk = snapshot.hunks.find((candidate) => candidate.editIndices.includes(editIndex));
  assert.ok(hunk, `no hunk carries edit ${editIndex}: ${JSON.stringify(snapshot.hunks.map((h) => h.editIndices))}`);
  return hunk;
}

/** Ends any review of the editor's file, reverts the buffer and closes it (no save prompt). */
export async function discardFixtureEditor(editor: vscode.TextEditor): Promise<void> {
  const uri = editor.document.uri;
  if (await reviewSnapshot(uri)) await vscode.commands.executeCommand('skillTrainer.rejectAllEdits', { uri: uri.toString() });
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}

/** Replaces `[start, end)` of the document with `text`, as typing would (one edit). */
export async function typeAt(editor: vscode.TextEditor, start: number, end: number, text: string): Promise<void> {
  const document = editor.document;
  const ok = await editor.edit((builder) => builder.replace(new vscode.Range(document.positionAt(start), document.positionAt(end)), text));
  assert.ok(ok, 'the typing edit was refused');
}
