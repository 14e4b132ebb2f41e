/**
 * What an agent did during one session (an agent-CLI call): its messages, the tools it
 * called with their inputs, what they returned or why they failed. SkillOpt's analysts
 * reflect on the trajectory, not only on the final answer; plain chat APIs have none.
 *
 * Trajectories are stored in the call journal, the response cache and the rollout
 * records, and read back through `agentTrajectorySchema`.
 */
import { z } from 'zod';

const textStepSchema = z.object({
  /** Text the agent wrote: intermediate messages as well as the final one. */
  type: z.literal('text'),
  text: z.string(),
});

const toolCallStepSchema = z.object({
  type: z.literal('tool_call'),
  /** The tool as the CLI names it (`Bash`, `shell`, `read_file`, `server.tool` for MCP). */
  name: z.string(),
  /** Its input: a command line, or the arguments as compact JSON. */
  input: z.string(),
  /** Pairs the call with its result, when the CLI gives ids. */
  callId: z.string().optional(),
});

const toolResultStepSchema = z.object({
  type: z.literal('tool_result'),
  /** The tool's name, when the CLI's result names it or its call did. */
  name: z.string().optional(),
  /** What the tool returned (a command's output, a file's text). */
  output: z.string(),
  /** Set when the tool failed: why (`exit code 2`, the tool's error message). */
  error: z.string().optional(),
  callId: z.string().optional(),
});

const noticeStepSchema = z.object({
  /** A non-fatal error or warning the CLI reported during the session (a loop detected, a tool refused). */
  type: z.literal('notice'),
  message: z.string(),
});

const omittedStepSchema = z.object({
  /** Steps left out here to keep the trajectory within a size bound (see `boundTrajectory`). */
  type: z.literal('omitted'),
  steps: z.number().int().nonnegative(),
  /** Characters of text those steps held. */
  characters: z.number().int().nonnegative(),
});

export const trajectoryStepSchema = z.discriminatedUnion('type', [textStepSchema, toolCallStepSchema, toolResultStepSchema, noticeStepSchema, omittedStepSchema]);

export const agentTrajectorySchema = z.object({
  steps: z.array(trajectoryStepSchema),
  /** Lines of the CLI's output that could not be read as events and were skipped. */
  skippedLines: z.number().int().nonnegative(),
});

export type TrajectoryStep = z.infer<typeof trajectoryStepSchema>;
export type AgentTrajectory = z.infer<typeof agentTrajectorySchema>;

/** A stored trajectory read back (journal, cache, rollout records): undefined when absent or damaged. */
export function readTrajectory(value: unknown): AgentTrajectory | undefined {
  if (value === undefined) return undefined;
  const parsed = agentTrajectorySchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
