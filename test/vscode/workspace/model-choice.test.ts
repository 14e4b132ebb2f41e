import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ApiKeyStore } from '../../../src/vscode/api-keys';
import { LanguageModelCatalog } from '../../../src/vscode/language-model-catalog';
import { ModelChoiceMemory } from '../../../src/vscode/model-choice-memory';
import { chooseModelsCommand, chooseRoleSpecs, SIMULATION_LABEL, type ModelSelectionInput } from '../../../src/vscode/model-selection';
import { readSettings } from '../../../src/vscode/settings';
import { setUserSettings } from '../support/shell-helpers';
import { waitFor } from '../support/skill-trainer-extension';

/** A workspace memento as VS Code keeps one. */
class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T {
    return (this.values.has(key) ? this.values.get(key) : defaultValue) as T;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

/** SecretStorage holding no key. */
const noSecrets: vscode.SecretStorage = {
  get: async () => undefined,
  store: async () => undefined,
  delete: async () => undefined,
  onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
};

/** The selection input as Optimize gives it, with no model set and no language model on offer. */
function selectionInput(memory: ModelChoiceMemory, notes: string[]): ModelSelectionInput {
  return {
    settings: { ...readSettings(), target: '', optimizer: '', judge: '' },
    catalog: new LanguageModelCatalog(async () => [], new vscode.EventEmitter<void>().event),
    apiKeys: new ApiKeyStore(noSecrets),
    needsJudge: true,
    purpose: 'train',
    title: 'Optimize Skill commit-messages',
    memory,
    note: (message) => notes.push(message),
  };
}

/** Closes the quick pick once it shows, until `pending` settles. */
async function dismissQuickPick<T>(pending: Promise<T>): Promise<T> {
  let settled = false;
  void pending.finally(() => (settled = true));
  await waitFor('the quick pick to be dismissed', async () => {
    if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    return settled;
  });
  return pending;
}

// The model quick pick's answer is remembered for the workspace: the next Optimize
// does not ask again; settings still win; a language model that went away asks again.
describe('the models remembered for the workspace', () => {
  it('uses the remembered simulation without asking, and says so in the log', async () => {
    const memory = new ModelChoiceMemory(new MemoryMemento());
    await memory.remember({ spec: 'sim:demo', label: SIMULATION_LABEL });
    const notes: string[] = [];
    const specs = await chooseRoleSpecs(selectionInput(memory, notes));
    assert.deepEqual(specs, { target: 'sim:demo', optimizer: 'sim:demo', judge: 'sim:demo' });
    assert.equal(notes.length, 1);
    assert.match(notes[0]!, /sim:demo .*chosen earlier for this workspace; "Skill Trainer: Choose Models" changes it/);
  });

  it('lets the settings win over the remembered choice', async () => {
    const memory = new ModelChoiceMemory(new MemoryMemento());
    await memory.remember({ spec: 'sim:demo', label: SIMULATION_LABEL });
    const input = selectionInput(memory, []);
    const specs = await chooseRoleSpecs({ ...input, settings: { ...input.settings, target: 'sim:from-settings' } });
    assert.deepEqual(specs, { target: 'sim:from-settings', optimizer: 'sim:from-settings', judge: 'sim:from-settings' });
  });

  it('asks again when the remembered language model is no longer offered, and keeps the choice when the person dismisses the question', async () => {
    const memory = new ModelChoiceMemory(new MemoryMemento());
    await memory.remember({ spec: 'copilot:gone-model', label: 'Gone' });
    const specs = await dismissQuickPick(chooseRoleSpecs(selectionInput(memory, [])));
    assert.equal(specs, undefined);
    assert.deepEqual(memory.get(), { spec: 'copilot:gone-model', label: 'Gone' });
  });

  it('Choose Models points to the settings while skillTrainer.target is set', async () => {
    const restore = await setUserSettings({ target: 'sim:demo' });
    try {
      const memory = new ModelChoiceMemory(new MemoryMemento());
      const outcome = await chooseModelsCommand({ catalog: new LanguageModelCatalog(async () => [], new vscode.EventEmitter<void>().event), apiKeys: new ApiKeyStore(noSecrets), memory });
      assert.deepEqual(outcome, { kind: 'from-settings', target: 'sim:demo' });
      assert.equal(memory.get(), undefined);
    } finally {
      await restore();
    }
  });

  it('Choose Models asks without using the remembered choice, and a dismissed question changes nothing', async () => {
    const memory = new ModelChoiceMemory(new MemoryMemento());
    await memory.remember({ spec: 'sim:demo', label: SIMULATION_LABEL });
    const outcome = await dismissQuickPick(
      chooseModelsCommand({ catalog: new LanguageModelCatalog(async () => [], new vscode.EventEmitter<void>().event), apiKeys: new ApiKeyStore(noSecrets), memory }),
    );
    assert.deepEqual(outcome, { kind: 'cancelled' });
    assert.deepEqual(memory.get(), { spec: 'sim:demo', label: SIMULATION_LABEL });
  });
});
