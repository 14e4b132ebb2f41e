import type * as vscode from 'vscode';
import { apiKeysFromEnvironment, type ApiKeys } from '../core/models';

/** Model providers whose API keys Skill Trainer keeps in SecretStorage. */
export const API_KEY_PROVIDERS = ['anthropic', 'openai', 'google', 'openai-compatible'] as const;
/** One of {@link API_KEY_PROVIDERS}. */
export type ApiKeyProvider = (typeof API_KEY_PROVIDERS)[number];

/** The environment variable each provider's SDK reads when no key is stored. */
export const API_KEY_ENVIRONMENT_VARIABLES: Record<ApiKeyProvider, string> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  google: 'GEMINI_API_KEY',
  'openai-compatible': 'OPENAI_COMPATIBLE_API_KEY',
};

export function isApiKeyProvider(value: unknown): value is ApiKeyProvider {
  return typeof value === 'string' && (API_KEY_PROVIDERS as readonly string[]).includes(value);
}

/**
 * The SecretStorage key of a provider's API key. Stable across versions: changing it
 * would silently forget every key users have stored.
 */
export function apiKeySecretName(provider: ApiKeyProvider): string {
  return `skillTrainer.apiKey.${provider}`;
}

/**
 * API keys per provider in VS Code's SecretStorage (the OS keychain on desktop).
 * Keys never go to settings, logs or run files.
 */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** The stored key, or undefined when none is stored. */
  get(provider: ApiKeyProvider): Thenable<string | undefined> {
    return this.secrets.get(apiKeySecretName(provider));
  }

  async has(provider: ApiKeyProvider): Promise<boolean> {
    return (await this.get(provider)) !== undefined;
  }

  store(provider: ApiKeyProvider, key: string): Thenable<void> {
    return this.secrets.store(apiKeySecretName(provider), key);
  }

  delete(provider: ApiKeyProvider): Thenable<void> {
    return this.secrets.delete(apiKeySecretName(provider));
  }

  /** Fires with the provider whose key was stored or deleted (in this or another window). */
  onDidChange(listener: (provider: ApiKeyProvider) => void): vscode.Disposable {
    return this.secrets.onDidChange((event) => {
      const provider = API_KEY_PROVIDERS.find((p) => apiKeySecretName(p) === event.key);
      if (provider) listener(provider);
    });
  }
}

/**
 * The keys to hand the model factory: SecretStorage first, then the environment
 * (the variables each SDK documents). Nothing here is logged or written anywhere.
 */
export async function resolveApiKeys(
  store: ApiKeyStore,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ApiKeys> {
  const keys: ApiKeys = apiKeysFromEnvironment(environment);
  for (const provider of API_KEY_PROVIDERS) {
    const stored = (await store.get(provider))?.trim();
    if (stored) keys[provider] = stored;
  }
  return keys;
}
