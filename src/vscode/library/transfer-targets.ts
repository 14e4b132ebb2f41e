/**
 * The targets a transfer check asks about: the models in the settings and the run's
 * own, VS Code's language models, providers whose key is set (with an example model),
 * the simulated world, and any other spec typed in. Several can be ticked.
 */
import * as vscode from 'vscode';
import { parseModelSpec } from '../../core/models';
import { API_KEY_ENVIRONMENT_VARIABLES, isApiKeyProvider, type ApiKeyStore } from '../api-keys';
import type { LanguageModelCatalog } from '../language-model-catalog';
import { LANGUAGE_MODEL_PROVIDER } from '../language-model-chat-model';
import { PROVIDER_SETUPS, SIMULATION_SPEC } from '../model-selection';
import type { SkillTrainerSettings } from '../settings';

interface TargetItem extends vscode.QuickPickItem {
  readonly spec?: string;
  readonly other?: true;
}

/** A second simulated model, so two `sim:` targets can be compared without any key. */
const SECOND_SIMULATION_SPEC = 'sim:other';

/** Specs in the order offered, each once, with where it came from. */
async function offeredTargets(input: { settings: SkillTrainerSettings; catalog: LanguageModelCatalog; apiKeys: ApiKeyStore; runModels: { target: string; optimizer: string; judge?: string } }): Promise<TargetItem[]> {
  const items: TargetItem[] = [];
  const seen = new Set<string>();
  const add = (section: string | undefined, spec: string, description: string, picked = false) => {
    if (seen.has(spec)) return;
    seen.add(spec);
    if (section && !items.some((item) => item.kind === vscode.QuickPickItemKind.Separator && item.label === section)) items.push({ label: section, kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: spec, description, spec, picked });
  };
  add('This run and the settings', input.runModels.target, "the run's target (trained on it)", true);
  for (const [key, label] of [['target', 'skillTrainer.target'], ['optimizer', 'skillTrainer.optimizer'], ['judge', 'skillTrainer.judge']] as const) {
    const spec = input.settings[key];
    if (spec) add('This run and the settings', spec, label);
  }
  for (const model of await input.catalog.models()) add('VS Code language models', `${LANGUAGE_MODEL_PROVIDER}:${model.id}`, `${model.name} · ${model.vendor}`);
  for (const setup of PROVIDER_SETUPS) {
    const provider = setup.provider;
    // Offered when usable now: a key is set, or (Ollama) its server is configured.
    const usable = isApiKeyProvider(provider)
      ? (await input.apiKeys.has(provider)) || Boolean(process.env[API_KEY_ENVIRONMENT_VARIABLES[provider]])
      : provider === 'ollama' && Boolean(input.settings['baseUrls.ollama'] || process.env.OLLAMA_HOST);
    if (usable) add('Providers', setup.example, `${setup.label}${isApiKeyProvider(provider) ? ' · key set' : ''}`);
  }
  add('Simulation — no real model', SIMULATION_SPEC, 'simulated model, for trying the check out');
  add('Simulation — no real model', SECOND_SIMULATION_SPEC, 'a second simulated model');
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(edit) Other model specs…', description: 'type provider:model, comma-separated', other: true });
  return items;
}

/** Asks for the targets; undefined when the person cancelled. */
export async function chooseTransferTargets(input: Parameters<typeof offeredTargets>[0] & { title: string }): Promise<string[] | undefined> {
  const picked = await vscode.window.showQuickPick(await offeredTargets(input), {
    title: input.title,
    placeHolder: 'Which models should the trained skill be checked on? (tick several)',
    canPickMany: true,
    matchOnDescription: true,
  });
  if (!picked || picked.length === 0) return undefined;
  const specs = picked.flatMap((item) => (item.spec ? [item.spec] : []));
  if (picked.some((item) => item.other)) {
    const typed = await vscode.window.showInputBox({
      title: input.title,
      prompt: 'Model specs to check, comma-separated (provider:model, or an agent CLI such as claude-code)',
      placeHolder: 'openai:gpt-5-mini, google:gemini-2.5-flash',
      validateInput: (value) => {
        for (const spec of value.split(',').map((part) => part.trim()).filter(Boolean)) {
          try {
            parseModelSpec(spec);
          } catch (error) {
            return (error as Error).message;
          }
        }
        return undefined;
      },
    });
    if (typed === undefined) return undefined;
    specs.push(...typed.split(',').map((part) => part.trim()).filter(Boolean));
  }
  return [...new Set(specs)];
}
