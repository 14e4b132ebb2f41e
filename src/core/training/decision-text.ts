/**
 * The gate's decisions in words, as the Checkpoints view, the score-trends webview and
 * the command line all say them. No imports: the webview bundle includes this file too.
 */
export const DECISION_TEXT: Readonly<Record<string, string>> = {
  baseline: 'baseline (the skill as it started)',
  accept_new_best: 'accepted — new best',
  accept: 'accepted',
  reject: 'rejected by the gate',
  force_accept: 'accepted (gate off)',
  skip_no_edits: 'skipped — no edits proposed',
  skip_unchanged: 'skipped — the edits changed nothing',
  skip_guarded: 'skipped — the guards rejected every edit',
  superseded: 'not kept — you accepted a selection of its edits instead',
  final: 'final skill (after slow update)',
  final_new_best: 'final skill (after slow update) — new best',
};

/** The words for a decision (`accept_new_best`, `reject`, …); unknown ones as written, without underscores. */
export function decisionText(decision: string): string {
  return DECISION_TEXT[decision] ?? decision.replace(/_/g, ' ');
}
