/**
 * Draws each review into the editors showing its SKILL.md. The proposed text is real
 * text in the buffer: whole proposed lines get the inserted-line background, proposed
 * words the inserted-text background; the text a proposal replaces shows struck through
 * on a red tint where it was; a bar marks the lines a proposal concerns, the overview
 * ruler marks them too, and a note says when the person changed a proposal or took it
 * out. Decoration types are made once; decorations belong to one editor, so they are
 * drawn again whenever the visible editors change.
 */
import * as vscode from 'vscode';
import { layoutHunks } from './hunk-layout';
import type { ReviewManager } from './review-manager';

/** Colour ids contributed in package.json (`contributes.colors`); defaults are VS Code's diff colours. */
export const REVIEW_COLORS = {
  proposedLineBackground: 'skillTrainer.review.proposedLineBackground',
  proposedTextBackground: 'skillTrainer.review.proposedTextBackground',
  removedTextForeground: 'skillTrainer.review.removedTextForeground',
  removedTextBackground: 'skillTrainer.review.removedTextBackground',
  hunkBorder: 'skillTrainer.review.hunkBorder',
  noteForeground: 'skillTrainer.review.noteForeground',
  overviewRulerProposed: 'skillTrainer.review.overviewRulerProposed',
  overviewRulerRemoved: 'skillTrainer.review.overviewRulerRemoved',
} as const;

const color = (id: string) => new vscode.ThemeColor(id);

/** What was last drawn for a document: read by tests through the review snapshot. */
export interface RenderedReview {
  /** Whole proposed lines highlighted. */
  readonly proposedLines: number;
  /** Proposed words highlighted within lines. */
  readonly proposedRanges: number;
  /** The struck-through labels of the text proposals replace. */
  readonly removedLabels: string[];
  readonly markedLines: number;
  /** Notes on proposals the person changed or took out. */
  readonly notes: string[];
}

export class ReviewDecorations implements vscode.Disposable {
  private readonly proposedLine = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: color(REVIEW_COLORS.proposedLineBackground),
    overviewRulerColor: color(REVIEW_COLORS.overviewRulerProposed),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly proposedText = vscode.window.createTextEditorDecorationType({
    backgroundColor: color(REVIEW_COLORS.proposedTextBackground),
    overviewRulerColor: color(REVIEW_COLORS.overviewRulerProposed),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  /** One type for every removed text; each decoration carries its own label. */
  private readonly removedText = vscode.window.createTextEditorDecorationType({
    overviewRulerColor: color(REVIEW_COLORS.overviewRulerRemoved),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly hunkLines = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    borderColor: color(REVIEW_COLORS.hunkBorder),
    borderStyle: 'solid',
    borderWidth: '0 0 0 2px',
  });
  private readonly note = vscode.window.createTextEditorDecorationType({
    after: { color: color(REVIEW_COLORS.noteForeground), margin: '0 0 0 2ch', fontStyle: 'italic' },
    overviewRulerColor: color(REVIEW_COLORS.noteForeground),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly types = [this.proposedLine, this.proposedText, this.removedText, this.hunkLines, this.note];
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
    const proposedLines: vscode.Range[] = [];
    const proposedText: vscode.Range[] = [];
    const removed: vscode.DecorationOptions[] = [];
    const lines: vscode.Range[] = [];
    const notes: vscode.DecorationOptions[] = [];
    for (const layout of layoutHunks(review.session, editor.document)) {
      const { hunk } = layout;
      proposedLines.push(...layout.proposedLines);
      proposedText.push(...layout.proposedText);
      for (const ghost of layout.removed) {
        const attachment = {
          contentText: ghost.label,
          color: color(REVIEW_COLORS.removedTextForeground),
          backgroundColor: color(REVIEW_COLORS.removedTextBackground),
          textDecoration: 'line-through',
          margin: ghost.side === 'before' ? '0 1ch 0 0' : '0 0 0 2ch',
        };
        removed.push({ range: new vscode.Range(ghost.position, ghost.position), renderOptions: { [ghost.side]: attachment } });
      }
      for (let line = layout.firstLine; line <= layout.lastLine; line++) lines.push(editor.document.lineAt(line).range);
      const note =
        hunk.state === 'edited'
          ? '✎ changed by you — Accept keeps your text, Reject restores the original'
          : hunk.state === 'withdrawn'
            ? '↶ taken out of the file — Accept puts it back'
            : undefined;
      if (note) notes.push({ range: editor.document.lineAt(layout.firstLine).range, renderOptions: { after: { contentText: note } } });
    }
    editor.setDecorations(this.proposedLine, proposedLines);
    editor.setDecorations(this.proposedText, proposedText);
    editor.setDecorations(this.removedText, removed);
    editor.setDecorations(this.hunkLines, lines);
    editor.setDecorations(this.note, notes);
    this.rendered.set(editor.document.uri.toString(), {
      proposedLines: proposedLines.length,
      proposedRanges: proposedText.length,
      removedLabels: removed.map((option) => option.renderOptions?.before?.contentText ?? option.renderOptions?.after?.contentText ?? ''),
      markedLines: lines.length,
      notes: notes.map((option) => option.renderOptions?.after?.contentText ?? ''),
    });
  }
}
