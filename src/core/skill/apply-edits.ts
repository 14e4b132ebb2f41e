import { applyEditToBody, editField } from './apply-edit-to-body';
import type { ApplyEditsOptions, ApplyEditsResult, EditReport, SkillEdit } from './skill-edit';
import { splitBody } from './split-body';

/**
 * Applies `edits` in order with SkillOpt's semantics, so skills move between the two
 * tools unchanged:
 * - `content` is trimmed (Python's whitespace), then every protected marker is removed.
 * - A non-empty `target` whose first occurrence starts inside a protected region (first
 *   start marker of a kind through the end of the first end marker of that kind) skips
 *   the edit, whatever its op.
 * - `append` adds `⏎⏎content⏎⏎` before the earliest protected start marker (text before it
 *   right-trimmed), or the right-trimmed text + `⏎⏎content⏎` when there is none.
 * - `insert_after` inserts `⏎content⏎` after the first line break at or after the end of
 *   the target's first occurrence (at the very end when none); with an empty or missing
 *   target it appends and reports `applied_fallback_append`.
 * - `replace` / `delete` change the first occurrence; an empty or missing target is
 *   `skipped_target_missing`. Any other op is `skipped_unknown_op`.
 * With frontmatter, edits act on the body only: its bytes (and the BOM) never change and a
 * target found only there is `skipped_protected`. ⏎ is the document's own line ending.
 * Never throws, whatever the edits contain.
 * `options` name deliberate differences from SkillOpt; without them the output is
 * SkillOpt's byte for byte (see ApplyEditsOptions).
 */
export function applyEdits(documentText: string, edits: readonly SkillEdit[], options: ApplyEditsOptions = {}): ApplyEditsResult {
  const { head, body, lineEnding } = splitBody(documentText);
  let current = body;
  const reports: EditReport[] = [];
  const list: readonly unknown[] = Array.isArray(edits) ? edits : [];
  list.forEach((edit, position) => {
    const result = applyEditToBody(current, edit, { head, lineEnding, keepListsTight: options.keepListsTight });
    current = result.body;
    reports.push({ index: position + 1, op: editField(edit, 'op'), status: result.status });
  });
  return { text: head + current, reports };
}
