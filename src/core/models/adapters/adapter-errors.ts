/**
 * Configuration errors met while creating or starting a model, as opposed to a call
 * that failed (ProviderCallError). Each message names the fix.
 */
import { SkillTrainerError } from '../../errors';

/** An agent CLI whose executable could not be started. */
export class AgentCliNotFoundError extends SkillTrainerError {
  readonly provider: string;
  readonly executable: string;

  constructor(options: { provider: string; displayName: string; executable: string; installCommand: string; reason: string }) {
    super(
      'agent_cli_not_found',
      `Cannot start ${options.displayName} for ${options.provider}: '${options.executable}' ${options.reason}. ` +
        `Install it with \`${options.installCommand}\`, or set the path to its executable in the Skill Trainer settings.`,
    );
    this.provider = options.provider;
    this.executable = options.executable;
  }
}

/** Agent CLIs run tools on this machine, so they are refused in an untrusted workspace. */
export class AgentCliUntrustedError extends SkillTrainerError {
  readonly provider: string;

  constructor(provider: string) {
    super(
      'agent_cli_untrusted',
      `The agent CLI target '${provider}' is disabled in an untrusted workspace: an agent session runs tools and ` +
        'commands on this machine. Trust the workspace (Workspaces: Manage Workspace Trust) or pick an API model as target.',
    );
    this.provider = provider;
  }
}

/** A provider that exists only where someone injects it (simulated world, VS Code models). */
export class ProviderUnavailableError extends SkillTrainerError {
  readonly provider: string;

  constructor(provider: string, message: string) {
    super('provider_unavailable', message);
    this.provider = provider;
  }
}

/** An OpenAI-compatible provider without the base URL it needs. */
export class MissingBaseUrlError extends SkillTrainerError {
  readonly provider: string;
  readonly environmentVariable: string;

  constructor(provider: string, environmentVariable: string) {
    super(
      'missing_base_url',
      `No base URL for ${provider}: set ${environmentVariable} (e.g. http://localhost:8000/v1 for vLLM, ` +
        'https://openrouter.ai/api/v1 for OpenRouter) or the base URL in the Skill Trainer settings.',
    );
    this.provider = provider;
    this.environmentVariable = environmentVariable;
  }
}
