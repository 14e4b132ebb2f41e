/**
 * An agent's trajectory as the optimizer reads it: one line per step (its messages,
 * each tool call with its input, each result or error), compact and bounded. SkillOpt
 * shows its analysts the whole trajectory; an agent-CLI session can hold hundreds of
 * steps and whole files, so here each text keeps its beginning and end, and each
 * rollout's trajectory its first and last steps, with notes of what was left out.
 */
import type { AgentTrajectory, TrajectoryStep } from '../models/agent-trajectory';
import { boundTrajectory, trajectoryLength, type TrajectoryBounds } from '../models/bound-trajectory';

/**
 * Characters shown of one rollout's trajectory: 2,000 of any one text (a tool's
 * output, a message), 16,000 in all (about 4,000 tokens), so a minibatch of eight
 * agent rollouts adds about 32,000 tokens: well inside the evidence budget of one
 * reflect prompt (`EVIDENCE_TOKEN_BUDGET`), beside the tasks and the answers.
 */
export const TRAJECTORY_EVIDENCE_BOUNDS: TrajectoryBounds = { fieldCharacters: 2_000, totalCharacters: 16_000 };

/**
 * Characters shown of each trajectory in the slow update's comparison, which shows two
 * per task (both epochs) for up to 20 tasks: 1,000 of any one text, 4,000 in all
 * (about 1,000 tokens), so 40 of them stay near 40,000 tokens.
 */
export const COMPARISON_TRAJECTORY_BOUNDS: TrajectoryBounds = { fieldCharacters: 1_000, totalCharacters: 4_000 };

function stepLine(step: TrajectoryStep): string {
  switch (step.type) {
    case 'text':
      return `[agent] ${step.text}`;
    case 'tool_call':
      return `[tool call ${step.name}] ${step.input}`;
    case 'tool_result': {
      const name = step.name ? ` ${step.name}` : '';
      if (step.error === undefined) return `[tool result${name}] ${step.output}`;
      return `[tool error${name}] ${step.error}${step.output ? `\n${step.output}` : ''}`;
    }
    case 'notice':
      return `[notice] ${step.message}`;
    case 'omitted':
      return `[… ${step.steps} steps (${step.characters} characters) left out here]`;
  }
}

/**
 * The trajectory block of a rollout's evidence, or undefined when the target gave no
 * trajectory (plain chat APIs: their evidence stays as it was). The agent's last
 * message is left out when it is the answer shown right after.
 */
export function formatTrajectory(trajectory: AgentTrajectory | undefined, answer: string, bounds = TRAJECTORY_EVIDENCE_BOUNDS): string | undefined {
  if (!trajectory || (trajectory.steps.length === 0 && trajectory.skippedLines === 0)) return undefined;
  const steps = [...trajectory.steps];
  const last = steps.at(-1);
  if (last?.type === 'text' && last.text.trim() === answer.trim()) steps.pop();
  const bounded = boundTrajectory({ ...trajectory, steps }, bounds);
  const lines = bounded.steps.map(stepLine);
  if (trajectory.skippedLines > 0) lines.push(`[${trajectory.skippedLines} line(s) of the agent's output could not be read and are missing here]`);
  return `<trajectory steps="${trajectoryLength(trajectory)}">\n${lines.join('\n')}\n</trajectory>\n`;
}
