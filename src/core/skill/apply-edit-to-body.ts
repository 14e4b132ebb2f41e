import { normalizeLineEndings, type LineEnding } from './line-endings';
import { earliestProtectedStart, stripProtectedMarkers } from './protected-markers';
import { isProtectedOffset } from './protected-regions';
import { pythonRstrip, pythonStrip } from './python-whitespace';
import type { EditStatus } from './skill-edit';
import { continuesTightList, tightListStartAfter } from './tight-list';

/** Where one edit is applied: the editable body, and the untouchable text before it. */
export interface EditContext {
  /** BOM and frontmatter; a target found only here is protected. */
  readonly head: string;
  /** The document's line break. SkillOpt writes `\n`; a CRLF document gets `\r\n` instead. */
  readonly lineEnding: LineEnding;
  /** See ApplyEditsOptions.keepListsTight; off is SkillOpt's behaviour. */
  readonly keepListsTight?: boolean;
}

/** Reads a field of an edit that may come straight from a model's JSON. */
export function editField(edit: unknown, field: 'op' | 'target' | 'content'): string {
  if (typeof edit !== 'object' || edit === null) return '';
  const value = (edit as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : '';
}

/**
 * Applies one edit to `body` with SkillOpt's semantics (see applyEdits). Line breaks in
 * the target and content are rewritten to the document's line ending first, so a CRLF
 * skill finds targets the model quoted with `\n` and stays pure CRLF; on an LF document
 * this is exactly SkillOpt.
 */
export function applyEditToBody(body: string, edit: unknown, context: EditContext): { body: string; status: EditStatus } {
  const eol = context.lineEnding;
  const op = editField(edit, 'op');
  const target = normalizeLineEndings(editField(edit, 'target'), eol);
  const content = normalizeLineEndings(stripProtectedMarkers(pythonStrip(editField(edit, 'content'))), eol);
  const at = target === '' ? -1 : body.indexOf(target);

  if (target !== '') {
    const onlyInHead = at === -1 && (context.head + body).includes(target);
    if (onlyInHead || (at !== -1 && isProtectedOffset(body, at))) return { body, status: 'skipped_protected' };
  }

  switch (op) {
    case 'append':
      return { body: appendContent(body, content, context), status: 'applied' };
    case 'insert_after': {
      if (at === -1) return { body: appendContent(body, content, context), status: 'applied_fallback_append' };
      const newline = body.indexOf('\n', at + target.length);
      const insertAt = newline === -1 ? body.length : newline + 1;
      if (context.keepListsTight && continuesTightList(body, insertAt, content)) {
        // List items after an item of a tight list join it as items: no blank lines around them.
        const before = newline === -1 ? eol : '';
        return { body: body.slice(0, insertAt) + before + content + eol + body.slice(insertAt), status: 'applied' };
      }
      const listStart = context.keepListsTight ? tightListStartAfter(body, insertAt, content) : undefined;
      if (listStart !== undefined) {
        // List items after a line (a heading) that a tight list follows join it at its top.
        return { body: body.slice(0, listStart) + content + eol + body.slice(listStart), status: 'applied' };
      }
      return { body: body.slice(0, insertAt) + eol + content + eol + body.slice(insertAt), status: 'applied' };
    }
    case 'replace':
    case 'delete': {
      if (at === -1) return { body, status: 'skipped_target_missing' };
      const replacement = op === 'replace' ? content : '';
      return { body: body.slice(0, at) + replacement + body.slice(at + target.length), status: 'applied' };
    }
    default:
      return { body, status: 'skipped_unknown_op' };
  }
}

/**
 * Adds `content` as its own paragraph: before the earliest protected region when there
 * is one (so machine-managed blocks stay at the tail), else at the end. With
 * keepListsTight, list items appended right after a tight list join it as items.
 */
function appendContent(body: string, content: string, context: EditContext): string {
  const eol = context.lineEnding;
  const protectedStart = earliestProtectedStart(body);
  const kept = pythonRstrip(protectedStart === -1 ? body : body.slice(0, protectedStart));
  const joinsList = context.keepListsTight === true && continuesTightList(kept + eol, kept.length + eol.length, content);
  const gap = joinsList ? eol : eol + eol;
  if (protectedStart !== -1) return kept + gap + content + eol + eol + body.slice(protectedStart);
  return kept + gap + content + eol;
}
