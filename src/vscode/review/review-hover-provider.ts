/**
 * The hover over a proposal: which edit of the step it is, the analyst's reasoning,
 * source and support, the whole change as a diff (the removed text shows one line in
 * the editor), the gate's verdict with validation scores before/after, and Accept /
 * Reject links. Over the first line, a summary of the step.
 */
import * as vscode from 'vscode';
import { REVIEW_COMMANDS } from './review-command-ids';
import { layoutHunks, type HunkLayout } from './hunk-layout';
import type { ManagedReview, ReviewManager } from './review-manager';
import { hunkLabel } from './review-session';
import { editOpLabel, editOrigin, gateDetails, hunkLineDiff, lineCounts, SAVE_NOTE, stepTitle, unappliedSummary } from './review-text';

/** Longest diff shown in a hover (lines); the step diff holds the rest. */
const MAX_DIFF_LINES = 40;

export class ReviewHoverProvider implements vscode.HoverProvider {
  constructor(private readonly manager: ReviewManager) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const review = this.manager.ensureSynced(document);
    if (!review) return undefined;
    const layout = layoutHunks(review.session, document).find(
      (candidate) => candidate.firstLine <= position.line && position.line <= candidate.lastLine,
    );
    if (layout) return new vscode.Hover(hunkHover(review, layout));
    if (position.line === 0) return new vscode.Hover(stepHover(review));
    return undefined;
  }
}

function commandLink(title: string, command: string, argument: unknown): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify([argument]))})`;
}

function trusted(markdown: vscode.MarkdownString): vscode.MarkdownString {
  markdown.isTrusted = { enabledCommands: Object.values(REVIEW_COMMANDS) };
  markdown.supportThemeIcons = true;
  return markdown;
}

function hunkHover(review: ManagedReview, layout: HunkLayout): vscode.MarkdownString {
  const { session } = review;
  const { hunk } = layout;
  const markdown = trusted(new vscode.MarkdownString());
  markdown.appendMarkdown(`**${hunkLabel(hunk)} of ${session.edits.length}** · ${stepTitle(session.step)} · ${lineCounts(hunk)}\n\n`);
  for (const index of hunk.editIndices) {
    const edit = session.edits[index];
    if (!edit) continue;
    const heading = hunk.editIndices.length > 1 ? `Edit ${index + 1}: ` : '';
    markdown.appendMarkdown(`${heading}\`${editOpLabel(edit)}\` from the ${editOrigin(edit)}\n\n`);
    if (edit.reasoning) markdown.appendMarkdown(`> ${edit.reasoning.replace(/\n/g, '\n> ')}\n\n`);
  }
  if (hunk.status === 'applied_fallback_append') {
    markdown.appendMarkdown('Its target was not found, so the text goes at the end of the body (as in training).\n\n');
  }
  if (hunk.state === 'edited') {
    markdown.appendMarkdown('$(edit) **You changed this proposal.** Accept keeps your version; Reject puts the original text back.\n\n');
  } else if (hunk.state === 'withdrawn') {
    markdown.appendMarkdown('$(debug-restart) **This proposal was taken out of the file** (an undo, or you deleted it). Put Back writes it again and keeps it.\n\n');
  }
  markdown.appendCodeblock(hunkLineDiff(session.baseText, hunk, MAX_DIFF_LINES), 'diff');
  if (session.step.gate) markdown.appendMarkdown(`\n${gateDetails(session.step.gate)}\n\n`);
  const argument = { hunkId: hunk.id };
  const links = [
    commandLink(hunk.state === 'withdrawn' ? '$(debug-restart) Put Back' : '$(check) Accept', REVIEW_COMMANDS.accept, argument),
    commandLink('$(close) Reject', REVIEW_COMMANDS.reject, argument),
  ];
  links.push(commandLink('$(diff) Open Step Diff', REVIEW_COMMANDS.openStepDiff, { uri: review.uri.toString() }));
  markdown.appendMarkdown(`\n${links.join(' · ')}`);
  return markdown;
}

function stepHover(review: ManagedReview): vscode.MarkdownString {
  const { session } = review;
  const markdown = trusted(new vscode.MarkdownString());
  const undecided = session.undecided().length;
  markdown.appendMarkdown(`**${stepTitle(session.step)}: ${session.edits.length} proposed edit${session.edits.length === 1 ? '' : 's'}**, ${undecided} to decide.\n\n`);
  if (session.step.gate) markdown.appendMarkdown(`${gateDetails(session.step.gate)}\n\n`);
  const unapplied = unappliedSummary(session.edits, session.unapplied);
  if (unapplied.length > 0) markdown.appendMarkdown(`Not applicable to this file:\n${unapplied.map((line) => `- ${line}`).join('\n')}\n\n`);
  markdown.appendMarkdown(SAVE_NOTE);
  return markdown;
}
