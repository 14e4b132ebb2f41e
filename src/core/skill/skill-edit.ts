/**
 * One bounded change to a skill, as the optimizer proposes it. `op` is `append`,
 * `insert_after`, `replace` or `delete`; any other op is reported and skipped.
 */
export interface SkillEdit {
  readonly op: string;
  /** Text to find in the skill body (first occurrence); ignored by `append`. */
  readonly target?: string;
  /** Text to add; trimmed, and stripped of protected-region markers, before use. */
  readonly content?: string;
}

/** What happened to one edit. The names are SkillOpt's apply-report outcomes, unified. */
export type EditStatus =
  | 'applied'
  | 'applied_fallback_append'
  | 'skipped_protected'
  | 'skipped_target_missing'
  | 'skipped_unknown_op';

/** One line of the apply report, in the order the edits were given. */
export interface EditReport {
  /** 1-based position of the edit in the list. */
  readonly index: number;
  readonly op: string;
  readonly status: EditStatus;
}

/** The edited skill and one report per edit. */
export interface ApplyEditsResult {
  readonly text: string;
  readonly reports: EditReport[];
}

/**
 * How `applyEdits` applies edits. The default is SkillOpt's behaviour byte for byte;
 * each option is a deliberate, named difference from it.
 */
export interface ApplyEditsOptions {
  /**
   * List items inserted (`insert_after`) after an item of a tight list join it without
   * the blank line SkillOpt puts on each side, which would split the list in two and
   * make it loose. Off by default (SkillOpt's output); training turns it on with its
   * `keepListsTight` option.
   */
  readonly keepListsTight?: boolean;
}
