/**
 * The Draft Eval Tasks review page: each drafted task in full (prompt, expected
 * output, what must pass, what is graded) with Keep / Edit / Drop, and Keep All /
 * Drop All for the rest. Reviewed tasks are only counted, never shown for review.
 */
import { assertionLabel } from '../../core/diagnostics';
import type { EvalTask } from '../../core/tasks';
import { actionButton, escapeHtml, webviewPage } from './webview-page';

/** What the page shows: the skill, its drafts, how many tasks are reviewed, or why the file cannot be read. */
export interface DraftReviewView {
  skillName: string;
  /** evals.json, workspace-relative. */
  fileLabel: string;
  drafts: EvalTask[];
  reviewed: number;
  /** The file's first error, when it cannot be read. */
  problem?: string;
}

function list(items: readonly string[]): string {
  return `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
}

function kindOf(task: EvalTask): { label: string; text: string } {
  const match = /^(Main case|Edge case|Near-miss[^:]*): (.*)$/s.exec(task.description ?? '');
  return match ? { label: match[1]!.replace(/ \(.*\)$/, ''), text: match[2]! } : { label: 'Task', text: task.description ?? '' };
}

function draftCard(task: EvalTask): string {
  const kind = kindOf(task);
  const mustPass = [...task.rubric.hard, ...task.assert.map((spec) => `assertion: ${assertionLabel(spec)}`)];
  const graded = task.rubric.soft.map((soft) => `${soft.criterion} (weight ${soft.weight})`);
  return `<article class="card draft" data-task="${escapeHtml(task.id)}" aria-label="Draft ${escapeHtml(task.id)}">
  <header><h2>${escapeHtml(task.id)}</h2><span class="badge">${escapeHtml(kind.label)}</span><span class="muted">${escapeHtml(kind.text)}</span></header>
  <div class="label">Prompt</div><pre>${escapeHtml(task.prompt)}</pre>
  ${task.expectedOutput ? `<div class="label">Expected output</div><pre>${escapeHtml(task.expectedOutput)}</pre>` : ''}
  ${mustPass.length > 0 ? `<div class="label">Must pass</div>${list(mustPass)}` : ''}
  ${graded.length > 0 ? `<div class="label">Graded (partial credit)</div>${list(graded)}` : ''}
  <div class="actions">
    ${actionButton('Keep', 'keep', { id: task.id, title: 'Mark this task as reviewed: training and evaluation will use it' })}
    ${actionButton('Edit', 'edit', { id: task.id, secondary: true, title: 'Open the task in evals.json; Keep it once it reads right' })}
    ${actionButton('Drop', 'drop', { id: task.id, secondary: true, title: 'Remove this draft from evals.json' })}
  </div>
</article>`;
}

export function draftReviewHtml(view: DraftReviewView, cspSource: string): string {
  const title = `Review Draft Tasks: ${view.skillName}`;
  let body: string;
  if (view.problem) {
    body = `<h1>${escapeHtml(title)}</h1>
<p class="lead">${escapeHtml(view.fileLabel)} cannot be read, so its drafts cannot be reviewed here: ${escapeHtml(view.problem)}</p>
<div class="toolbar">${actionButton('Open evals.json', 'open')}</div>`;
  } else if (view.drafts.length === 0 && view.reviewed === 0) {
    body = `<h1>${escapeHtml(title)}</h1>
<p class="lead empty">${escapeHtml(view.fileLabel)} has no tasks left: draft some again, or write your own.</p>
<div class="toolbar">${actionButton('Draft Eval Tasks', 'draft')}${actionButton('Open evals.json', 'open', { secondary: true })}</div>`;
  } else if (view.drafts.length === 0) {
    body = `<h1>${escapeHtml(title)}</h1>
<p class="lead empty">No drafts left to review in ${escapeHtml(view.fileLabel)}: its ${view.reviewed} task${view.reviewed === 1 ? ' is' : 's are'} ready for Evaluate Skill and Optimize Skill.</p>
<div class="toolbar">${actionButton('Evaluate Skill', 'evaluate')}${actionButton('Open evals.json', 'open', { secondary: true })}</div>`;
  } else {
    body = `<h1>${escapeHtml(title)}</h1>
<p class="lead"><span id="draft-count">${view.drafts.length} draft${view.drafts.length === 1 ? '' : 's'} to review</span>${view.reviewed > 0 ? ` · ${view.reviewed} reviewed task${view.reviewed === 1 ? '' : 's'}` : ''} in ${escapeHtml(view.fileLabel)}.
Training and evaluation use the skill's tasks only once every draft is kept or dropped: read each one as the person who will trust its score.</p>
<div class="toolbar">${actionButton(`Keep All (${view.drafts.length})`, 'keepAll')}${actionButton('Drop All', 'dropAll', { secondary: true })}${actionButton('Open evals.json', 'open', { secondary: true })}</div>
${view.drafts.map(draftCard).join('\n')}`;
  }
  return webviewPage(title, body, cspSource);
}
