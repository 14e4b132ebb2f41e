/**
 * Where a hunk shows in the editor: the struck-through ranges, the proposed text as
 * ghost text (one line each; decorations cannot add lines), the lines it covers and the
 * line its CodeLens sits on. Shared by decorations, CodeLens and hover so they agree.
 */
import * as vscode from 'vscode';
import type { ReviewHunk, ReviewSession } from './review-session';

/** Proposed text shown after a position, as a one-line ghost. */
export interface GhostText {
  readonly position: vscode.Position;
  /** What the ghost shows: the text itself, or the first line and "+N lines". */
  readonly label: string;
  /** True when the ghost stands for whole lines inserted below `position`'s line. */
  readonly block: boolean;
}

export interface HunkLayout {
  readonly hunk: ReviewHunk;
  /** Text the proposal removes (struck through), or, for edited/stale hunks, the text at issue. */
  readonly removed: vscode.Range[];
  readonly ghosts: GhostText[];
  /** First and last line the hunk concerns (0-based). */
  readonly firstLine: number;
  readonly lastLine: number;
}

/** Longest ghost label in characters; the hover holds the whole text. */
const MAX_GHOST_LENGTH = 120;
/** Longest first line shown for inserted lines (characters), so the ghost stays on screen. */
const MAX_BLOCK_FIRST_LINE_LENGTH = 36;

/** The layout of every undecided hunk of a review, in document order. */
export function layoutHunks(session: ReviewSession, document: vscode.TextDocument): HunkLayout[] {
  return session.undecided().map((hunk) => layoutHunk(session, hunk, document));
}

export function layoutHunk(session: ReviewSession, hunk: ReviewHunk, document: vscode.TextDocument): HunkLayout {
  if (hunk.state !== 'pending') {
    const range = withoutTrailingLineBreak(document, toRange(document, session.rangeOf(hunk)));
    return { hunk, removed: range.isEmpty ? [] : [range], ghosts: [], firstLine: range.start.line, lastLine: range.end.line };
  }
  const removed: vscode.Range[] = [];
  const ghosts: GhostText[] = [];
  let firstLine = Number.POSITIVE_INFINITY;
  let lastLine = 0;
  for (const part of hunk.parts) {
    const range = toRange(document, session.currentRange(part, hunk));
    if (!range.isEmpty) removed.push(range);
    const ghost = part.text === '' ? undefined : ghostFor(document, range, part.text);
    if (ghost) ghosts.push(ghost);
    const partFirst = ghost?.block && range.isEmpty ? ghost.position.line : range.start.line;
    // A removal that ends at a line start (whole lines removed) does not concern that line.
    const partLast = !range.isEmpty && range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
    firstLine = Math.min(firstLine, partFirst);
    lastLine = Math.max(lastLine, partLast, ghost?.position.line ?? 0);
  }
  return { hunk, removed, ghosts, firstLine, lastLine: Math.max(lastLine, firstLine) };
}

/**
 * Places the proposed text of one replacement. Text within a line shows inline where it
 * goes. Whole lines show as one ghost at the end of the line they follow: "+N lines",
 * then the first non-blank line that is not an HTML comment.
 */
function ghostFor(document: vscode.TextDocument, range: vscode.Range, text: string): GhostText | undefined {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length === 1) return { position: withoutTrailingLineBreak(document, range).end, label: clip(text), block: false };
  const content = trimBlankLines(lines);
  if (content.length === 0) return { position: range.end, label: '⏎ (blank lines)', block: true };
  // The count goes first: a long first line runs past the editor's edge and would hide it.
  const count = content.length > 1 ? `+${content.length} lines: ` : '';
  // A protected region's marker says little; its first line of guidance says what comes.
  const shown = content.find((line) => !/^\s*<!--.*-->\s*$/.test(line)) ?? content[0];
  const label = `⏎ ${count}${clip(shown.trim(), MAX_BLOCK_FIRST_LINE_LENGTH)}`;
  // Inserted at a line start: the lines go below the previous line, so the ghost does too.
  if (range.isEmpty && range.start.character === 0 && range.start.line > 0) {
    const previous = document.lineAt(range.start.line - 1);
    return { position: previous.range.end, label, block: true };
  }
  return { position: range.isEmpty ? range.start : withoutTrailingLineBreak(document, range).end, label, block: true };
}

/**
 * A range of whole lines ends at column 0 of the next line; text drawn after it would
 * land at the start of that line. This ends it at the end of its own last line instead.
 */
export function withoutTrailingLineBreak(document: vscode.TextDocument, range: vscode.Range): vscode.Range {
  if (range.isEmpty || range.end.character !== 0 || range.end.line === range.start.line) return range;
  return new vscode.Range(range.start, document.lineAt(range.end.line - 1).range.end);
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  return lines.slice(start, end);
}

function clip(text: string, maxLength = MAX_GHOST_LENGTH): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

export function toRange(document: vscode.TextDocument, range: { start: number; end: number }): vscode.Range {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}
