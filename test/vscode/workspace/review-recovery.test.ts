import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ReviewRecovery } from '../../../src/vscode/review/review-recovery';

/** A workspace state that lives in the test (the extension's own is not reachable). */
function memoryMemento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : (fallback as T)),
    update: async (key: string, value: unknown) => void values.set(key, value),
  };
}

function skillFile(text: string): vscode.Uri {
  const folder = join(mkdtempSync(join(tmpdir(), 'skill-trainer-recovery-')), 'demo');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'SKILL.md'), text);
  return vscode.Uri.file(join(folder, 'SKILL.md'));
}

// A window that closed during a review left its proposals in the file (auto-save wrote
// them): the next window puts the file back, unless the person changed it since.
describe('reviews a closed window left open', () => {
  const log = vscode.window.createOutputChannel('Skill Trainer recovery test', { log: true });
  after(() => log.dispose());

  it('takes the undecided proposals back out of the file, on disk', async () => {
    const recovery = new ReviewRecovery(memoryMemento());
    const uri = skillFile('# Demo\n\n- a\n- proposed\n- b\n');
    await recovery.remember(uri, { restoreText: '# Demo\n\n- a\n- b\n', lastText: '# Demo\n\n- a\n- proposed\n- b\n', title: 'Step 2 (epoch 1)' });
    assert.deepEqual((await recovery.recover(log)).map((restored) => restored.fsPath), [uri.fsPath]);
    assert.equal(readFileSync(uri.fsPath, 'utf8'), '# Demo\n\n- a\n- b\n');
    assert.deepEqual(recovery.records(), {}, 'the record is gone');
  });

  it('leaves a file the person changed since as it is', async () => {
    const recovery = new ReviewRecovery(memoryMemento());
    const uri = skillFile('# Demo\n\n- a\n- proposed, then reworded by hand\n- b\n');
    await recovery.remember(uri, { restoreText: '# Demo\n\n- a\n- b\n', lastText: '# Demo\n\n- a\n- proposed\n- b\n', title: 'Step 2 (epoch 1)' });
    assert.deepEqual(await recovery.recover(log), []);
    assert.equal(readFileSync(uri.fsPath, 'utf8'), '# Demo\n\n- a\n- proposed, then reworded by hand\n- b\n');
    assert.deepEqual(recovery.records(), {});
  });
});
