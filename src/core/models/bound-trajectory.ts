/**
 * Keeps a trajectory within a size: each long text keeps its beginning and its end
 * (where commands print their errors and summaries) around a note of how much was
 * cut, and when the whole is still too long, the middle steps give way to one
 * `omitted` step that says how many steps and characters it stands for. Adapters bound
 * what they store; the optimizer's evidence bounds what it shows, more tightly.
 */
import type { AgentTrajectory, TrajectoryStep } from './agent-trajectory';

export interface TrajectoryBounds {
  /** Characters kept of any one text (a message, a tool's input or output). */
  fieldCharacters: number;
  /** Characters kept of all the steps' texts together. */
  totalCharacters: number;
}

/** The note left where a text was cut; the number is read back when a cut text is cut again. */
const cutNote = (characters: number) => `\n[… ${characters} characters left out …]\n`;
const cutNotePattern = /\n\[… (\d+) characters left out …\]\n/g;

/**
 * `text` within `limit` characters (the note aside): its first and last halves around a
 * note of how many characters were left out, counting those an earlier cut removed.
 */
export function clipMiddle(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const head = Math.ceil(limit / 2);
  const tail = Math.floor(limit / 2);
  const removed = text.slice(head, text.length - tail);
  let characters = removed.length;
  for (const note of removed.matchAll(cutNotePattern)) characters += Number(note[1]) - note[0].length;
  return `${text.slice(0, head)}${cutNote(characters)}${text.slice(text.length - tail)}`;
}

/** Characters of text a step holds. */
export function stepCharacters(step: TrajectoryStep): number {
  switch (step.type) {
    case 'text':
      return step.text.length;
    case 'tool_call':
      return step.name.length + step.input.length;
    case 'tool_result':
      return step.output.length + (step.error?.length ?? 0);
    case 'notice':
      return step.message.length;
    case 'omitted':
      return 0;
  }
}

function clipStep(step: TrajectoryStep, limit: number): TrajectoryStep {
  switch (step.type) {
    case 'text':
      return { ...step, text: clipMiddle(step.text, limit) };
    case 'tool_call':
      return { ...step, input: clipMiddle(step.input, limit) };
    case 'tool_result':
      return { ...step, output: clipMiddle(step.output, limit), ...(step.error !== undefined ? { error: clipMiddle(step.error, limit) } : {}) };
    case 'notice':
      return { ...step, message: clipMiddle(step.message, limit) };
    case 'omitted':
      return step;
  }
}

/** One `omitted` step for `steps`, adding up those already omitted among them. */
function omission(steps: readonly TrajectoryStep[]): TrajectoryStep {
  let count = 0;
  let characters = 0;
  for (const step of steps) {
    count += step.type === 'omitted' ? step.steps : 1;
    characters += step.type === 'omitted' ? step.characters : stepCharacters(step);
  }
  return { type: 'omitted', steps: count, characters };
}

/**
 * The trajectory within `bounds`: every text clipped to `fieldCharacters`; then, if the
 * steps still hold more than `totalCharacters`, the first steps and the last steps that
 * fit half the total each, with the middle replaced by one `omitted` step.
 */
export function boundTrajectory(trajectory: AgentTrajectory, bounds: TrajectoryBounds): AgentTrajectory {
  const steps = trajectory.steps.map((step) => clipStep(step, bounds.fieldCharacters));
  const total = steps.reduce((sum, step) => sum + stepCharacters(step), 0);
  if (total <= bounds.totalCharacters) return { ...trajectory, steps };
  const half = bounds.totalCharacters / 2;
  let head = 0;
  for (let used = 0; head < steps.length && used + stepCharacters(steps[head]) <= half; head += 1) used += stepCharacters(steps[head]);
  let tail = steps.length;
  for (let used = 0; tail > head && used + stepCharacters(steps[tail - 1]) <= half; tail -= 1) used += stepCharacters(steps[tail - 1]);
  return { ...trajectory, steps: [...steps.slice(0, head), omission(steps.slice(head, tail)), ...steps.slice(tail)] };
}

/** How many steps the agent took, those left out included. */
export function trajectoryLength(trajectory: AgentTrajectory): number {
  return trajectory.steps.reduce((sum, step) => sum + (step.type === 'omitted' ? step.steps : 1), 0);
}
