/**
 * Which models a run uses. Settings first (`skillTrainer.target`, `optimizer`,
 * `judge`). With none set: the choice remembered for this workspace, else a quick pick
 * of VS Code's language models when it offers some (Copilot), a provider to set up
 * (its key and model), or the simulated world — clearly labelled as a simulation.
 * Picking a language model or the simulation is remembered for the workspace
 * (`Skill Trainer: Choose Models` asks again); a provider is saved as the target setting.
 */
import * as vscode from 'vscode';
import { isAgentCliProvider, parseModelSpec } from '../core/models';
import { setApiKey } from './api-key-commands';
import { API_KEY_ENVIRONMENT_VARIABLES, isApiKeyProvider, type ApiKeyStore } from './api-keys';
import type { LanguageModelCatalog } from './language-model-catalog';
import { LANGUAGE_MODEL_PROVIDER } from './language-model-chat-model';
import type { ModelChoiceMemory, RememberedModels } from './model-choice-memory';
import type { RoleSpecs } from './run-models';
import { SETTINGS_SECTION, SettingsError, type SkillTrainerSettings } from './settings';

/** The spec every role uses when the person picks the simulation. */
export const SIMULATION_SPEC = 'sim:demo';
/** The label of the simulation in the quick pick (the browser tests choose it by name). */
export const SIMULATION_LABEL = 'Simulation — no real model';
/** The palette title of the command that asks again (named in messages). */
export const CHOOSE_MODELS_TITLE = 'Skill Trainer: Choose Models';

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
  /** The workspace's remembered choice: used when no setting names a model, updated after a pick. */
  readonly memory?: ModelChoiceMemory;
  /** Told which models a run uses when they come from the remembered choice (for the log). */
  readonly note?: (message: string) => void;
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
  /** One spec for every role (a language model or the simulation); remembered when picked. */
  readonly spec?: string;
  /** The name remembered with `spec`. */
  readonly name?: string;
  readonly provider?: string;
  /** "Ask each time": forget the remembered choice. */
  readonly forget?: true;
}

/** Model examples offered when a provider is set up from the quick pick. */
export const PROVIDER_SETUPS: readonly { provider: string; label: string; example: string }[] = [
  { provider: 'anthropic', label: 'Anthropic (Claude)', example: 'anthropic:claude-sonnet-4-5' },
  { provider: 'openai', label: 'OpenAI', example: 'openai:gpt-5-mini' },
  { provider: 'google', label: 'Google Gemini', example: 'google:gemini-2.5-flash' },
  { provider: 'ollama', label: 'Ollama (local)', example: 'ollama:llama3.1' },
];

/** The specs when one model plays every role (the judge only when needed). */
export function specsForAllRoles(spec: string, needsJudge: boolean): RoleSpecs {
  return { target: spec, optimizer: spec, judge: needsJudge ? spec : undefined };
}

/** True when the remembered model can still be used here (a language model may be gone). */
async function stillAvailable(choice: RememberedModels, catalog: LanguageModelCatalog): Promise<boolean> {
  let parsed: { provider: string; model: string };
  try {
    parsed = parseModelSpec(choice.spec);
  } catch {
    return false;
  }
  if (parsed.provider !== LANGUAGE_MODEL_PROVIDER) return true;
  return (await catalog.find(parsed.model)) !== undefined;
}

/**
 * The role specs for a run, or undefined when the person cancelled. Throws
 * SettingsError for unusable model settings.
 */
export async function chooseRoleSpecs(input: ModelSelectionInput): Promise<RoleSpecs | undefined> {
  const configured = specsFromSettings(input.settings, input.needsJudge);
  if (configured) return configured;

  const remembered = input.memory?.get();
  if (remembered && (await stillAvailable(remembered, input.catalog))) {
    input.note?.(`Models: ${remembered.spec} for every role (${remembered.label}, chosen earlier for this workspace; "${CHOOSE_MODELS_TITLE}" changes it).`);
    return specsForAllRoles(remembered.spec, input.needsJudge);
  }
  const picked = await pickModels(input, {
    title: `${input.title}: choose the models`,
    placeHolder: 'No model is set in skillTrainer.target. Which models should run, grade and edit the skill?',
  });
  if (!picked) return undefined;
  if (picked.spec) {
    await input.memory?.remember({ spec: picked.spec, label: picked.name ?? picked.spec });
    input.note?.(`Models: ${picked.spec} for every role, remembered for this workspace ("${CHOOSE_MODELS_TITLE}" changes it).`);
    return specsForAllRoles(picked.spec, input.needsJudge);
  }
  return picked.provider ? setUpProvider(picked.provider, input) : undefined;
}

/**
 * The quick pick of models: VS Code's language models, API providers to set up, the
 * simulation; `current` marks the remembered choice and adds "Ask each time".
 */
async function pickModels(
  input: Pick<ModelSelectionInput, 'catalog' | 'apiKeys'>,
  options: { title: string; placeHolder: string; current?: RememberedModels },
): Promise<ModelPickItem | undefined> {
  const current = (spec: string) => (options.current?.spec === spec ? ' · current choice' : '');
  const languageModels = await input.catalog.models();
  const items: ModelPickItem[] = [];
  if (languageModels.length > 0) {
    items.push({ label: 'VS Code language models', kind: vscode.QuickPickItemKind.Separator });
    for (const model of languageModels) {
      const spec = `${LANGUAGE_MODEL_PROVIDER}:${model.id}`;
      items.push({
        label: `$(copilot) ${model.name}`,
        description: `${spec}${current(spec)}`,
        detail: `${model.vendor} · up to ${model.maxInputTokens.toLocaleString('en-US')} input tokens · VS Code asks for your consent on first use`,
        spec,
        name: model.name,
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
    description: `${SIMULATION_SPEC}${current(SIMULATION_SPEC)}`,
    detail: 'A deterministic simulated target, judge and optimizer built from the skill\'s evals.json hints. Its scores say nothing about real models.',
    spec: SIMULATION_SPEC,
    name: SIMULATION_LABEL,
  });
  if (options.current) {
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: '$(question) Ask each time', detail: 'Forget the choice: the next Optimize or Evaluate asks which models to use.', forget: true });
  }
  return vscode.window.showQuickPick(items, { title: options.title, placeHolder: options.placeHolder, matchOnDescription: true, ignoreFocusOut: true });
}

/** What `Choose Models` did. */
export type ChooseModelsOutcome =
  | { readonly kind: 'chosen'; readonly spec: string }
  | { readonly kind: 'forgotten' }
  | { readonly kind: 'from-settings'; readonly target: string }
  | { readonly kind: 'cancelled' };

/**
 * `Skill Trainer: Choose Models`: asks which models runs use when no setting names
 * one, and remembers the answer for the workspace (or forgets it: "Ask each time").
 * With `skillTrainer.target` set, says that the settings decide and offers to open them.
 */
export async function chooseModelsCommand(input: Pick<ModelSelectionInput, 'catalog' | 'apiKeys'> & { memory: ModelChoiceMemory }): Promise<ChooseModelsOutcome> {
  const target = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('target', '').trim();
  if (target) {
    const open = 'Open Settings';
    void vscode.window
      .showInformationMessage(`Skill Trainer uses the models in your settings (skillTrainer.target is ${target}). Clear that setting to choose models here.`, open)
      .then((choice) => (choice === open ? vscode.commands.executeCommand('workbench.action.openSettings', `@ext:skill-trainer.skill-trainer ${SETTINGS_SECTION}.target`) : undefined));
    return { kind: 'from-settings', target };
  }
  const current = input.memory.get();
  const picked = await pickModels(input, {
    title: CHOOSE_MODELS_TITLE,
    placeHolder: current ? `Runs in this workspace use ${current.label} (${current.spec}). Choose other models:` : 'Which models should run, grade and edit your skills in this workspace?',
    current,
  });
  if (!picked) return { kind: 'cancelled' };
  if (picked.forget) {
    await input.memory.forget();
    return { kind: 'forgotten' };
  }
  if (picked.spec) {
    await input.memory.remember({ spec: picked.spec, label: picked.name ?? picked.spec });
    return { kind: 'chosen', spec: picked.spec };
  }
  if (!picked.provider) return { kind: 'cancelled' };
  const specs = await setUpProvider(picked.provider, { ...input, title: CHOOSE_MODELS_TITLE });
  if (!specs) return { kind: 'cancelled' };
  await input.memory.forget();
  return { kind: 'chosen', spec: specs.target };
}

/** Sets the provider's key when missing, asks for the model and saves it as the target setting. */
async function setUpProvider(provider: string, input: Pick<ModelSelectionInput, 'apiKeys' | 'title'> & { needsJudge?: boolean }): Promise<RoleSpecs | undefined> {
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
  return specsForAllRoles(spec.trim(), input.needsJudge ?? true);
}
