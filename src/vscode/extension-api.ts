import { type ApiKeyStore, isApiKeyProvider } from './api-keys';
import type { SkillRunState } from './run-events';
import type { SkillSummary } from './skill-summary';

/** A skill as the Skills view shows it, in plain data. */
export interface SkillInfo {
  readonly name: string;
  /** Absolute path of the SKILL.md. */
  readonly path: string;
  readonly taskCount?: number;
  /** The last run's best validation score (0..1), if any. */
  readonly lastValidationScore?: number;
  readonly lastRunId?: string;
  readonly state: SkillRunState;
  /** The Skills view row's description, e.g. "24 tasks · val 0.83 · training". */
  readonly description: string;
}

/**
 * What `activate()` returns to other extensions (and to the integration tests) via
 * `vscode.extensions.getExtension('skill-trainer.skill-trainer').exports`.
 * It never hands out a key itself: any extension can read these exports.
 */
export interface SkillTrainerApi {
  /** True when an API key for `provider` (anthropic, openai, google, openai-compatible) is stored. */
  hasApiKey(provider: string): Promise<boolean>;
  /** Every skill the Skills view lists, with its tasks, last score and run state. */
  listSkills(): Promise<SkillInfo[]>;
}

export interface ExtensionApiParts {
  readonly apiKeys: ApiKeyStore;
  readonly listSkills: () => Promise<SkillSummary[]>;
  readonly describe: (summary: SkillSummary) => string;
}

export function createExtensionApi(parts: ExtensionApiParts): SkillTrainerApi {
  return {
    hasApiKey: async (provider) => isApiKeyProvider(provider) && (await parts.apiKeys.has(provider)),
    listSkills: async () =>
      (await parts.listSkills()).map((summary) => ({
        name: summary.name,
        path: summary.uri.fsPath,
        taskCount: summary.taskCount,
        lastValidationScore: summary.lastValidationScore,
        lastRunId: summary.lastRun?.id,
        state: summary.state,
        description: parts.describe(summary),
      })),
  };
}
