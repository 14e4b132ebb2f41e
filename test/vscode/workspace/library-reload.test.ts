import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { prepareLibrarySkills, readLibraryRun, viewOf } from '../../../src/core/library';
import { createSimulatedModel, createSimulatedWorld } from '../../../src/core/models';
import { listRuns } from '../../../src/core/store';
import { loadTaskSet } from '../../../src/core/tasks';
import { LibraryRuns, type LibraryRuntimeParts } from '../../../src/vscode/library/library-runs';
import { RunController } from '../../../src/vscode/run-controller';
import { TrainingStatusBar } from '../../../src/vscode/training-status-bar';
import { removeRunStore } from '../support/shell-helpers';
import { waitFor, workspaceFile } from '../support/skill-trainer-extension';

/** A workspace memento that outlives the objects using it, as VS Code's does across a reload. */
function memoryMemento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : (fallback as T)),
    update: async (key, value) => void (value === undefined ? values.delete(key) : values.set(key, value)),
  };
}

// A window closing (reload, crash of the extension host) during a library run: the run
// stops at safe points, the next window finds it in workspace state and resumes it;
// the skill that was training continues its own run, nothing is trained twice.
describe('Library runs across a window reload', function () {
  this.timeout(120_000);
  const log = vscode.window.createOutputChannel('Skill Trainer library reload test', { log: true });

  before(removeRunStore);
  after(async () => {
    log.dispose();
    await removeRunStore();
  });

  it('remembers the interrupted library run and resumes it in the next window', async () => {
    const memento = memoryMemento();
    const root = workspaceFile().fsPath;
    const worlds = new Map<string, ReturnType<typeof createSimulatedWorld>>();
    const runtime: LibraryRuntimeParts = {
      trusted: true,
      createModel: async (spec, skill) => {
        if (!worlds.has(skill.skillDirectory)) worlds.set(skill.skillDirectory, createSimulatedWorld(await loadTaskSet(skill.skillDirectory), { latencyMs: 20 }));
        return createSimulatedModel(spec, worlds.get(skill.skillDirectory)!);
      },
    };
    const window = () => {
      const statusBar = new TrainingStatusBar();
      const runs = new RunController({ log, statusBar, memento });
      return { runs, statusBar, library: new LibraryRuns({ runs, log, memento }) };
    };
    const first = window();
    const skills = await prepareLibrarySkills({
      workspaceRoot: root,
      skillDirectories: [workspaceFile('skills', 'commit-messages').fsPath],
      fallbackModels: { target: 'sim:demo', optimizer: 'sim:demo', judge: 'sim:demo' },
      trusted: true,
      flags: { training: { epochs: 1 } },
    });
    const libraryRunId = `lib-reload-${Date.now()}`;
    const done = first.library.start({ workspaceRoot: root, skills, libraryRunId, runtime, options: { parallel: 1, concurrency: 8, onlyChanged: false } });
    await waitFor('the skill to train', () => first.library.view?.skills[0]?.outcome.status === 'running', 30_000);
    // The window closes: everything it owns is disposed.
    first.library.dispose();
    first.runs.dispose();
    first.statusBar.dispose();
    const stopped = await done;
    assert.equal(stopped.status, 'cancelled');
    const [run] = await listRuns(root);
    assert.equal(run?.status, 'cancelled');

    const second = window();
    try {
      assert.deepEqual(second.library.interrupted(), { libraryRunId, workspaceRoot: root }, 'the next window finds the interrupted library run');
      const record = await readLibraryRun(root, libraryRunId);
      const resumed = await second.library.resume({ workspaceRoot: root, libraryRunId, skills: record.skills.map(viewOf), runtime });
      assert.equal(resumed.status, 'finished', JSON.stringify(resumed.skills));
      assert.equal(resumed.skills[0]?.runId, run?.id, 'the skill continued its own run');
      assert.equal((await listRuns(root)).length, 1, 'nothing trained twice');
      assert.equal(second.library.interrupted(), undefined, 'a finished library run is forgotten');
    } finally {
      second.library.dispose();
      second.runs.dispose();
      second.statusBar.dispose();
    }
  });
});
