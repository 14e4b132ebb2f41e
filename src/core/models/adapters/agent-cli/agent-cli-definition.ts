/**
 * What differs between agent CLIs (command line, isolation, output format), so one
 * runner can serve Claude Code, Codex and Gemini CLI alike.
 */
import type { AgentTrajectory } from '../../agent-trajectory';
import type { AgentCliProvider } from '../../model-spec';
import type { AdapterContext } from '../provider-failure';
import type { AgentProcessResult } from './run-agent-process';
import type { TemporaryProject } from './temporary-project';

/** A child-process environment. */
export type Environment = Record<string, string | undefined>;

/** How to start one session. */
export interface AgentCliInvocation {
  args: string[];
  /** The complete environment of the CLI process. */
  env: Environment;
  /** The prompt, when the CLI reads it from stdin. */
  stdin?: string;
}

/** What a finished session produced. Token counts follow `Usage` (input includes cached). */
export interface AgentCliOutput {
  text: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** USD, when the CLI reports its own cost; otherwise null (priced by the policies). */
  costUsd: number | null;
  turns?: number;
  /** The session's steps, read from the CLI's event stream. */
  trajectory?: AgentTrajectory;
}

export interface AgentCliPrepareInput {
  prompt: string;
  /** '' to let the CLI use its default model. */
  model: string;
  project: TemporaryProject;
  /** The environment the caller lets agent CLIs inherit (PATH, logins, keys). */
  environment: Environment;
  /** The user's home folder, where the CLI keeps its real login. */
  userHomeDirectory: string;
  /** Extra command-line arguments from the settings, placed before the prompt. */
  extraArgs: string[];
}

export interface AgentCliDefinition {
  provider: AgentCliProvider;
  /** Product name for messages, e.g. `Claude Code`. */
  displayName: string;
  /** Looked up on PATH when no executable path is configured. */
  defaultExecutable: string;
  installCommand: string;
  /** How to fix a login failure, appended to auth errors. */
  loginHint: string;
  /** Project-relative folder the CLI loads project skills from. */
  skillsFolder: string;
  prepare(input: AgentCliPrepareInput): Promise<AgentCliInvocation>;
  /** Reads a finished session; throws ProviderCallError when it failed or printed garbage. */
  parse(result: AgentProcessResult, context: AdapterContext): AgentCliOutput;
}
