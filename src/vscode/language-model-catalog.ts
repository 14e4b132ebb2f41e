import * as vscode from 'vscode';

/** How the catalog asks VS Code for models; replaceable in tests. */
export type SelectChatModels = (selector?: vscode.LanguageModelChatSelector) => Thenable<vscode.LanguageModelChat[]>;

/**
 * The language models VS Code offers (Copilot and other extensions' models), listed
 * on demand and listed again whenever `lm.onDidChangeChatModels` fires — the list is
 * empty until Copilot has signed in, and changes when models come and go.
 */
export class LanguageModelCatalog implements vscode.Disposable {
  private cached: Promise<vscode.LanguageModelChat[]> | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;

  /** Fires after the models on offer changed (the next `models()` lists them again). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly select: SelectChatModels = (selector) => vscode.lm.selectChatModels(selector),
    onDidChangeChatModels: vscode.Event<void> = vscode.lm.onDidChangeChatModels,
  ) {
    this.subscription = onDidChangeChatModels(() => {
      this.cached = undefined;
      this.changeEmitter.fire();
    });
  }

  /** Every model on offer now; empty when none (no Copilot, signed out) or listing failed. */
  models(): Promise<vscode.LanguageModelChat[]> {
    this.cached ??= Promise.resolve(this.select()).then(
      (models) => models,
      () => [],
    );
    return this.cached;
  }

  /**
   * The model a `copilot:<model>` spec names: matched by id first, then by family,
   * Copilot's own before other vendors'. Undefined when none matches.
   */
  async find(model: string): Promise<vscode.LanguageModelChat | undefined> {
    const models = await this.models();
    const byVendor = (candidates: vscode.LanguageModelChat[]) =>
      candidates.find((candidate) => candidate.vendor === 'copilot') ?? candidates[0];
    return (
      byVendor(models.filter((candidate) => candidate.id === model)) ??
      byVendor(models.filter((candidate) => candidate.family === model))
    );
  }

  /** Forgets the list, so the next call asks VS Code again. */
  invalidate(): void {
    this.cached = undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
