import type * as vscode from 'vscode';

/** Registers everything the extension contributes; does no work until asked. */
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
