/**
 * The guards of a step's update: every merged edit (or suggestion, or rewritten skill)
 * is screened before selection, so the edit budget goes to edits that can be kept, and
 * a rewrite is screened again once written. A rejected edit carries its reason into the
 * step record, the UI and the step buffer the analysts read, so they do not propose it
 * again. Guards run on the text an edit brings in; they cost no model call.
 */
import type { GuardRejection, StoredEdit } from '../store/run-records';
import { describeLeakage, type LeakageIndex } from './leakage-guard';
import { malformedProblem, type GuardedEdit } from './malformed-edit-guard';

/** Which guards are on (`guards.leakage`, `guards.malformed`). */
export interface GuardSettings {
  leakage: boolean;
  malformed: boolean;
}

export interface GuardContext {
  /** The skill the edits would change. */
  skill: string;
  settings: GuardSettings;
  /** The task text to look for copies of (train and validation tasks). */
  leakage?: LeakageIndex;
}

/** Longest edit content kept in a rejection (characters): a rejected rewrite is a whole skill. */
const STORED_CONTENT_LIMIT = 600;

/** Why the guards reject `edit`, or undefined when it passes. */
export function guardRejection(edit: GuardedEdit & Omit<StoredEdit, 'op' | 'target' | 'content'>, context: GuardContext): GuardRejection | undefined {
  const stored = (): StoredEdit => {
    const content = edit.content !== undefined && edit.content.length > STORED_CONTENT_LIMIT ? `${edit.content.slice(0, STORED_CONTENT_LIMIT - 1)}…` : edit.content;
    return {
      op: edit.op,
      ...(edit.target ? { target: edit.target } : {}),
      ...(content !== undefined ? { content } : {}),
      ...(edit.source ? { source: edit.source } : {}),
      ...(edit.support ? { support: edit.support } : {}),
      ...(edit.reasoning ? { reasoning: edit.reasoning } : {}),
    };
  };
  if (context.settings.malformed) {
    const problem = malformedProblem(edit, context.skill);
    if (problem) return { edit: stored(), guard: 'malformed', reason: problem, hint: problem };
  }
  if (context.settings.leakage && context.leakage && edit.op !== 'delete' && edit.content) {
    const finding = context.leakage.find(edit.content, context.skill);
    if (finding) return { edit: stored(), guard: 'leakage', ...describeLeakage(finding) };
  }
  return undefined;
}

/** The edits that pass every guard, in order, and the rejected ones with their reasons. */
export function screenEdits<Edit extends GuardedEdit & Omit<StoredEdit, 'op' | 'target' | 'content'>>(
  edits: readonly Edit[],
  context: GuardContext,
): { kept: Edit[]; rejected: GuardRejection[] } {
  const kept: Edit[] = [];
  const rejected: GuardRejection[] = [];
  for (const edit of edits) {
    const rejection = guardRejection(edit, context);
    if (rejection) rejected.push(rejection);
    else kept.push(edit);
  }
  return { kept, rejected };
}

/** "leakage — copies 9 words in a row from …" for logs and the CLI. */
export function describeGuardRejection(rejection: GuardRejection): string {
  const what = rejection.edit.op === 'rewrite' ? 'the rewritten skill' : `${rejection.edit.op} "${shorten(rejection.edit.content ?? rejection.edit.target ?? '', 60)}"`;
  return `${what}: ${rejection.guard} — ${rejection.reason}`;
}

function shorten(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
