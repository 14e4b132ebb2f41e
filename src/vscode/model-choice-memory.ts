/**
 * The models a person picked in the model quick pick (the simulation or one of VS
 * Code's language models), remembered for the workspace so the next Optimize or
 * Evaluate does not ask again. Settings still win: this is only the answer to "no
 * model is set". `Skill Trainer: Choose Models` asks again and replaces it.
 */
import type * as vscode from 'vscode';

/** workspaceState key of the remembered choice. */
const MODEL_CHOICE_KEY = 'skillTrainer.chosenModels';

/** A remembered answer: one spec for every role. */
export interface RememberedModels {
  /** The spec used for target, optimizer and judge, e.g. `sim:demo` or `copilot:gpt-4o`. */
  readonly spec: string;
  /** What the quick pick called it, for messages ("Simulation — no real model"). */
  readonly label: string;
}

function isRememberedModels(value: unknown): value is RememberedModels {
  const candidate = value as Partial<RememberedModels> | undefined;
  return typeof candidate?.spec === 'string' && candidate.spec.length > 0 && typeof candidate.label === 'string';
}

/** The remembered choice in a workspace memento (`context.workspaceState`). */
export class ModelChoiceMemory {
  constructor(private readonly memento: vscode.Memento) {}

  /** The remembered choice; undefined when none (or when what is stored is not one). */
  get(): RememberedModels | undefined {
    const stored = this.memento.get<unknown>(MODEL_CHOICE_KEY);
    return isRememberedModels(stored) ? stored : undefined;
  }

  async remember(choice: RememberedModels): Promise<void> {
    await this.memento.update(MODEL_CHOICE_KEY, { spec: choice.spec, label: choice.label });
  }

  /** Forgets the choice: the next run asks again. */
  async forget(): Promise<void> {
    await this.memento.update(MODEL_CHOICE_KEY, undefined);
  }
}
