import { type ApiKeyStore, isApiKeyProvider } from './api-keys';

/**
 * What `activate()` returns to other extensions (and to the integration tests) via
 * `vscode.extensions.getExtension('skill-trainer.skill-trainer').exports`.
 * It never hands out a key itself: any extension can read these exports.
 */
export interface SkillTrainerApi {
  /** True when an API key for `provider` (anthropic, openai, google) is stored. */
  hasApiKey(provider: string): Promise<boolean>;
}

export function createExtensionApi(apiKeys: ApiKeyStore): SkillTrainerApi {
  return {
    hasApiKey: async (provider) => isApiKeyProvider(provider) && (await apiKeys.has(provider)),
  };
}
