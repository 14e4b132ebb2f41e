/**
 * Read-only documents of checkpoints. A checkpoint never changes once written, so its
 * URI is immutable: `skill-trainer-checkpoint:/<run id>/<file>/SKILL.md?root=<store folder>`.
 * The path ends in `SKILL.md` so editors and diffs highlight Markdown; the text comes
 * from the run store, never from the URI.
 */
import * as vscode from 'vscode';
import { readCheckpointText } from '../../core/store';

export const CHECKPOINT_SCHEME = 'skill-trainer-checkpoint';

/** Which checkpoint a URI names. */
export interface CheckpointAddress {
  /** The folder holding `.skill-trainer/`. */
  readonly workspaceRoot: string;
  readonly runId: string;
  /** File name in the run's `checkpoints/` folder, e.g. `step-0003.md`. */
  readonly file: string;
}

/** Run ids and checkpoint names are `[A-Za-z0-9._-]`; anything else is not ours. */
const SAFE_SEGMENT = /^[A-Za-z0-9._-]+$/;

export function checkpointUri(address: CheckpointAddress): vscode.Uri {
  const stem = address.file.replace(/\.md$/, '');
  return vscode.Uri.from({
    scheme: CHECKPOINT_SCHEME,
    path: `/${address.runId}/${stem}/SKILL.md`,
    query: new URLSearchParams({ root: address.workspaceRoot }).toString(),
  });
}

/** The checkpoint a URI of this scheme names; undefined for any other URI. */
export function parseCheckpointUri(uri: vscode.Uri): CheckpointAddress | undefined {
  if (uri.scheme !== CHECKPOINT_SCHEME) return undefined;
  const [, runId, stem, name] = uri.path.split('/');
  const workspaceRoot = new URLSearchParams(uri.query).get('root');
  if (!runId || !stem || name !== 'SKILL.md' || !workspaceRoot) return undefined;
  if (!SAFE_SEGMENT.test(runId) || !SAFE_SEGMENT.test(stem)) return undefined;
  return { workspaceRoot, runId, file: `${stem}.md` };
}

/** Serves checkpoint texts from the run store. */
export class CheckpointContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const address = parseCheckpointUri(uri);
    if (!address) throw new Error(`${uri.toString()} does not name a Skill Trainer checkpoint.`);
    try {
      return await readCheckpointText(address.workspaceRoot, address.runId, address.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // Shown as the document's text: an error here would leave an empty editor.
      return `<!-- Checkpoint ${address.file} of run ${address.runId} is no longer in ${address.workspaceRoot}/.skill-trainer (the run was deleted). -->\n`;
    }
  }
}

export function registerCheckpointContentProvider(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(CHECKPOINT_SCHEME, new CheckpointContentProvider());
}
