/**
 * The optimizer's prompts, kept as Markdown templates beside this file and filled with
 * `{{name}}` values. Every system prompt that proposes or combines edits carries the
 * shared edit rules.
 */
import { renderTemplate } from '../tasks/render-template';
import appendixConsolidationSystem from './prompts/appendix-consolidation-system.md';
import appendixConsolidationUser from './prompts/appendix-consolidation-user.md';
import editCountSystem from './prompts/edit-count-system.md';
import editCountUser from './prompts/edit-count-user.md';
import editRules from './prompts/edit-rules.md';
import mergeFailureSystem from './prompts/merge-failure-system.md';
import mergeFinalSystem from './prompts/merge-final-system.md';
import mergeSuccessSystem from './prompts/merge-success-system.md';
import mergeUser from './prompts/merge-user.md';
import metaSkillSystem from './prompts/meta-skill-system.md';
import metaSkillUser from './prompts/meta-skill-user.md';
import modeFullRewriteAnalyst from './prompts/mode-full-rewrite-analyst.md';
import modeFullRewriteMerge from './prompts/mode-full-rewrite-merge.md';
import modeSuggestionsAnalyst from './prompts/mode-suggestions-analyst.md';
import modeSuggestionsMerge from './prompts/mode-suggestions-merge.md';
import rankSystem from './prompts/rank-system.md';
import rankUser from './prompts/rank-user.md';
import reflectFailureSystem from './prompts/reflect-failure-system.md';
import reflectSuccessSystem from './prompts/reflect-success-system.md';
import reflectUser from './prompts/reflect-user.md';
import rewriteSystem from './prompts/rewrite-system.md';
import rewriteUser from './prompts/rewrite-user.md';
import slowUpdateSystem from './prompts/slow-update-system.md';
import skillAwareFailure from './prompts/skill-aware-failure.md';
import skillAwareSuccess from './prompts/skill-aware-success.md';
import slowUpdateUser from './prompts/slow-update-user.md';

const templates = {
  reflectFailureSystem,
  reflectSuccessSystem,
  reflectUser,
  mergeFailureSystem,
  mergeSuccessSystem,
  mergeFinalSystem,
  mergeUser,
  rankSystem,
  rankUser,
  slowUpdateSystem,
  slowUpdateUser,
  metaSkillSystem,
  metaSkillUser,
  editCountSystem,
  editCountUser,
  skillAwareFailure,
  skillAwareSuccess,
  appendixConsolidationSystem,
  appendixConsolidationUser,
  modeSuggestionsAnalyst,
  modeFullRewriteAnalyst,
  modeSuggestionsMerge,
  modeFullRewriteMerge,
  rewriteSystem,
  rewriteUser,
} as const;

export type PromptName = keyof typeof templates;

/** Fills a prompt template. `rules` (the shared edit rules) is always available. */
export function renderPrompt(name: PromptName, values: Record<string, string | number>): string {
  return renderTemplate(templates[name], { rules: editRules.trim(), ...values }).text.trim();
}

/** The meta-skill block put in front of reflect, merge and rank prompts (empty when there is none). */
export function metaSkillBlock(memory: string): string {
  const trimmed = memory.trim();
  if (trimmed === '') return '';
  return (
    '<meta_skill>\nLessons from earlier epochs of this run about which kinds of edit helped or hurt. ' +
    'Prefer them when the evidence below is ambiguous; do not follow them against clear evidence.\n\n' +
    `${trimmed}\n</meta_skill>\n\n`
  );
}

/** This epoch's step history as a block of a prompt (empty when there is none yet). */
export function stepHistoryBlock(stepHistory: string): string {
  const trimmed = stepHistory.trim();
  return trimmed ? `<step_history>\n${trimmed}\n</step_history>\n\n` : '';
}
