/**
 * Which models a run uses. Settings first (`skillTrainer.target`, `optimizer`,
 * `judge`). With none set: VS Code's language models when it offers some (Copilot),
 * else a quick pick to set up a provider (its key and model) or to try the simulated
 * world — clearly labelled as a simulation.
 */
import * as vscode from 'vscode';
import { isAgentCliProvider, parseModelSpec } from '../core/models';
import { setApiKey } from './api-key-commands';
import { API_KEY_ENVIRONMENT_VARIABLES, isApiKeyProvider, type ApiKeyStore } from './api-keys';
import type { LanguageModelCatalog } from './language-model-catalog';
import { LANGUAGE_MODEL_PROVIDER } from './language-model-chat-model';
import type { RoleSpecs } from './run-models';
import { SETTINGS_SECTION, SettingsError, type SkillTrainerSettings } from './settings';

/** The spec every role uses when the person picks the simulation. */
export const SIMULATION_SPEC = 'sim:demo';
/** The label of the simulation in the quick pick (the browser tests choose it by name). */
export const SIMULATION_LABEL = 'Simulation — no real model';

export interface ModelSelectionInput {
  readonly settings: SkillTrainerSettings;
  readonly catalog: LanguageModelCatalog;
  readonly apiKeys: ApiKeyStore;
  /** Some task has rubric criteria (or a bare expected output): a judge is needed. */
  readonly needsJudge: boolean;
  /** Whether the optimizer is needed (training) or only target and judge (evaluation). */
  readonly purpose: 'train' | 'evaluate';
  /** For titles: "Optimize commit-messages". */
  readonly title: string;
}

/** The specs from settings: optimizer defaults to target, judge to optimizer. */
export function specsFromSettings(settings: SkillTrainerSettings, needsJudge: boolean): RoleSpecs | undefined {
  if (!settings.target) return undefined;
  const optimizer = settings.optimizer || settings.target;
  if (isAgentCliProvider(parseModelSpec(optimizer).provider)) {
    throw new SettingsError(
      `${SETTINGS_SECTION}.optimizer`,
      `names an agent CLI ('${optimizer}'${settings.optimizer ? '' : ', taken from skillTrainer.target'}), which can run tasks but not propose edits; set it to an API model such as anthropic:claude-sonnet-4-5`,
    );
  }
  const judge = settings.judge || optimizer;
  return { target: settings.target, optimizer, judge: needsJudge ? judge : undefined };
}

interface ModelPickItem extends vscode.QuickPickItem {
  readonly specs?: (needsJudge: boolean) => RoleSpecs;
  readonly provider?: string;
}

function sameModelForAll(spec: string): (needsJudge: boolean) => RoleSpecs {
  return (needsJudge) => ({ target: spec, optimizer: spec, judge: needsJudge ? spec : undefined });
}

/** Model examples offered when a provider is set up from the quick pick. */
const PROVIDER_SETUPS: readonly { provider: string; label: string; example: string }[] = [
  { provider: 'anthropic', label: 'Anthropic (Claude)', example: 'anthropic:claude-sonnet-4-5' },
  { provider: 'openai', label: 'OpenAI', example: 'openai:gpt-5-mini' },
  { provider: 'google', label: 'Google Gemini', example: 'google:gemini-2.5-flash' },
  { provider: 'ollama', label: 'Ollama (local)', example: 'ollama:llama3.1' },
];

/**
 * The role specs for a run, or undefined when the person cancelled. Throws
 * SettingsError for unusable model settings.
 */
export async function chooseRoleSpecs(input: ModelSelectionInput): Promise<RoleSpecs | undefined> {
  const configured = specsFromSettings(input.settings, input.needsJudge);
  if (configured) return configured;

  const languageModels = await input.catalog.models();
  const items: ModelPickItem[] = [];
  if (languageModels.length > 0) {
    items.push({ label: 'VS Code language models', kind: vscode.QuickPickItemKind.Separator });
    for (const model of languageModels) {
      const spec = `${LANGUAGE_MODEL_PROVIDER}:${model.id}`;
      items.push({
        label: `$(copilot) ${model.name}`,
        description: spec,
        detail: `${model.vendor} · up to ${model.maxInputTokens.toLocaleString('en-US')} input tokens · VS Code asks for your consent on first use`,
        specs: sameModelForAll(spec),
      });
    }
  }
  items.push({ label: 'API providers', kind: vscode.QuickPickItemKind.Separator });
  for (const setup of PROVIDER_SETUPS) {
    const provider = setup.provider;
    const needsKey = isApiKeyProvider(provider);
    const hasKey = needsKey && ((await input.apiKeys.has(provider)) || Boolean(process.env[API_KEY_ENVIRONMENT_VARIABLES[provider]]));
    items.push({
      label: `$(key) ${setup.label}`,
      description: !needsKey ? 'no key needed' : hasKey ? 'key available' : 'set an API key',
      detail: `Uses ${setup.example} for every role and saves it as skillTrainer.target (change it in Settings).`,
      provider: setup.provider,
    });
  }
  items.push({ label: 'Offline', kind: vscode.QuickPickItemKind.Separator });
  items.push({
    label: `$(beaker) ${SIMULATION_LABEL}`,
    description: SIMULATION_SPEC,
    detail: 'A deterministic simulated target, judge and optimizer built from the skill\'s evals.json hints. Its scores say nothing about real models.',
    specs: sameModelForAll(SIMULATION_SPEC),
  });

  const picked = await vscode.window.showQuickPick(items, {
    title: `${input.title}: choose the models`,
    placeHolder: 'No model is set in skillTrainer.target. Which models should run, grade and edit the skill?',
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.specs) return picked.specs(input.needsJudge);
  return picked.provider ? setUpProvider(picked.provider, input) : undefined;
}

/** Sets the provider's key when missing, asks for the model and saves it as the target setting. */
async function setUpProvider(provider: string, input: ModelSelectionInput): Promise<RoleSpecs | undefined> {
  const setup = PROVIDER_SETUPS.find((candidate) => candidate.provider === provider)!;
  if (isApiKeyProvider(provider) && !(await input.apiKeys.has(provider)) && !process.env[API_KEY_ENVIRONMENT_VARIABLES[provider]]) {
    if (!(await setApiKey(input.apiKeys, provider))) return undefined;
  }
  const spec = await vscode.window.showInputBox({
    title: `${input.title}: ${setup.label} model`,
    prompt: 'Model spec (provider:model), saved as skillTrainer.target in your user settings',
    value: setup.example,
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        return parseModelSpec(value).provider === provider ? undefined : `Start with ${provider}:`;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (!spec) return undefined;
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('target', spec.trim(), vscode.ConfigurationTarget.Global);
  return sameModelForAll(spec.trim())(input.needsJudge);
}
