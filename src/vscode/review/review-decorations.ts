/**
 * Draws each review into the editors showing its SKILL.md: removed text struck through
 * on a red tint, proposed text as green ghost text where it would go, a bar beside the
 * lines a proposal concerns, overview-ruler marks, and a warning where the person's own
 * typing set a proposal aside. The buffer is never touched. Decoration types are made
 * once; decorations belong to one editor, so they are drawn again whenever the visible
 * editors change.
 */
import * as vscode from 'vscode';
import { layoutHunks } from './hunk-layout';
import type { ReviewManager } from './review-manager';

/** Colour ids contributed in package.json (`contributes.colors`); defaults are VS Code's diff colours. */
export const REVIEW_COLORS = {
  proposedTextForeground: 'skillTrainer.review.proposedTextForeground',
  proposedTextBackground: 'skillTrainer.review.proposedTextBackground',
  removedTextBackground: 'skillTrainer.review.removedTextBackground',
  hunkBorder: 'skillTrainer.review.hunkBorder',
  setAsideForeground: 'skillTrainer.review.setAsideForeground',
  overviewRulerProposed: 'skillTrainer.review.overviewRulerProposed',
  overviewRulerRemoved: 'skillTrainer.review.overviewRulerRemoved',
} as const;

const color = (id: string) => new vscode.ThemeColor(id);

/** What was last drawn for a document: read by tests through the review snapshot. */
export interface RenderedReview {
  readonly removedRanges: number;
  readonly ghostLabels: string[];
  readonly markedLines: number;
  readonly setAside: number;
}

export class ReviewDecorations implements vscode.Disposable {
  private readonly removed = vscode.window.createTextEditorDecorationType({
    backgroundColor: color(REVIEW_COLORS.removedTextBackground),
    textDecoration: 'line-through',
    opacity: '0.7',
    overviewRulerColor: color(REVIEW_COLORS.overviewRulerRemoved),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly inlineGhost = vscode.window.createTextEditorDecorationType({
    after: {
      color: color(REVIEW_COLORS.proposedTextForeground),
      backgroundColor: color(REVIEW_COLORS.proposedTextBackground),
    },
    overviewRulerColor: color(REVIEW_COLORS.overviewRulerProposed),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });
  private readonly blockGhost = vscode.window.createTextEditorDecorationType({
    after: {
      color: color(REVIEW_COLORS.proposedTextForeground),
      backgroundColor: color(REVIEW_COLORS.proposedTextBackground),
      margin: '0 0 0 2ch',
      fontStyle: 'italic',
    },
    overviewRulerColor: color(REVIEW_COLORS.overviewRulerProposed),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });
  private readonly hunkLines = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    borderColor: color(REVIEW_COLORS.hunkBorder),
    borderStyle: 'solid',
    borderWidth: '0 0 0 2px',
  });
  private readonly setAside = vscode.window.createTextEditorDecorationType({
    borderColor: color(REVIEW_COLORS.setAsideForeground),
    borderStyle: 'dashed',
    borderWidth: '0 0 1px 0',
    after: { color: color(REVIEW_COLORS.setAsideForeground), margin: '0 0 0 2ch', fontStyle: 'italic' },
    overviewRulerColor: color(REVIEW_COLORS.setAsideForeground),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly types = [this.removed, this.inlineGhost, this.blockGhost, this.hunkLines, this.setAside];
  private readonly rendered = new Map<string, RenderedReview>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly manager: ReviewManager) {
    this.disposables = [
      ...this.types,
      manager.onDidChange((uri) => this.renderDocument(uri)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.render(editor))),
    ];
    vscode.window.visibleTextEditors.forEach((editor) => this.render(editor));
  }

  /** What was last drawn for `uri`, or undefined when nothing is. */
  renderedFor(uri: vscode.Uri): RenderedReview | undefined {
    return this.rendered.get(uri.toString());
  }

  dispose(): void {
    this.disposables.forEach((disposable) => disposable.dispose());
  }

  private renderDocument(uri: vscode.Uri): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === uri.toString()) this.render(editor);
    }
    if (!this.manager.reviewFor(uri)) this.rendered.delete(uri.toString());
  }

  private render(editor: vscode.TextEditor): void {
    const review = this.manager.ensureSynced(editor.document);
    if (!review) {
      for (const type of this.types) editor.setDecorations(type, []);
      return;
    }
    const removed: vscode.DecorationOptions[] = [];
    const inlineGhosts: vscode.DecorationOptions[] = [];
    const blockGhosts: vscode.DecorationOptions[] = [];
    const lines: vscode.Range[] = [];
    const setAside: vscode.DecorationOptions[] = [];
    for (const layout of layoutHunks(review.session, editor.document)) {
      const { hunk } = layout;
      if (hunk.state === 'edited' || hunk.state === 'stale') {
        const range = layout.removed[0] ?? editor.document.lineAt(layout.firstLine).range;
        const note = hunk.state === 'edited' ? '✎ edited by you — your text is kept' : '⚠ its target changed — cannot apply';
        setAside.push({ range, renderOptions: { after: { contentText: note } } });
        continue;
      }
      removed.push(...layout.removed.map((range) => ({ range })));
      for (const ghost of layout.ghosts) {
        const option = { range: new vscode.Range(ghost.position, ghost.position), renderOptions: { after: { contentText: ghost.label } } };
        (ghost.block ? blockGhosts : inlineGhosts).push(option);
      }
      for (let line = layout.firstLine; line <= layout.lastLine; line++) lines.push(editor.document.lineAt(line).range);
    }
    editor.setDecorations(this.removed, removed);
    editor.setDecorations(this.inlineGhost, inlineGhosts);
    editor.setDecorations(this.blockGhost, blockGhosts);
    editor.setDecorations(this.hunkLines, lines);
    editor.setDecorations(this.setAside, setAside);
    this.rendered.set(editor.document.uri.toString(), {
      removedRanges: removed.length,
      ghostLabels: [...inlineGhosts, ...blockGhosts].map((option) => option.renderOptions?.after?.contentText ?? ''),
      markedLines: lines.length,
      setAside: setAside.length,
    });
  }
}
