import * as vscode from 'vscode';
import type { TrainingRuns } from '../run-events';
import { ReviewCodeLensProvider } from './review-code-lens-provider';
import { registerReviewCommands } from './review-commands';
import { createReviewDecider, type ReviewDecider } from './review-decider';
import { ReviewDecorations } from './review-decorations';
import { ReviewHoverProvider } from './review-hover-provider';
import { ReviewManager } from './review-manager';
import { ReviewRecovery } from './review-recovery';
import { ReviewStatus } from './review-status';
import { STEP_DIFF_SCHEME, StepDiffContentProvider } from './step-diff-content-provider';

/** The documents a review can be open on. */
const SKILL_DOCUMENTS: vscode.DocumentSelector = [{ pattern: '**/SKILL.md' }];

/** What the rest of the extension gets from the inline review. */
export interface InlineReview {
  readonly manager: ReviewManager;
  /** The gate-mode-review bridge (also installed on `runs` when given). */
  readonly decide: ReviewDecider;
}

/**
 * Registers the inline review: decorations, CodeLens, hover, status bar, commands and
 * the step-diff documents; installs the review handler on the run controller when
 * `services.runs` is given. Everything is disposed with the extension.
 */
export function registerInlineReview(
  context: vscode.ExtensionContext,
  services: { readonly runs?: TrainingRuns; readonly log?: vscode.LogOutputChannel } = {},
): InlineReview {
  const recovery = new ReviewRecovery(context.workspaceState);
  const manager = new ReviewManager(recovery);
  const decorations = new ReviewDecorations(manager);
  const codeLens = new ReviewCodeLensProvider(manager);
  const stepDiffs = new StepDiffContentProvider();
  const decide = createReviewDecider(manager);
  context.subscriptions.push(
    manager,
    decorations,
    codeLens,
    stepDiffs,
    new ReviewStatus(manager),
    vscode.languages.registerCodeLensProvider(SKILL_DOCUMENTS, codeLens),
    vscode.languages.registerHoverProvider(SKILL_DOCUMENTS, new ReviewHoverProvider(manager)),
    vscode.workspace.registerTextDocumentContentProvider(STEP_DIFF_SCHEME, stepDiffs),
    ...registerReviewCommands({ manager, decorations, stepDiffs, decide }),
  );
  if (services.runs) context.subscriptions.push(services.runs.setReviewHandler(decide));
  // A window closed during a review left its proposals in the file: take them back out.
  const log = services.log;
  if (log && Object.keys(recovery.records()).length > 0) void recovery.recover(log).catch((error) => log.error(`Could not check reviews left open: ${String(error)}`));
  return { manager, decide };
}
