/**
 * Turns a step's selected edits into hunks of the person's SKILL.md: one hunk per edit
 * when the edits touch distinct text, a merged hunk (from a line diff) where they
 * overlap. Each edit is applied alone with the core's `applyEdits` to learn exactly
 * which text it removes and inserts, so a hunk is that edit and nothing else.
 */
import { diffLines } from 'diff';
import { applyEdits, replaceSlowUpdateRegion, type ApplyEditsOptions, type EditReport, type EditStatus } from '../../core/skill';
import { SLOW_UPDATE_OP, type OffsetRange, type PlannedHunk, type ReviewEdit, type TextReplacement, type UnappliedEdit } from './review-types';
import { applyReplacements, commonPrefixLength, commonSuffixLength, replacementsFromChanges } from './text-regions';

/** One line of the trainer's apply report (as live, or as stored in steps.jsonl). */
export interface TrainerReportLine {
  /** 1-based position of the edit in the step's selected edits. */
  readonly index: number;
  readonly status: string;
}

/** The hunks of a step and the edits that change nothing in this text. */
export interface HunkPlan {
  readonly hunks: PlannedHunk[];
  readonly unapplied: UnappliedEdit[];
}

/** A word character: a region never starts or ends inside a word. */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/**
 * Plans the hunks of `edits` in `baseText`. `trainerReport` is the trainer's apply
 * report: an edit it skipped is not offered, whatever it would do to this text.
 * The hunks together always equal applying every offered edit in order; when
 * single-edit hunks would not (an edit depends on another's text), all of them become
 * one hunk. `editOptions` are the run's (keepListsTight), so the hunks show the text
 * the trainer made.
 */
export function planHunks(baseText: string, edits: readonly ReviewEdit[], trainerReport?: readonly TrainerReportLine[], editOptions: ApplyEditsOptions = {}): HunkPlan {
  const unapplied: UnappliedEdit[] = [];
  const offered: number[] = [];
  const singles: SingleEdit[] = [];
  edits.forEach((edit, index) => {
    const reported = trainerReport?.find((report) => report.index === index + 1)?.status;
    if (reported?.startsWith('skipped')) {
      unapplied.push({ index, status: reported as EditStatus, skippedByTrainer: true });
      return;
    }
    offered.push(index);
    const alone = applyOneEdit(baseText, edit, editOptions);
    const status = alone.reports[0]?.status ?? 'skipped_unknown_op';
    if (status.startsWith('skipped') || alone.text === baseText) {
      unapplied.push({ index, status: alone.text === baseText && !status.startsWith('skipped') ? 'no_change' : status, skippedByTrainer: false });
      return;
    }
    const region = changedRegion(baseText, alone.text);
    const target = targetOccurrence(baseText, edit, region);
    const replacesTarget = edit.op === 'replace' || edit.op === 'delete';
    singles.push({
      indices: [index],
      region,
      guard: replacesTarget && target ? union(region, target) : region,
      anchor: !replacesTarget && target ? target : undefined,
      status,
    });
  });

  const expected = applyReviewEdits(baseText, offered.map((index) => edits[index]), editOptions);
  const groups = groupOverlapping(singles);
  const hunks = groups.map((group) => hunkOf(baseText, group, edits, editOptions));
  const composed = applyReplacements(baseText, hunks.flatMap((hunk) => hunk.parts));
  if (composed === expected.text) return { hunks, unapplied: sortByIndex(unapplied) };

  // Some edit reads text another one wrote: only the whole sequence is meaningful.
  const applied = expected.reports.filter((report) => !report.status.startsWith('skipped')).map((report) => offered[report.index - 1]);
  const sequentialUnapplied = expected.reports
    .filter((report) => report.status.startsWith('skipped'))
    .map((report): UnappliedEdit => ({ index: offered[report.index - 1], status: report.status, skippedByTrainer: false }));
  const trainerSkipped = unapplied.filter((entry) => entry.skippedByTrainer);
  const parts = lineDiffReplacements(baseText, expected.text);
  const allInOne = parts.length === 0 ? [] : [buildHunk(baseText, applied, parts, fallbackStatus(expected.reports))];
  return { hunks: allInOne, unapplied: sortByIndex([...trainerSkipped, ...sequentialUnapplied]) };
}

interface SingleEdit {
  indices: number[];
  region: TextReplacement;
  guard: OffsetRange;
  anchor?: OffsetRange;
  status: EditStatus;
}

/**
 * The one contiguous region where `after` differs from `before`, widened to whole
 * words so a replacement never shows half a word struck through.
 */
export function changedRegion(before: string, after: string): TextReplacement {
  let prefix = commonPrefixLength(before, after);
  let suffix = commonSuffixLength(before, after, prefix);
  const isWord = (character: string | undefined) => character !== undefined && WORD_CHARACTER.test(character);
  while (prefix > 0 && isWord(before[prefix - 1]) && (isWord(before[prefix]) || isWord(after[prefix]))) prefix--;
  while (
    suffix > 0 &&
    isWord(before[before.length - suffix]) &&
    (isWord(before[before.length - suffix - 1]) || isWord(after[after.length - suffix - 1]))
  ) {
    suffix--;
  }
  const region = { start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) };
  return region.start === region.end ? lineAlignedInsertion(before, region) : region;
}

/**
 * An insertion of whole lines can sit at several equivalent offsets ("B\n" inserted
 * before "X" = "\nB" inserted after the line break before it). Prefers the earliest
 * that starts a line, which is where `insert_after` and `append` put text; otherwise
 * a paragraph's first word and an insertion above it would look like one change.
 */
function lineAlignedInsertion(before: string, region: TextReplacement): TextReplacement {
  let { start, text } = region;
  let best: TextReplacement | undefined;
  for (;;) {
    if (text.endsWith('\n') && (start === 0 || before[start - 1] === '\n')) best = { start, end: start, text };
    if (start === 0 || text.length === 0 || text[text.length - 1] !== before[start - 1]) break;
    text = before[start - 1] + text.slice(0, -1);
    start--;
  }
  return best ?? region;
}

/**
 * Where an edit's target is: the occurrence nearest before the change (what a
 * `replace` rewrites, or the line an `insert_after` follows). Absent for `append` and
 * fallback appends, whose place is the end of the body.
 */
function targetOccurrence(baseText: string, edit: ReviewEdit, region: TextReplacement): OffsetRange | undefined {
  if (!edit.target || edit.op === 'append') return undefined;
  const target = baseText.includes('\r\n') ? edit.target.replace(/\r?\n/g, '\r\n') : edit.target;
  const at = baseText.lastIndexOf(target, region.start);
  return at === -1 ? undefined : { start: at, end: at + target.length };
}

/** One edit alone: a SkillOpt edit through the core's `applyEdits`, or a slow update's guidance into its region. */
function applyOneEdit(baseText: string, edit: ReviewEdit, editOptions: ApplyEditsOptions): { text: string; reports: EditReport[] } {
  if (edit.op !== SLOW_UPDATE_OP) return applyEdits(baseText, [edit], editOptions);
  return { text: replaceSlowUpdateRegion(baseText, edit.content ?? ''), reports: [{ index: 1, op: edit.op, status: 'applied' }] };
}

/** Edits in order, as the trainer applies them; a slow update (reviewed on its own) through its region. */
function applyReviewEdits(baseText: string, edits: readonly ReviewEdit[], editOptions: ApplyEditsOptions): { text: string; reports: EditReport[] } {
  if (!edits.some((edit) => edit.op === SLOW_UPDATE_OP)) return applyEdits(baseText, edits, editOptions);
  let text = baseText;
  const reports = edits.map((edit, index) => {
    const result = applyOneEdit(text, edit, editOptions);
    text = result.text;
    return { ...result.reports[0]!, index: index + 1 };
  });
  return { text, reports };
}

/** Groups edits whose regions (or anchors) overlap or touch: they cannot be decided apart. */
function groupOverlapping(singles: SingleEdit[]): SingleEdit[][] {
  const parent = singles.map((_, index) => index);
  const find = (index: number): number => (parent[index] === index ? index : (parent[index] = find(parent[index])));
  const closedOverlap = (a: OffsetRange, b: OffsetRange) => a.start <= b.end && b.start <= a.end;
  for (let a = 0; a < singles.length; a++) {
    for (let b = a + 1; b < singles.length; b++) {
      const first = singles[a];
      const second = singles[b];
      const linked =
        closedOverlap(first.guard, second.guard) ||
        (first.anchor !== undefined && closedOverlap(first.anchor, second.region)) ||
        (second.anchor !== undefined && closedOverlap(second.anchor, first.region));
      if (linked) parent[find(b)] = find(a);
    }
  }
  const groups = new Map<number, SingleEdit[]>();
  singles.forEach((single, index) => {
    const root = find(index);
    groups.set(root, [...(groups.get(root) ?? []), single]);
  });
  return [...groups.values()];
}

function hunkOf(baseText: string, group: SingleEdit[], edits: readonly ReviewEdit[], editOptions: ApplyEditsOptions): PlannedHunk {
  if (group.length === 1) {
    const [single] = group;
    return buildHunk(baseText, single.indices, [single.region], single.status, single.guard, single.anchor);
  }
  const indices = group.flatMap((single) => single.indices).sort((a, b) => a - b);
  const together = applyReviewEdits(baseText, indices.map((index) => edits[index]), editOptions);
  const parts = lineDiffReplacements(baseText, together.text);
  const guard = group.reduce((range, single) => union(range, single.guard), spanOf(parts));
  return buildHunk(baseText, indices, parts, fallbackStatus(together.reports), guard);
}

function fallbackStatus(reports: readonly EditReport[]): EditStatus {
  return reports.some((report) => report.status === 'applied_fallback_append') ? 'applied_fallback_append' : 'applied';
}

function buildHunk(
  baseText: string,
  editIndices: readonly number[],
  parts: readonly TextReplacement[],
  status: EditStatus,
  guard?: OffsetRange,
  anchor?: OffsetRange,
): PlannedHunk {
  const span = spanOf(parts);
  const originalText = baseText.slice(span.start, span.end);
  const proposedText = applyReplacements(
    originalText,
    parts.map((part) => ({ start: part.start - span.start, end: part.end - span.start, text: part.text })),
  );
  const { added, removed } = countLines(originalText, proposedText);
  return { editIndices, parts, span, guard: guard ? union(guard, span) : span, anchor, originalText, proposedText, addedLines: added, removedLines: removed, status };
}

/** Lines added and removed between two texts, as a line diff counts them. */
export function countLines(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const change of diffLines(before, after)) {
    if (change.added) added += change.count;
    if (change.removed) removed += change.count;
  }
  return { added, removed };
}

/** The replacements a line diff finds between two texts (whole lines), in order. */
export function lineDiffReplacements(before: string, after: string): TextReplacement[] {
  return replacementsFromChanges(diffLines(before, after));
}

function spanOf(parts: readonly OffsetRange[]): OffsetRange {
  return { start: parts[0].start, end: parts[parts.length - 1].end };
}

function union(a: OffsetRange, b: OffsetRange): OffsetRange {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

function sortByIndex(entries: UnappliedEdit[]): UnappliedEdit[] {
  return [...entries].sort((a, b) => a.index - b.index);
}
