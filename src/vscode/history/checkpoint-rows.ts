/**
 * The Checkpoints view as plain data, read through its TreeDataProvider exactly as
 * the view reads it: what the internal `skillTrainer.checkpoints.rows` command
 * answers, for tests and other extensions.
 */
import * as vscode from 'vscode';
import type { CheckpointTreeNode } from './checkpoint-nodes';
import type { CheckpointsTreeProvider } from './checkpoints-tree-provider';

/** One row as drawn. */
export interface CheckpointRow {
  readonly label: string;
  readonly description?: string;
  /** Codicon id and theme colour id of the icon, e.g. `star-full` / `charts.yellow`. */
  readonly icon?: { readonly id: string; readonly color?: string };
  readonly contextValue?: string;
  readonly tooltip?: string;
  /** The click: command id and its arguments (URIs as strings). */
  readonly command?: { readonly id: string; readonly arguments: unknown[] };
  /** What a menu command on this row receives. */
  readonly element: { readonly type: string; readonly runId?: string; readonly step?: number; readonly file?: string; readonly skillUri?: string; readonly workspaceRoot?: string };
  readonly children: CheckpointRow[];
}

function plain(value: unknown): unknown {
  if (value instanceof vscode.Uri) return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  return value;
}

function labelText(label: vscode.TreeItem['label']): string {
  if (label === undefined) return '';
  return typeof label === 'string' ? label : label.label;
}

async function rowOf(provider: CheckpointsTreeProvider, node: CheckpointTreeNode): Promise<CheckpointRow> {
  const item = provider.getTreeItem(node);
  const icon = item.iconPath instanceof vscode.ThemeIcon ? { id: item.iconPath.id, color: item.iconPath.color?.id } : undefined;
  const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
  const fields = node as { runId?: string; step?: number; file?: string; skillUri?: vscode.Uri; workspaceRoot?: string };
  return {
    label: labelText(item.label),
    description: typeof item.description === 'string' ? item.description : undefined,
    icon,
    contextValue: item.contextValue,
    tooltip,
    command: item.command ? { id: item.command.command, arguments: (item.command.arguments ?? []).map(plain) } : undefined,
    element: { type: node.type, runId: fields.runId, step: fields.step, file: fields.file, skillUri: fields.skillUri?.toString(), workspaceRoot: fields.workspaceRoot },
    children: await Promise.all((await provider.getChildren(node)).map((child) => rowOf(provider, child))),
  };
}

/** Every row of the view, nested as shown (all levels, collapsed or not). */
export async function checkpointRows(provider: CheckpointsTreeProvider): Promise<CheckpointRow[]> {
  return Promise.all((await provider.getChildren()).map((node) => rowOf(provider, node)));
}
