/**
 * Where a hunk shows in the editor. Its proposed text is in the buffer while it is
 * shown, so the layout names the proposed lines (highlighted whole) or words
 * (highlighted in a line), the text it replaces as struck-through ghost text at the
 * place it was, the lines it covers and the line its CodeLens sits on. Shared by
 * decorations, CodeLens and hover so they agree.
 */
import * as vscode from 'vscode';
import { clipAtWord } from '../clip-at-word';
import type { ReviewHunk, ReviewSession } from './review-session';

/** Text a proposal replaces, shown struck through where it was (decorations add no lines: one line each). */
export interface RemovedGhost {
  readonly position: vscode.Position;
  /** The removed text's first line, with "+N lines" when there are more (the hover has all). */
  readonly label: string;
  /** `before`: drawn before the text at `position`; `after`: after it (the end of the document). */
  readonly side: 'before' | 'after';
}

export interface HunkLayout {
  readonly hunk: ReviewHunk;
  /** Whole lines of proposed text. */
  readonly proposedLines: vscode.Range[];
  /** Proposed words within a line. */
  readonly proposedText: vscode.Range[];
  readonly removed: RemovedGhost[];
  /** First and last line the hunk concerns (0-based). */
  readonly firstLine: number;
  readonly lastLine: number;
}

/** Longest ghost label in characters; the hover holds the whole text. */
const MAX_GHOST_LENGTH = 120;

/** The layout of every undecided hunk of a review, in document order. */
export function layoutHunks(session: ReviewSession, document: vscode.TextDocument): HunkLayout[] {
  return session.undecided().map((hunk) => layoutHunk(session, hunk, document));
}

export function layoutHunk(session: ReviewSession, hunk: ReviewHunk, document: vscode.TextDocument): HunkLayout {
  if (hunk.state === 'withdrawn') {
    // Its proposal is out of the buffer: the text it would replace is what concerns it.
    const range = withoutTrailingLineBreak(document, toRange(document, session.rangeOf(hunk)));
    return { hunk, proposedLines: [], proposedText: [], removed: [], firstLine: range.start.line, lastLine: range.end.line };
  }
  const proposedLines: vscode.Range[] = [];
  const proposedText: vscode.Range[] = [];
  const removed: RemovedGhost[] = [];
  let firstLine = Number.POSITIVE_INFINITY;
  let lastLine = 0;
  for (const part of session.partRanges(hunk)) {
    const range = toRange(document, part.range);
    const wholeLines = range.start.character === 0 && endsWithLineBreak(part.proposedText) && endsWithLineBreak(part.originalText);
    if (wholeLines) {
      for (let line = range.start.line; line < range.end.line; line++) proposedLines.push(document.lineAt(line).range);
    } else if (!range.isEmpty) {
      proposedText.push(range);
    }
    if (part.originalText !== '') removed.push(ghostAt(document, range.start, part.originalText));
    const last = !range.isEmpty && range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
    firstLine = Math.min(firstLine, Math.min(range.start.line, document.lineCount - 1));
    lastLine = Math.max(lastLine, Math.min(last, document.lineCount - 1));
  }
  return { hunk, proposedLines, proposedText, removed, firstLine, lastLine: Math.max(lastLine, firstLine) };
}

/** The removed text before the text now at `position`, or after the last line when nothing follows it. */
function ghostAt(document: vscode.TextDocument, position: vscode.Position, removedText: string): RemovedGhost {
  const lines = removedText.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const shown = lines.find((line) => line.trim() !== '') ?? '⏎ (blank line)';
  const more = lines.length > 1 ? `  (+${lines.length - 1} more line${lines.length === 2 ? '' : 's'})` : '';
  const label = `${clipAtWord(shown, MAX_GHOST_LENGTH)}${more}`;
  const atEnd = position.line >= document.lineCount - 1 && document.lineAt(document.lineCount - 1).text === '' && position.character === 0;
  if (atEnd && position.line > 0) return { position: document.lineAt(position.line - 1).range.end, label, side: 'after' };
  return { position, label, side: 'before' };
}

function endsWithLineBreak(text: string): boolean {
  return text === '' || text.endsWith('\n');
}

/**
 * A range of whole lines ends at column 0 of the next line; text drawn after it would
 * land at the start of that line. This ends it at the end of its own last line instead.
 */
export function withoutTrailingLineBreak(document: vscode.TextDocument, range: vscode.Range): vscode.Range {
  if (range.isEmpty || range.end.character !== 0 || range.end.line === range.start.line) return range;
  return new vscode.Range(range.start, document.lineAt(range.end.line - 1).range.end);
}


export function toRange(document: vscode.TextDocument, range: { start: number; end: number }): vscode.Range {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}
