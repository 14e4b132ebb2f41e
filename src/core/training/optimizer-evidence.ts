/**
 * What the optimizer is shown about a rollout: the task with its input files, what an
 * agent target did (its trajectory, bounded: see `trajectory-evidence.ts`), the
 * target's whole answer, every check with its reason (the judge's evidence included)
 * and the reference answer. As in SkillOpt, tasks and answers are not cut by default;
 * only when a prompt's evidence exceeds its token budget are the longest texts
 * shortened, each with a visible marker saying how much was left out and why.
 */
import { estimateTextTokens } from '../models/policies/request-size';
import type { RolloutResult } from './rollout-stage';
import { formatTrajectory } from './trajectory-evidence';

/**
 * Tokens of task evidence one optimizer prompt may carry. Sized for the optimizer
 * models SkillOpt uses (128k+ context windows), leaving room for the skill, the
 * instructions and a 16k-token reply.
 */
export const EVIDENCE_TOKEN_BUDGET = 80_000;

/** A text field of the evidence that may be shortened to fit the budget. */
interface Field {
  text: string;
}

/** The evidence of one rollout, with its long texts as fields to fit. */
export interface EvidenceBlock {
  render: (fields: readonly string[]) => string;
  fields: Field[];
}

/** Checks as lines; `onlyFailed` keeps the failed ones (what the failure analyst needs). */
export function formatChecks(result: RolloutResult, onlyFailed: boolean): string {
  const lines = result.score.checks
    .filter((check) => (onlyFailed ? !check.pass : true))
    .map((check) => `- [${check.kind}${check.pass ? ', passed' : ', failed'}] ${check.name} — ${check.reason}`);
  return lines.join('\n') || '- (none)';
}

/** The task as the target saw it: its prompt and each input file. */
function taskFields(result: RolloutResult): string[] {
  return [result.task.prompt, ...(result.files ?? []).map((file) => file.content)];
}

function renderTask(result: RolloutResult, texts: readonly string[]): string {
  const [prompt, ...files] = texts;
  const fileBlocks = (result.files ?? []).map((file, index) => `<input_file path="${file.path}">\n${files[index]}\n</input_file>\n`).join('');
  return `<prompt>\n${prompt}\n</prompt>\n${fileBlocks}`;
}

/**
 * One rollout for the reflect prompt: task, inputs, what the agent did (agent-CLI
 * targets' trajectories), the answer, why it failed, the reference.
 */
export function rolloutEvidence(result: RolloutResult, failure: boolean): EvidenceBlock {
  const task = taskFields(result);
  const trajectory = formatTrajectory(result.trajectory, result.output);
  const reference = result.task.expectedOutput;
  const at = { trajectory: task.length, output: task.length + (trajectory ? 1 : 0) };
  return {
    fields: [...task, ...(trajectory ? [trajectory] : []), result.output, ...(reference ? [reference] : [])].map((text) => ({ text })),
    render: (texts) => {
      const output = texts[at.output];
      const referenceText = reference ? `<reference_answer>\n${texts[at.output + 1]}\n</reference_answer>\n` : '';
      const trajectoryText = trajectory ? texts[at.trajectory] : '';
      const tag = failure ? 'failed_checks' : 'checks';
      return (
        `<task id="${result.task.id}" hard="${result.score.hard}" soft="${result.score.soft.toFixed(2)}">\n` +
        `${renderTask(result, texts.slice(0, task.length))}${trajectoryText}<answer>\n${output}\n</answer>\n${referenceText}` +
        `<${tag}>\n${formatChecks(result, failure)}\n</${tag}>\n</task>`
      );
    },
  };
}

function cutMarker(removed: number, budget: number): string {
  return `\n[… ${removed} characters left out here so the prompt fits its evidence budget of ${budget} tokens]`;
}

/**
 * Renders the blocks within `budget` tokens. When they do not fit, the longest field is
 * halved (longest first) until they do; every shortened field ends with a marker.
 * Returns the rendered blocks and how many fields were shortened.
 */
export function fitEvidence(blocks: readonly EvidenceBlock[], budget = EVIDENCE_TOKEN_BUDGET): { texts: string[]; shortened: number } {
  const lengths = blocks.map((block) => block.fields.map((field) => field.text.length));
  const fieldTotal = () => lengths.flat().reduce((sum, length) => sum + length, 0);
  // Tags, ids and checks (everything but the fields) are never shortened.
  const framing = blocks.map((block) => block.render(block.fields.map((field) => field.text))).join('').length - fieldTotal();
  const tokensPerCharacter = estimateTextTokens('x'.repeat(4_000)) / 4_000;
  const shortened = new Set<string>();
  while ((framing + fieldTotal()) * tokensPerCharacter > budget) {
    let longest: [number, number] | undefined;
    for (const [index, fields] of lengths.entries()) {
      for (const [at, length] of fields.entries()) if (!longest || length > lengths[longest[0]][longest[1]]) longest = [index, at];
    }
    // Below a few hundred characters a field says little once cut: stop rather than shred it.
    if (!longest || lengths[longest[0]][longest[1]] < 400) break;
    lengths[longest[0]][longest[1]] = Math.floor(lengths[longest[0]][longest[1]] / 2);
    shortened.add(`${longest[0]}:${longest[1]}`);
  }
  const texts = blocks.map((block, index) =>
    block.render(
      block.fields.map((field, at) => {
        const kept = lengths[index][at];
        return kept >= field.text.length ? field.text : `${field.text.slice(0, kept)}${cutMarker(field.text.length - kept, budget)}`;
      }),
    ),
  );
  return { texts, shortened: shortened.size };
}
