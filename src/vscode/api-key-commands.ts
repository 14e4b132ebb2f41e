import * as vscode from 'vscode';
import {
  API_KEY_ENVIRONMENT_VARIABLES,
  API_KEY_PROVIDERS,
  type ApiKeyProvider,
  type ApiKeyStore,
  isApiKeyProvider,
} from './api-keys';

/**
 * `Skill Trainer: Set API Key`: asks for the provider (quick pick) and the key
 * (password input), then stores it. Automation (tests, other extensions) may pass
 * both as arguments to skip the prompts. Returns the provider stored, or undefined
 * when the person cancelled.
 */
export async function setApiKey(
  store: ApiKeyStore,
  providerArgument?: unknown,
  keyArgument?: unknown,
): Promise<ApiKeyProvider | undefined> {
  const provider = await resolveProvider(providerArgument, 'Store an API key for which provider?');
  if (!provider) return undefined;
  const key =
    typeof keyArgument === 'string'
      ? keyArgument
      : await vscode.window.showInputBox({
          title: `Skill Trainer: API key for ${provider}`,
          prompt: `Stored in VS Code's secret storage. Without it, ${API_KEY_ENVIRONMENT_VARIABLES[provider]} is used.`,
          password: true,
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() === '' ? 'Enter a key, or press Escape to cancel.' : undefined),
        });
  if (key === undefined) return undefined;
  if (key.trim() === '') {
    throw new Error(`Skill Trainer: the API key for ${provider} is empty; nothing was stored.`);
  }
  await store.store(provider, key.trim());
  void vscode.window.showInformationMessage(`Skill Trainer: API key for ${provider} stored.`);
  return provider;
}

/**
 * `Skill Trainer: Clear API Key`: removes a provider's stored key. Returns the
 * provider cleared, or undefined when the person cancelled.
 */
export async function clearApiKey(store: ApiKeyStore, providerArgument?: unknown): Promise<ApiKeyProvider | undefined> {
  const provider = await resolveProvider(providerArgument, 'Remove the stored API key of which provider?');
  if (!provider) return undefined;
  await store.delete(provider);
  void vscode.window.showInformationMessage(`Skill Trainer: API key for ${provider} removed.`);
  return provider;
}

async function resolveProvider(argument: unknown, placeHolder: string): Promise<ApiKeyProvider | undefined> {
  if (argument !== undefined) {
    if (isApiKeyProvider(argument)) return argument;
    throw new Error(
      `Skill Trainer: unknown API key provider ${JSON.stringify(argument)}; use one of ${API_KEY_PROVIDERS.join(', ')}.`,
    );
  }
  const picked = await vscode.window.showQuickPick(
    API_KEY_PROVIDERS.map((provider) => ({ label: provider, description: API_KEY_ENVIRONMENT_VARIABLES[provider] })),
    { title: 'Skill Trainer: API key', placeHolder },
  );
  return picked?.label as ApiKeyProvider | undefined;
}
